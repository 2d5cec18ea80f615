/* ValueMap/Values: parsed into entries (values and ranges) for code
 * generation, and checked: equal counts, integers of the element's type in
 * any MOF base, ranges "a..b", "..b", "a..", "..", no duplicates, no
 * overlaps. String ValueMaps on string elements are kept as strings. */
#include "schema/check.h"
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

typedef struct bound { bool neg; uint64_t mag; } bound;

/* Parses one integer in decimal, hex (0x), binary (b suffix) or octal
 * (leading 0), with an optional sign. */
static bool parse_int(const char *s, size_t n, bound *out)
{
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (!n)
        return false;
    out->neg = false;
    if (*s == '+' || *s == '-') {
        out->neg = *s == '-';
        s++, n--;
    }
    if (!n)
        return false;
    unsigned base = 10;
    if (n > 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
        base = 16; s += 2; n -= 2;
    } else if (n > 1 && (s[n - 1] | 0x20) == 'b') {
        base = 2; n--;
    } else if (n > 1 && s[0] == '0') {
        base = 8;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') d = (c | 0x20) - 'a' + 10;
        else return false;
        if ((unsigned)d >= base || v > (UINT64_MAX - (unsigned)d) / base)
            return false;
        v = v * base + (unsigned)d;
    }
    out->mag = v;
    if (out->neg && v == 0)
        out->neg = false;
    return true;
}

static uint64_t bits(bound x) { return x.neg ? (uint64_t)0 - x.mag : x.mag; }

static bool less_eq(const model_valuemap *m, uint64_t a, uint64_t b)
{
    return m->is_signed ? (int64_t)a <= (int64_t)b : a <= b;
}

static const ast_value *entry_value(const ast_value *v, size_t i)
{
    return v->kind == VAL_ARRAY ? v->u.arr.items[i] : v;
}

static size_t count(const ast_value *v)
{
    if (!v || v->kind == VAL_NULL) return 0;
    return v->kind == VAL_ARRAY ? v->u.arr.n : 1;
}

const model_valuemap *valuemap_build(builder *b, const model_quals *q, mof_type t, const char *what)
{
    const model_qualifier *vm = model_find_qualifier(q, "ValueMap");
    const model_qualifier *vs = model_find_qualifier(q, "Values");
    if (!vm && !vs)
        return NULL;
    /* Check where written; inherited ones were checked in their class. */
    bool report = (vm && !vm->from) || (vs && !vs->from);
    const ast_value *vmv = vm ? vm->value : NULL, *vsv = vs ? vs->value : NULL;
    size_t nvm = count(vmv), nvs = count(vsv);
    if (vm && vs && nvm != nvs && report) {
        diagnostic *dg = diag_report(B_DIAG, DIAG_VALUEMAP_COUNT, vs->span,
                                     "ValueMap has %zu entr%s but Values has %zu (%s)", nvm,
                                     nvm == 1 ? "y" : "ies", nvs, what);
        diag_add_note(B_DIAG, dg, vm->span, "ValueMap is here");
    }
    model_valuemap *m = arena_alloc(B_ARENA, sizeof *m);
    m->type = t;
    int64_t smin, smax;
    uint64_t umax;
    bool integer = int_type_range(t, &m->is_signed, &smin, &smax, &umax);
    uint64_t tmin = m->is_signed ? (uint64_t)smin : 0, tmax = m->is_signed ? (uint64_t)smax : umax;
    size_t n = vm ? nvm : nvs;
    m->items = n ? arena_alloc(B_ARENA, n * sizeof *m->items) : NULL;
    for (size_t i = 0; i < n; i++) {
        model_vm_entry *e = &m->items[m->n];
        const ast_value *ev = vm ? entry_value(vmv, i) : NULL;
        const ast_value *nv = vs && i < nvs ? entry_value(vsv, i) : NULL;
        e->name = nv && nv->kind == VAL_STRING ? nv->u.str.s : NULL;
        if (!vm) {   /* Values alone: the entries are numbered from 0 */
            e->kind = VM_VALUE;
            e->has_lo = e->has_hi = true;
            e->lo = e->hi = i;
            e->text = arena_printf(B_ARENA, "%zu", i);
            m->n++;
            continue;
        }
        const char *s;
        if (ev->kind == VAL_STRING) {
            s = ev->u.str.s;
        } else if (ev->kind == VAL_INT) {   /* WMI: ValueMap{0,1,2} */
            s = arena_printf(B_ARENA, "%s%" PRIu64, ev->u.i.neg ? "-" : "", ev->u.i.mag);
        } else {
            if (report)
                diag_report(B_DIAG, DIAG_VALUEMAP_ENTRY, ev->span, "ValueMap entries are strings");
            continue;
        }
        e->text = s;
        if (!integer) {
            e->kind = VM_STRING;
            m->n++;
            continue;
        }
        const char *dots = strstr(s, "..");
        bound lo = {0, 0}, hi = {0, 0};
        bool ok;
        if (dots) {
            e->kind = VM_RANGE;
            size_t ll = (size_t)(dots - s), hl = strlen(dots + 2);
            e->has_lo = ll > 0;
            e->has_hi = hl > 0;
            ok = (!e->has_lo || parse_int(s, ll, &lo)) && (!e->has_hi || parse_int(dots + 2, hl, &hi));
        } else {
            e->kind = VM_VALUE;
            e->has_lo = e->has_hi = true;
            ok = parse_int(s, strlen(s), &lo);
            hi = lo;
        }
        if (!ok) {
            if (report)
                diag_report(B_DIAG, DIAG_VALUEMAP_ENTRY, ev->span,
                            "ValueMap entry '%s' is not an integer or a range", s);
            continue;
        }
        if ((e->has_lo && !int_fits(t, lo.neg, lo.mag)) || (e->has_hi && !int_fits(t, hi.neg, hi.mag))) {
            if (report)
                diag_report(B_DIAG, DIAG_VALUEMAP_RANGE, ev->span, "ValueMap entry '%s' is outside %s", s,
                            mof_type_name(t));
            continue;
        }
        e->lo = e->has_lo ? bits(lo) : tmin;
        e->hi = e->has_hi ? bits(hi) : tmax;
        if (!less_eq(m, e->lo, e->hi)) {
            if (report)
                diag_report(B_DIAG, DIAG_VALUEMAP_ENTRY, ev->span, "ValueMap range '%s' is empty", s);
            continue;
        }
        /* Duplicates and overlaps with the entries before. ".." stands for
         * "everything else" and overlaps nothing. */
        bool everything = e->kind == VM_RANGE && !e->has_lo && !e->has_hi;
        for (size_t k = 0; k < m->n && report && !everything; k++) {
            const model_vm_entry *o = &m->items[k];
            if (o->kind == VM_STRING || (o->kind == VM_RANGE && !o->has_lo && !o->has_hi))
                continue;
            if (less_eq(m, e->lo, o->hi) && less_eq(m, o->lo, e->hi)) {
                const char *other = o->text;
                /* A single value inside a reserved range is how the CIM
                 * schema carves out exceptions: the value wins, so this is
                 * only worth a warning. */
                if (e->kind == VM_VALUE && o->kind == VM_VALUE)
                    diag_report(B_DIAG, DIAG_VALUEMAP_OVERLAP, ev->span,
                                "ValueMap entry '%s' is given twice (%s)", s, what);
                else if (e->kind != o->kind)
                    diag_report(B_DIAG, DIAG_VALUEMAP_SHADOW, ev->span,
                                "ValueMap range '%s' also holds '%s', listed on its own (%s)",
                                e->kind == VM_RANGE ? s : other, e->kind == VM_RANGE ? other : s,
                                what);
                else
                    diag_report(B_DIAG, DIAG_VALUEMAP_OVERLAP, ev->span,
                                "ValueMap entry '%s' overlaps '%s' (%s)", s, other, what);
                break;
            }
        }
        m->n++;
    }
    return m;
}
