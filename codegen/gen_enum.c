#include "codegen/gen_enum.h"
#include "codegen/names.h"
#include <inttypes.h>
#include <string.h>

static bool is_signed_type(mof_type t)
{
    return t == TYPE_SINT8 || t == TYPE_SINT16 || t == TYPE_SINT32 || t == TYPE_SINT64;
}

const char *gen_enum_decimal(arena *a, mof_type t, uint64_t bits)
{
    char buf[24];
    bool neg = is_signed_type(t) && (int64_t)bits < 0;
    size_t n = c_decimal(buf, neg, neg ? (uint64_t)0 - bits : bits);
    return arena_strndup(a, buf, n);
}

/* An integer constant expression of the element's C type. */
static const char *literal(arena *a, mof_type t, uint64_t bits)
{
    if (is_signed_type(t)) {
        int64_t v = (int64_t)bits;
        if (v == INT64_MIN)
            return "(-INT64_C(9223372036854775807) - 1)";
        if (t == TYPE_SINT32 && v == INT32_MIN)
            return "(-2147483647 - 1)";
        if (t == TYPE_SINT64)
            return C_JOIN(a, "INT64_C(", gen_enum_decimal(a, t, bits), ")");
        return gen_enum_decimal(a, t, bits);
    }
    if (t == TYPE_UINT64)
        return C_JOIN(a, "UINT64_C(", gen_enum_decimal(a, t, bits), ")");
    if (t == TYPE_UINT32)
        return C_JOIN(a, gen_enum_decimal(a, t, bits), "u");
    return gen_enum_decimal(a, t, bits);
}

static bool fits_int(mof_type t, uint64_t bits)
{
    if (is_signed_type(t))
        return (int64_t)bits >= INT32_MIN && (int64_t)bits <= INT32_MAX;
    return bits <= INT32_MAX;
}

/* The objects of an enum, made by shape (tmpl_shape: keys set by position,
 * not looked up: there are tens of thousands of constants and cases). */
#define ENUM_KEYS(X, P)                                                                           \
    X(P, type) X(P, ctype) X(P, what) X(P, constants) X(P, cases) X(P, ranges) X(P, is_enum)     \
    X(P, otherwise) X(P, has_cases)
#define CONST_KEYS(X, P) X(P, name) X(P, value)
#define CASE_KEYS(X, P) X(P, value) X(P, text)
#define RANGE_KEYS(X, P) X(P, cond) X(P, text)
TMPL_DECLARE_SHAPE(enum_shape, ENUM_KEYS, EN_);
TMPL_DECLARE_SHAPE(const_shape, CONST_KEYS, CO_);
TMPL_DECLARE_SHAPE(case_shape, CASE_KEYS, CA_);
TMPL_DECLARE_SHAPE(range_shape, RANGE_KEYS, RA_);

tmpl_value *gen_enum_append(tmpl_value *enums) { return tmpl_list_append_shaped(enums, &enum_shape); }

/* Sets key i of o (a shaped object) to s, without a copy. */
static void put_str(tmpl_value *o, size_t i, const char *s)
{
    tmpl_shaped_set_string_ref(o, i, s, strlen(s));
}

/* Adds the constant name = v; returns v's literal (a case of the same
 * value shows it too). */
static const char *add_const(arena *a, tmpl_value *consts, const char *name, mof_type t,
                             uint64_t v, bool *all_int)
{
    tmpl_value *c = tmpl_list_append_shaped(consts, &const_shape);
    const char *lit = literal(a, t, v);
    put_str(c, CO_name, name);
    put_str(c, CO_value, lit);
    *all_int &= fits_int(t, v);
    return lit;
}

void gen_enum_fill(arena *a, const gen_enum *en)
{
    const model_valuemap *vm = en->vm;
    mof_type t = vm->type;
    bool sg;
    int64_t smin, smax;
    uint64_t umax;
    int_type_range(t, &sg, &smin, &smax, &umax);
    uint64_t tmin = sg ? (uint64_t)smin : 0, tmax = sg ? (uint64_t)smax : umax;
    tmpl_value *e = en->obj;
    put_str(e, EN_type, en->type);
    put_str(e, EN_ctype, en->ctype);
    put_str(e, EN_what, en->what);
    tmpl_value *consts = tmpl_shaped_set_list(e, EN_constants);
    tmpl_value *cases = tmpl_shaped_set_list(e, EN_cases);
    tmpl_value *ranges = tmpl_shaped_set_list(e, EN_ranges);
    bool all_int = true;
    const char *otherwise = "NULL";
    for (size_t i = 0; i < vm->n; i++) {
        const model_vm_entry *x = &vm->items[i];
        if (x->kind == VM_RANGE && !x->has_lo && !x->has_hi) {
            /* ".." names every other value: no constant, the last answer */
            otherwise = c_string(a, x->name ? x->name : x->text);
            continue;
        }
        const char *text = x->name ? c_string(a, x->name) : c_string(a, x->text);
        if (x->kind == VM_VALUE) {
            const char *lit = add_const(a, consts, en->names[2 * i], t, x->lo, &all_int);
            tmpl_value *c = tmpl_list_append_shaped(cases, &case_shape);
            put_str(c, CA_value, lit);
            put_str(c, CA_text, text);
        } else {
            add_const(a, consts, en->names[2 * i], t, x->lo, &all_int);
            add_const(a, consts, en->names[2 * i + 1], t, x->hi, &all_int);
            /* No comparison that is always true (-Wtype-limits). */
            const char *lo = x->lo != tmin ? C_JOIN(a, "v >= ", literal(a, t, x->lo)) : NULL;
            const char *hi = x->hi != tmax ? C_JOIN(a, "v <= ", literal(a, t, x->hi)) : NULL;
            const char *cond = lo && hi ? C_JOIN(a, lo, " && ", hi) : lo ? lo : hi ? hi : "1";
            tmpl_value *r = tmpl_list_append_shaped(ranges, &range_shape);
            put_str(r, RA_cond, cond);
            put_str(r, RA_text, text);
        }
    }
    tmpl_shaped_set_bool(e, EN_is_enum, all_int);
    put_str(e, EN_otherwise, otherwise);
    tmpl_shaped_set_bool(e, EN_has_cases, tmpl_value_count(cases) > 0);
}
