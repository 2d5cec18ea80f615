/* Type names and the text forms of boolean, integer, real and char16. */
#include "runtime/mofrt_value.h"
#include "runtime/mofrt_str.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[MOFRT_T_COUNT_] = {
    [MOFRT_T_NONE] = "",          [MOFRT_T_BOOLEAN] = "boolean",
    [MOFRT_T_STRING] = "string",  [MOFRT_T_CHAR16] = "char16",
    [MOFRT_T_DATETIME] = "datetime",
    [MOFRT_T_UINT8] = "uint8",    [MOFRT_T_SINT8] = "sint8",
    [MOFRT_T_UINT16] = "uint16",  [MOFRT_T_SINT16] = "sint16",
    [MOFRT_T_UINT32] = "uint32",  [MOFRT_T_SINT32] = "sint32",
    [MOFRT_T_UINT64] = "uint64",  [MOFRT_T_SINT64] = "sint64",
    [MOFRT_T_REAL32] = "real32",  [MOFRT_T_REAL64] = "real64",
    [MOFRT_T_REFERENCE] = "reference", [MOFRT_T_INSTANCE] = "instance",
};

const char *mofrt_type_name(mofrt_type t)
{
    return ((unsigned)t < MOFRT_T_COUNT_) ? type_names[t] : "";
}

mofrt_type mofrt_type_from_name(const char *name)
{
    if (!name || !*name)
        return MOFRT_T_NONE;
    /* Type attributes are parsed for every value: compare the cheap first
     * letter before the full case-insensitive compare. */
    char c0 = (char)(name[0] | 0x20);
    for (int t = 1; t < MOFRT_T_COUNT_; t++)
        if (type_names[t][0] == c0 && mofrt_name_eq(name, type_names[t]))
            return (mofrt_type)t;
    if (mofrt_name_eq(name, "object"))
        return MOFRT_T_INSTANCE;
    return MOFRT_T_NONE;
}

bool mofrt_type_is_unsigned(mofrt_type t)
{
    return t == MOFRT_T_UINT8 || t == MOFRT_T_UINT16 || t == MOFRT_T_UINT32 || t == MOFRT_T_UINT64;
}

bool mofrt_type_is_signed(mofrt_type t)
{
    return t == MOFRT_T_SINT8 || t == MOFRT_T_SINT16 || t == MOFRT_T_SINT32 || t == MOFRT_T_SINT64;
}

bool mofrt_type_is_integer(mofrt_type t)
{
    return mofrt_type_is_unsigned(t) || mofrt_type_is_signed(t);
}

bool mofrt_type_is_real(mofrt_type t)
{
    return t == MOFRT_T_REAL32 || t == MOFRT_T_REAL64;
}

static bool is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trim XML whitespace into a bounded copy: numbers are short, anything that
 * does not fit is not a valid number anyway. */
static bool trimmed(const char *s, char *buf, size_t bufsz)
{
    while (is_xml_space(*s))
        s++;
    size_t n = strlen(s);
    while (n && is_xml_space(s[n - 1]))
        n--;
    if (n == 0 || n >= bufsz)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return true;
}

/* Magnitude of an unsigned decimal or 0x-hex digit string, no sign. */
static int parse_magnitude(const char *p, uint64_t *out)
{
    unsigned base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (!*p)
        return -1;
    uint64_t v = 0;
    for (; *p; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            d = (unsigned)(*p - 'a' + 10);
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            d = (unsigned)(*p - 'A' + 10);
        else
            return -1;
        if (v > (UINT64_MAX - d) / base)
            return 1;   /* overflow */
        v = v * base + d;
    }
    *out = v;
    return 0;
}

static uint64_t umax_of(mofrt_type t)
{
    switch (t) {
    case MOFRT_T_UINT8: return UINT8_MAX;
    case MOFRT_T_UINT16: return UINT16_MAX;
    case MOFRT_T_UINT32: return UINT32_MAX;
    default: return UINT64_MAX;
    }
}

static int64_t smax_of(mofrt_type t)
{
    switch (t) {
    case MOFRT_T_SINT8: return INT8_MAX;
    case MOFRT_T_SINT16: return INT16_MAX;
    case MOFRT_T_SINT32: return INT32_MAX;
    default: return INT64_MAX;
    }
}

/* The text of an integer of type t: optional sign and magnitude, checked
 * for syntax; the range check is the caller's. Returns -1 (err set), 0,
 * or 1 when the magnitude overflows 64 bits. */
static int parse_integer(const char *s, mofrt_type t, bool is_type, char buf[72], bool *neg,
                         uint64_t *v, mofrt_error *err)
{
    if (!s || !is_type || !trimmed(s, buf, 72))
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_SYNTAX,
                               "not a valid %s value", mofrt_type_name(t));
    const char *p = buf;
    *neg = false;
    if (*p == '+' || *p == '-')
        *neg = (*p++ == '-');
    int rc = parse_magnitude(p, v);
    if (rc < 0)
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_SYNTAX,
                               "'%s' is not a valid %s value", buf, mofrt_type_name(t));
    return rc;
}

int mofrt_parse_uint(const char *s, mofrt_type t, uint64_t *out, mofrt_error *err)
{
    char buf[72];
    bool neg;
    uint64_t v;
    int rc = parse_integer(s, t, mofrt_type_is_unsigned(t), buf, &neg, &v, err);
    if (rc < 0)
        return -1;
    if (rc > 0 || v > umax_of(t) || (neg && v != 0))
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_RANGE,
                               "'%s' is out of range for %s", buf, mofrt_type_name(t));
    *out = v;
    return 0;
}

int mofrt_parse_sint(const char *s, mofrt_type t, int64_t *out, mofrt_error *err)
{
    char buf[72];
    bool neg;
    uint64_t v;
    int rc = parse_integer(s, t, mofrt_type_is_signed(t), buf, &neg, &v, err);
    if (rc < 0)
        return -1;
    uint64_t lim = (uint64_t)smax_of(t) + (neg ? 1u : 0u);
    if (rc > 0 || v > lim)
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_RANGE,
                               "'%s' is out of range for %s", buf, mofrt_type_name(t));
    /* -(2^63) cannot be formed by negating an int64_t: go through unsigned. */
    if (!neg)
        *out = (int64_t)v;
    else if (v == (uint64_t)INT64_MAX + 1u)
        *out = INT64_MIN;
    else
        *out = -(int64_t)v;
    return 0;
}

int mofrt_parse_real(const char *s, mofrt_type t, double *out, mofrt_error *err)
{
    char buf[400];
    if (!s || !mofrt_type_is_real(t) || !trimmed(s, buf, sizeof buf))
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_SYNTAX,
                               "not a valid %s value", mofrt_type_name(t));
    if (strcmp(buf, "INF") == 0 || strcmp(buf, "+INF") == 0) {
        *out = INFINITY;
        return 0;
    }
    if (strcmp(buf, "-INF") == 0) {
        *out = -INFINITY;
        return 0;
    }
    if (strcmp(buf, "NaN") == 0) {
        *out = NAN;
        return 0;
    }
    /* Validate the DSP0004 grammar ourselves: strtod also takes hex floats,
     * "inf", "nan(...)" and leading spaces, none of which CIM allows. */
    const char *p = buf;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9') {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            digits++;
        }
    }
    if (digits && (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            digits = 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (!digits || *p)
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_SYNTAX,
                               "'%s' is not a valid %s value", buf, mofrt_type_name(t));
    errno = 0;
    double d = strtod(buf, NULL);
    if ((errno == ERANGE && isinf(d)) || (t == MOFRT_T_REAL32 && fabs(d) > FLT_MAX))
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_RANGE,
                               "'%s' is out of range for %s", buf, mofrt_type_name(t));
    if (t == MOFRT_T_REAL32)
        d = (double)(float)d;
    *out = d;
    return 0;
}

int mofrt_parse_bool(const char *s, bool *out, mofrt_error *err)
{
    char buf[8];
    if (s && trimmed(s, buf, sizeof buf)) {
        if (mofrt_name_eq(buf, "true")) {
            *out = true;
            return 0;
        }
        if (mofrt_name_eq(buf, "false")) {
            *out = false;
            return 0;
        }
    }
    return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_SYNTAX,
                           "not a valid boolean value (TRUE or FALSE)");
}

int mofrt_parse_char16(const char *s, uint16_t *out, mofrt_error *err)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    uint32_t cp = 0;
    size_t n = 0;
    if (p[0] < 0x80) {
        cp = p[0];
        n = 1;
    } else if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
        cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
        n = cp >= 0x80 ? 2 : 0;
    } else if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        n = (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) ? 3 : 0;
    }
    if (n == 0 || p[0] == '\0' || p[n] != '\0')
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_SYNTAX,
                               "not a valid char16 value (exactly one UCS-2 character)");
    *out = (uint16_t)cp;
    return 0;
}
