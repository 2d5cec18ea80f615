/* Values against types: integer ranges per type, reals, booleans, char16,
 * datetime (DSP0004 timestamp and interval forms, with '*' wildcards),
 * strings, null, arrays against scalars. */
#include "schema/check.h"
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

void describe(char *buf, size_t size, const char *a, const char *b, const char *c,
              const char *d, const char *e)
{
    const char *parts[] = {a, b, c, d, e};
    describe_parts(buf, size, parts, 5);
}

void describe_parts(char *buf, size_t size, const char *const *parts, size_t nparts)
{
    size_t n = 0;
    for (size_t i = 0; i < nparts && parts[i]; i++) {
        size_t k = strlen(parts[i]);
        if (n + k >= size)
            k = size - 1 - n;
        memcpy(buf + n, parts[i], k);
        n += k;
    }
    buf[n] = '\0';
}

bool int_type_range(mof_type t, bool *is_signed, int64_t *smin, int64_t *smax, uint64_t *umax)
{
    *is_signed = false;
    *smin = 0;
    *smax = 0;
    switch (t) {
    case TYPE_UINT8: *umax = UINT8_MAX; return true;
    case TYPE_UINT16: *umax = UINT16_MAX; return true;
    case TYPE_UINT32: *umax = UINT32_MAX; return true;
    case TYPE_UINT64: *umax = UINT64_MAX; return true;
    case TYPE_SINT8: *smin = INT8_MIN; *smax = INT8_MAX; break;
    case TYPE_SINT16: *smin = INT16_MIN; *smax = INT16_MAX; break;
    case TYPE_SINT32: *smin = INT32_MIN; *smax = INT32_MAX; break;
    case TYPE_SINT64: *smin = INT64_MIN; *smax = INT64_MAX; break;
    default: return false;
    }
    *is_signed = true;
    *umax = (uint64_t)*smax;
    return true;
}

bool int_fits(mof_type t, bool neg, uint64_t mag)
{
    bool sg;
    int64_t smin, smax;
    uint64_t umax;
    if (!int_type_range(t, &sg, &smin, &smax, &umax))
        return false;
    if (!sg)
        return !neg && mag <= umax;
    (void)smin;   /* |min| of two's complement is max + 1 */
    return neg ? mag <= (uint64_t)smax + 1 : mag <= (uint64_t)smax;
}

static bool field(const char *s, int from, int len, int lo, int hi)
{
    bool star = false, digit = false;
    int v = 0;
    for (int i = from; i < from + len; i++) {
        if (s[i] == '*')
            star = true;
        else if (s[i] >= '0' && s[i] <= '9')
            digit = true, v = v * 10 + (s[i] - '0');
        else
            return false;
    }
    if (star)
        return !digit;   /* a field is all digits or all wildcards */
    return v >= lo && v <= hi;
}

bool datetime_valid(const char *s)
{
    if (strlen(s) != 25 || s[14] != '.')
        return false;
    if (!field(s, 15, 6, 0, 999999))
        return false;
    if (s[21] == ':') {   /* interval: ddddddddhhmmss.mmmmmm:000 */
        return field(s, 0, 8, 0, 99999999) && field(s, 8, 2, 0, 23) && field(s, 10, 2, 0, 59) &&
               field(s, 12, 2, 0, 59) && !strcmp(s + 22, "000");
    }
    if (s[21] != '+' && s[21] != '-')
        return false;
    return field(s, 0, 4, 0, 9999) && field(s, 4, 2, 1, 12) && field(s, 6, 2, 1, 31) &&
           field(s, 8, 2, 0, 23) && field(s, 10, 2, 0, 59) && field(s, 12, 2, 0, 60) &&
           field(s, 22, 3, 0, 999);
}

static const char *kind_word(const ast_value *v)
{
    switch (v->kind) {
    case VAL_NULL: return "null";
    case VAL_BOOL: return "a boolean";
    case VAL_INT: return "an integer";
    case VAL_REAL: return "a real number";
    case VAL_STRING: return "a string";
    case VAL_CHAR16: return "a char16";
    case VAL_ALIAS: return "an alias";
    case VAL_ARRAY: return "an array";
    case VAL_INSTANCE: return "an instance";
    }
    return "a value";
}

/* Whether r is within the type's range (NaN is not written by any literal). */
static bool real_fits(mof_type t, double r)
{
    return t == TYPE_REAL32 ? fabs(r) <= FLT_MAX : !isinf(r);
}

static bool scalar(builder *b, mof_type t, const ast_value *v, const char *what)
{
    bool ok;
    switch (t) {
    case TYPE_BOOLEAN: ok = v->kind == VAL_BOOL; break;
    case TYPE_STRING: ok = v->kind == VAL_STRING; break;
    case TYPE_CHAR16: ok = v->kind == VAL_CHAR16; break;
    case TYPE_DATETIME:
        if (v->kind == VAL_STRING && !datetime_valid(v->u.str.s)) {
            diag_report(B_DIAG, DIAG_BAD_DATETIME, v->span,
                        "'%s' is not a datetime (yyyymmddhhmmss.mmmmmmsutc or "
                        "ddddddddhhmmss.mmmmmm:000)", v->u.str.s);
            return false;
        }
        ok = v->kind == VAL_STRING;
        break;
    case TYPE_REAL32: case TYPE_REAL64:
        if (v->kind == VAL_REAL && !real_fits(t, v->u.r)) {
            /* As an integer that does not fit its type: 1e999 reads as
             * infinity, which no CIM real literal or CIM-XML value spells. */
            double max = t == TYPE_REAL32 ? FLT_MAX : DBL_MAX;
            if (isinf(v->u.r))
                diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span,
                            "value does not fit in %s: its magnitude is beyond %.9g", mof_type_name(t), max);
            else
                diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span, "value %.9g does not fit in %s (at most %.9g)",
                            v->u.r, mof_type_name(t), max);
            return false;
        }
        ok = v->kind == VAL_REAL || v->kind == VAL_INT;
        break;
    case TYPE_REF: ok = v->kind == VAL_ALIAS || v->kind == VAL_STRING; break;
    case TYPE_OBJECT: ok = v->kind == VAL_INSTANCE || v->kind == VAL_STRING; break;
    default:
        if (v->kind == VAL_INT) {
            if (int_fits(t, v->u.i.neg, v->u.i.mag))
                return true;
            diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span, "value %s%" PRIu64 " does not fit in %s",
                        v->u.i.neg ? "-" : "", v->u.i.mag, mof_type_name(t));
            return false;
        }
        ok = false;
    }
    if (ok || v->kind == VAL_NULL)
        return true;
    diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span, "%s needs %s %s value, not %s", what,
                t == TYPE_UINT8 || t == TYPE_UINT16 || t == TYPE_UINT32 || t == TYPE_UINT64 ||
                        t == TYPE_OBJECT ? "an" : "a",
                t == TYPE_REF ? "reference" : mof_type_name(t), kind_word(v));
    return false;
}

/* One character of a UTF-8 string, or -1 when it holds none or several. */
static int32_t sole_char(const ast_value *v)
{
    const unsigned char *p = (const unsigned char *)v->u.str.s;
    size_t n = v->u.str.len;
    size_t k = n == 0 ? 0 : p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    if (k == 0 || k != n)
        return -1;
    uint32_t cp = k == 1 ? p[0] : k == 2 ? (p[0] & 0x1Fu) : k == 3 ? (p[0] & 0x0Fu) : (p[0] & 0x07u);
    for (size_t i = 1; i < k; i++)
        cp = cp << 6 | (p[i] & 0x3Fu);
    return (int32_t)cp;
}

static const ast_value *char16_value(builder *b, const ast_value *v, uint32_t cp)
{
    ast_value *c = arena_alloc(B_ARENA, sizeof *c);
    c->kind = VAL_CHAR16;
    c->span = v->span;
    c->u.c16 = cp;
    (void)b;
    return c;
}

/* The char16 forms besides 'c': DSP0004's charValue includes integerValue
 * ("char16 Sep = 44;"), in every dialect; sfcb's MOFs give one-character
 * strings ("C = \"c\";"), which the WMI and MI dialects take with a warning.
 * Returns the value as the model keeps it; NULL after an error. */
static const ast_value *char16_form(builder *b, const ast_value *v, const char *what)
{
    if (v->kind == VAL_INT) {
        uint64_t m = v->u.i.mag;
        if (v->u.i.neg || m > 0xFFFF) {
            diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span, "value %s%" PRIu64 " does not fit in char16",
                        v->u.i.neg ? "-" : "", m);
            return NULL;
        }
        if (m == 0 || (m >= 0xD800 && m <= 0xDFFF)) {
            diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span, "value %" PRIu64 " for %s is %s", m, what,
                        m ? "a UTF-16 surrogate, not a character" : "NUL (U+0000), not a char16 value");
            return NULL;
        }
        return char16_value(b, v, (uint32_t)m);
    }
    int32_t cp = v->kind == VAL_STRING ? sole_char(v) : -1;
    if (cp > 0 && cp <= 0xFFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        diag_report(B_DIAG, DIAG_STRING_FOR_CHAR16, v->span,
                            "%s is a char16: \"%s\" read as '%s'", what, v->u.str.s, v->u.str.s);
        return char16_value(b, v, (uint32_t)cp);
    }
    return v;
}

static const ast_value *conform_scalar(builder *b, mof_type t, const ast_value *v, const char *what)
{
    return t == TYPE_CHAR16 && v->kind != VAL_CHAR16 ? char16_form(b, v, what) : v;
}

bool value_shape(builder *b, bool array, const ast_value **vp, const char *what)
{
    const ast_value *v = *vp;
    if (v->kind == VAL_NULL)
        return true;
    if (array) {
        if (v->kind != VAL_ARRAY) {
            /* sfcb's "Kinds = 3;": a one-element array to the WMI and MI
             * dialects (OpenPegasus and OMI read it so), an error to DSP0004. */
            ast_value *a = arena_alloc(B_ARENA, sizeof *a);
            a->kind = VAL_ARRAY;
            a->span = v->span;
            a->u.arr.n = 1;
            a->u.arr.items = arena_alloc(B_ARENA, sizeof *a->u.arr.items);
            a->u.arr.items[0] = (ast_value *)v;
            const char *text = source_text(source_get(&b->ctx->sources, v->span.file));
            int len = (int)(v->span.end - v->span.start);
            if (text)
                text += v->span.start;
            if (text && len <= 40 && !memchr(text, '\n', (size_t)len))
                diag_report(B_DIAG, DIAG_SCALAR_FOR_ARRAY, v->span,
                                    "%s is an array: %.*s read as {%.*s}", what, len, text, len, text);
            else
                diag_report(B_DIAG, DIAG_SCALAR_FOR_ARRAY, v->span,
                                    "%s is an array: the value read as a one-element array", what);
            *vp = v = a;
        }
        if (v->kind != VAL_ARRAY) {
            diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span, "%s needs an array value, not %s", what,
                        kind_word(v));
            return false;
        }
        return true;
    }
    if (v->kind == VAL_ARRAY) {
        diag_report(B_DIAG, DIAG_VALUE_TYPE, v->span, "%s needs a single value, not an array", what);
        return false;
    }
    return true;
}

bool value_check(builder *b, mof_type t, bool array, const ast_value **vp, const char *what)
{
    if (!value_shape(b, array, vp, what))
        return false;
    const ast_value *v = *vp;
    if (v->kind == VAL_NULL)
        return true;
    if (array) {
        bool ok = true;
        ast_value **items = v->u.arr.items;
        for (size_t i = 0; i < v->u.arr.n; i++) {
            const ast_value *item = conform_scalar(b, t, items[i], what);
            if (!item) {
                ok = false;
                continue;
            }
            items[i] = (ast_value *)item;   /* the AST belongs to this run */
            ok &= scalar(b, t, item, what);
        }
        return ok;
    }
    v = conform_scalar(b, t, v, what);
    if (!v)
        return false;
    *vp = v;
    return scalar(b, t, v, what);
}

void array_size_check(builder *b, uint64_t fixed, const ast_value *v, const char *what)
{
    if (fixed && v && v->kind == VAL_ARRAY && v->u.arr.n > fixed)
        diag_report(B_DIAG, DIAG_ARRAY_SIZE, v->span, "%s is a fixed-size array of %" PRIu64 " elements: %zu values given",
                    what, fixed, v->u.arr.n);
}

bool value_equal(const ast_value *a, const ast_value *b)
{
    static const ast_value truth = {.kind = VAL_BOOL, .u.b = true};
    if (!a) a = &truth;
    if (!b) b = &truth;
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case VAL_NULL: return true;
    case VAL_BOOL: return a->u.b == b->u.b;
    case VAL_INT: return a->u.i.neg == b->u.i.neg && a->u.i.mag == b->u.i.mag;
    case VAL_REAL: return a->u.r == b->u.r;
    case VAL_STRING: return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
    case VAL_CHAR16: return a->u.c16 == b->u.c16;
    case VAL_ALIAS: return name_eq(a->u.alias, b->u.alias);
    case VAL_ARRAY:
        if (a->u.arr.n != b->u.arr.n)
            return false;
        for (size_t i = 0; i < a->u.arr.n; i++)
            if (!value_equal(a->u.arr.items[i], b->u.arr.items[i]))
                return false;
        return true;
    case VAL_INSTANCE: return a == b;
    }
    return false;
}
