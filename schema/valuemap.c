/* ValueMap/Values: parsed into entries (values and ranges) for code
 * generation, and checked: equal counts, integers of the element's type in
 * any MOF base, ranges "a..b", "..b", "a..", "..", no duplicates, no
 * overlaps. String ValueMaps on string elements are kept as strings. */
#include "schema/check.h"
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Why an entry was left out, reported in entry order after the overlap
 * pass, so the messages come out as a one-pass check would give them. */
typedef enum entry_fault { EF_NONE, EF_NOT_STRING, EF_NOT_INT, EF_OUTSIDE, EF_EMPTY } entry_fault;

/* Overlaps: for every entry, the first entry before it that it overlaps.
 * Sorted by lower bound, with a segment tree over that order holding the
 * greatest upper bound of the entries still open; entry k, taken in list
 * order, claims every later open entry it overlaps, so each entry is
 * claimed once: O(n log n) for n entries instead of the n^2/2 pairs. */
typedef struct overlap_pass {
    const model_vm_entry *items;
    size_t n;                   /* entries */
    size_t *by_lo;              /* entry indices sorted by lower bound */
    size_t *pos;                /* entry index -> place in by_lo */
    uint64_t *key_lo;           /* bounds mapped to unsigned order */
    uint64_t *key_hi;
    uint64_t *max_hi;           /* segment tree: greatest open upper bound */
    size_t *open;               /* segment tree: open entries below */
    size_t leaves;
    size_t *first;              /* result: first overlapped entry, or SIZE_MAX */
} overlap_pass;

static const overlap_pass *sort_pass;

static int by_lo_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    uint64_t lx = sort_pass->key_lo[x], ly = sort_pass->key_lo[y];
    return lx != ly ? (lx > ly) - (lx < ly) : (x > y) - (x < y);
}

/* ".." stands for "everything else" and overlaps nothing; strings are not
 * ranges. */
static bool takes_part(const model_vm_entry *e)
{
    return e->kind != VM_STRING && !(e->kind == VM_RANGE && !e->has_lo && !e->has_hi);
}

static void tree_set(overlap_pass *o, size_t leaf, bool open_, uint64_t hi)
{
    size_t i = leaf + o->leaves;
    o->open[i] = open_;
    o->max_hi[i] = open_ ? hi : 0;
    for (i /= 2; i; i /= 2) {
        o->open[i] = o->open[2 * i] + o->open[2 * i + 1];
        uint64_t l = o->open[2 * i] ? o->max_hi[2 * i] : 0, r = o->open[2 * i + 1] ? o->max_hi[2 * i + 1] : 0;
        o->max_hi[i] = l > r ? l : r;
    }
}

/* Claims for k every open entry among the first `limit` places of by_lo
 * (lower bound <= k's upper) whose upper bound reaches k's lower bound. */
static void claim(overlap_pass *o, size_t node, size_t lo, size_t hi, size_t limit, size_t k)
{
    if (lo >= limit || !o->open[node] || o->max_hi[node] < o->key_lo[k])
        return;
    if (hi - lo == 1) {
        size_t e = o->by_lo[lo];
        o->first[e] = k;
        tree_set(o, lo, false, 0);
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    claim(o, 2 * node, lo, mid, limit, k);
    claim(o, 2 * node + 1, mid, hi, limit, k);
}

static void *scratch(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fputs("mofc: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* Up to this many entries the pairs are compared directly: a bounded
 * cost, below what the sort and the tree's five allocations take (most
 * ValueMaps have a handful of entries). */
enum { FEW_ENTRIES = 16 };

/* For each entry, the first entry before it that it overlaps (SIZE_MAX:
 * none): what find_overlaps gives, pair by pair. */
static void few_overlaps(const model_valuemap *m, uint64_t flip, size_t *first)
{
    for (size_t j = 0; j < m->n; j++) {
        if (!takes_part(&m->items[j]))
            continue;
        uint64_t lo = m->items[j].lo ^ flip, hi = m->items[j].hi ^ flip;
        for (size_t k = 0; k < j; k++)
            if (takes_part(&m->items[k]) && lo <= (m->items[k].hi ^ flip) &&
                hi >= (m->items[k].lo ^ flip)) {
                first[j] = k;
                break;
            }
    }
}

static size_t *find_overlaps(const model_valuemap *m)
{
    overlap_pass o = {.items = m->items, .n = m->n};
    size_t n = m->n;
    o.first = scratch(n, sizeof *o.first);
    for (size_t i = 0; i < n; i++)
        o.first[i] = SIZE_MAX;
    uint64_t flip = m->is_signed ? UINT64_C(1) << 63 : 0;
    if (n <= FEW_ENTRIES) {
        few_overlaps(m, flip, o.first);
        return o.first;
    }
    o.key_lo = scratch(n, sizeof *o.key_lo);
    o.key_hi = scratch(n, sizeof *o.key_hi);
    o.by_lo = scratch(n, sizeof *o.by_lo);
    o.pos = scratch(n, sizeof *o.pos);
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        o.key_lo[i] = m->items[i].lo ^ flip;
        o.key_hi[i] = m->items[i].hi ^ flip;
        if (takes_part(&m->items[i]))
            o.by_lo[np++] = i;
    }
    sort_pass = &o;
    qsort(o.by_lo, np, sizeof *o.by_lo, by_lo_cmp);
    sort_pass = NULL;
    for (size_t p = 0; p < np; p++)
        o.pos[o.by_lo[p]] = p;
    for (o.leaves = 1; o.leaves < np; o.leaves *= 2)
        ;
    o.max_hi = scratch(2 * o.leaves, sizeof *o.max_hi);
    o.open = scratch(2 * o.leaves, sizeof *o.open);
    for (size_t p = 0; p < np; p++) {
        o.open[o.leaves + p] = 1;
        o.max_hi[o.leaves + p] = o.key_hi[o.by_lo[p]];
    }
    for (size_t i = o.leaves - 1; i >= 1; i--) {
        o.open[i] = o.open[2 * i] + o.open[2 * i + 1];
        uint64_t l = o.max_hi[2 * i], r = o.max_hi[2 * i + 1];
        o.max_hi[i] = l > r ? l : r;
    }
    for (size_t k = 0; k < n; k++) {
        if (!takes_part(&m->items[k]))
            continue;
        /* Entries before k cannot be claimed by it; k itself neither. */
        tree_set(&o, o.pos[k], false, 0);
        /* The places whose lower bound is <= k's upper bound. */
        size_t a = 0, b = np;
        while (a < b) {
            size_t mid = a + (b - a) / 2;
            if (o.key_lo[o.by_lo[mid]] <= o.key_hi[k])
                a = mid + 1;
            else
                b = mid;
        }
        claim(&o, 1, 0, o.leaves, a, k);
    }
    free(o.key_lo);
    free(o.key_hi);
    free(o.by_lo);
    free(o.pos);
    free(o.max_hi);
    free(o.open);
    return o.first;
}

static void report_overlap(builder *b, const model_vm_entry *e, const model_vm_entry *o,
                           mof_span at, const char *what)
{
    const char *s = e->text, *other = o->text;
    /* A single value inside a reserved range is how the CIM schema carves
     * out exceptions: the value wins, so this is only worth a warning. */
    if (e->kind == VM_VALUE && o->kind == VM_VALUE)
        diag_report(B_DIAG, DIAG_VALUEMAP_OVERLAP, at, "ValueMap entry '%s' is given twice (%s)", s,
                    what);
    else if (e->kind != o->kind)
        diag_report(B_DIAG, DIAG_VALUEMAP_SHADOW, at,
                    "ValueMap range '%s' also holds '%s', listed on its own (%s)",
                    e->kind == VM_RANGE ? s : other, e->kind == VM_RANGE ? other : s, what);
    else
        diag_report(B_DIAG, DIAG_VALUEMAP_OVERLAP, at, "ValueMap entry '%s' overlaps '%s' (%s)", s,
                    other, what);
}

/* The text of a ValueMap entry; NULL when it is not a string. */
static const char *entry_text(builder *b, const ast_value *ev)
{
    if (ev->kind == VAL_STRING)
        return ev->u.str.s;
    if (ev->kind == VAL_INT)   /* WMI: ValueMap{0,1,2} */
        return arena_printf(B_ARENA, "%s%" PRIu64, ev->u.i.neg ? "-" : "", ev->u.i.mag);
    return NULL;
}

/* Parses one entry into e; returns why it is left out, or EF_NONE. */
static entry_fault parse_entry(model_vm_entry *e, const char *s, bool integer, mof_type t,
                               uint64_t tmin, uint64_t tmax, const model_valuemap *m)
{
    if (!s)
        return EF_NOT_STRING;
    e->text = s;
    if (!integer) {
        e->kind = VM_STRING;
        return EF_NONE;
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
    if (!ok)
        return EF_NOT_INT;
    if ((e->has_lo && !int_fits(t, lo.neg, lo.mag)) || (e->has_hi && !int_fits(t, hi.neg, hi.mag)))
        return EF_OUTSIDE;
    e->lo = e->has_lo ? bits(lo) : tmin;
    e->hi = e->has_hi ? bits(hi) : tmax;
    if (!less_eq(m, e->lo, e->hi))
        return EF_EMPTY;
    return EF_NONE;
}

static void report_fault(builder *b, entry_fault f, const ast_value *ev, const char *s, mof_type t)
{
    switch (f) {
    case EF_NOT_STRING:
        diag_report(B_DIAG, DIAG_VALUEMAP_ENTRY, ev->span, "ValueMap entries are strings");
        break;
    case EF_NOT_INT:
        diag_report(B_DIAG, DIAG_VALUEMAP_ENTRY, ev->span,
                    "ValueMap entry '%s' is not an integer or a range", s);
        break;
    case EF_OUTSIDE:
        diag_report(B_DIAG, DIAG_VALUEMAP_RANGE, ev->span, "ValueMap entry '%s' is outside %s", s,
                    mof_type_name(t));
        break;
    case EF_EMPTY:
        diag_report(B_DIAG, DIAG_VALUEMAP_ENTRY, ev->span, "ValueMap range '%s' is empty", s);
        break;
    case EF_NONE:
        break;
    }
}

const model_valuemap *valuemap_build(builder *b, const model_quals *q, mof_type t, const char *what)
{
    /* Every property, method and parameter asks: one pass finds both (the
     * first of each name, as model_find_qualifier), and a name that does
     * not start with 'V' costs no comparison of strings. */
    const model_qualifier *vm = NULL, *vs = NULL;
    for (size_t i = 0; i < q->n; i++) {
        const char *n = q->items[i].name;
        if ((n[0] | 0x20) != 'v')
            continue;
        if (!vm && name_eq(n, "ValueMap"))
            vm = &q->items[i];
        else if (!vs && name_eq(n, "Values"))
            vs = &q->items[i];
    }
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
    m->n = n;
    if (!vm) {   /* Values alone: the entries are numbered from 0 */
        for (size_t i = 0; i < n; i++) {
            model_vm_entry *e = &m->items[i];
            const ast_value *nv = i < nvs ? entry_value(vsv, i) : NULL;
            e->name = nv && nv->kind == VAL_STRING ? nv->u.str.s : NULL;
            e->kind = VM_VALUE;
            e->has_lo = e->has_hi = true;
            e->lo = e->hi = i;
            e->text = arena_printf(B_ARENA, "%zu", i);
        }
        return m;
    }
    /* Parse every entry, then find overlaps among the good ones, then
     * report in entry order and keep the good ones. */
    unsigned char *fault = scratch(n, 1);
    for (size_t i = 0; i < n; i++) {
        model_vm_entry *e = &m->items[i];
        const ast_value *nv = vs && i < nvs ? entry_value(vsv, i) : NULL;
        e->name = nv && nv->kind == VAL_STRING ? nv->u.str.s : NULL;
        fault[i] = (unsigned char)parse_entry(e, entry_text(b, entry_value(vmv, i)), integer, t,
                                              tmin, tmax, m);
    }
    size_t good = 0;
    for (size_t i = 0; i < n; i++)
        if (fault[i] == EF_NONE)
            m->items[good++] = m->items[i];
    m->n = good;
    size_t *first = report && integer ? find_overlaps(m) : NULL;
    for (size_t i = 0, g = 0; i < n && report; i++) {
        const ast_value *ev = entry_value(vmv, i);
        if (fault[i] != EF_NONE) {
            report_fault(b, (entry_fault)fault[i], ev, entry_text(b, ev), t);
            continue;
        }
        if (first && first[g] != SIZE_MAX)
            report_overlap(b, &m->items[g], &m->items[first[g]], ev->span, what);
        g++;
    }
    free(first);
    free(fault);
    return m;
}
