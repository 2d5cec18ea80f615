/* libmofrt: the CIM value model.
 *
 * mofrt_value holds one CIM value of any intrinsic type, a reference
 * (object path), an embedded instance, an array of those, or NULL. Values own
 * their heap data; mofrt_value_clear() releases it. Instances (class name +
 * named values) are the generic, schema-free representation used when no
 * generated typed struct applies. */
#ifndef MOFRT_VALUE_H
#define MOFRT_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mofrt_buf.h"
#include "mofrt_error.h"

typedef enum mofrt_type {
    MOFRT_T_NONE = 0,     /* no type / unknown */
    MOFRT_T_BOOLEAN,
    MOFRT_T_STRING,
    MOFRT_T_CHAR16,
    MOFRT_T_DATETIME,
    MOFRT_T_UINT8,
    MOFRT_T_SINT8,
    MOFRT_T_UINT16,
    MOFRT_T_SINT16,
    MOFRT_T_UINT32,
    MOFRT_T_SINT32,
    MOFRT_T_UINT64,
    MOFRT_T_SINT64,
    MOFRT_T_REAL32,
    MOFRT_T_REAL64,
    MOFRT_T_REFERENCE,    /* object path */
    MOFRT_T_INSTANCE,     /* embedded instance (string with EmbeddedInstance/EmbeddedObject) */
    MOFRT_T_COUNT_
} mofrt_type;

/* CIM-XML spelling ("uint16", "reference", "instance"); "" for NONE. */
const char *mofrt_type_name(mofrt_type t);
/* Inverse of mofrt_type_name, case-insensitive; also accepts "object" as
 * INSTANCE. MOFRT_T_NONE when unknown. */
mofrt_type mofrt_type_from_name(const char *name);
bool mofrt_type_is_unsigned(mofrt_type t);
bool mofrt_type_is_signed(mofrt_type t);
bool mofrt_type_is_integer(mofrt_type t);
bool mofrt_type_is_real(mofrt_type t);

/* ---- scalar text forms (CIM-XML VALUE content, DSP0201/DSP0004) -------- */
/* Integers: optional sign, decimal digits or 0x hex; surrounding XML
 * whitespace is ignored. Range-checked against the type (uint8 256 ->
 * MOFRT_E_RANGE, "-1" for unsigned -> MOFRT_E_RANGE). */
int mofrt_parse_uint(const char *s, mofrt_type t, uint64_t *out, mofrt_error *err);
int mofrt_parse_sint(const char *s, mofrt_type t, int64_t *out, mofrt_error *err);
/* Reals: decimal with optional exponent, or INF, -INF, NaN (DSP0201).
 * real32 values must fit a float. Uses strtod: call from the "C" LC_NUMERIC
 * locale (the default unless the program calls setlocale). */
int mofrt_parse_real(const char *s, mofrt_type t, double *out, mofrt_error *err);
/* "true"/"false", case-insensitive. */
int mofrt_parse_bool(const char *s, bool *out, mofrt_error *err);
/* Exactly one UTF-8 encoded character of the BMP (UCS-2), not a surrogate. */
int mofrt_parse_char16(const char *s, uint16_t *out, mofrt_error *err);

/* ---- datetime (DSP0004 5.2.4) ---------------------------------------------
 * timestamp: yyyymmddhhmmss.mmmmmmsutc  (s is + or -, utc = offset minutes)
 * interval:  ddddddddhhmmss.mmmmmm:000
 * Asterisks mark digits beyond the value's precision: whole fields from the
 * least significant one upwards, except that the microseconds field may be
 * starred digit by digit ("20240101120000.123***+060"). The UTC offset is
 * never starred. `precision` counts the significant digit positions, 0..20
 * (4+2+2+2+2+2+6 for a timestamp, 8+2+2+2+6 for an interval). */
#define MOFRT_DATETIME_LEN 25

typedef struct mofrt_datetime {
    bool is_interval;
    uint8_t precision;     /* significant digit positions, 20 = all */
    uint32_t days;         /* interval only, 0..99999999 */
    uint16_t year;         /* timestamp only, 0..9999 */
    uint8_t month, day;    /* timestamp only, 1..12 / 1..31 (0 when starred) */
    uint8_t hour, minute, second;
    uint32_t microsecond;  /* 0..999999 (starred digits read as 0) */
    int16_t utc_offset;    /* timestamp only, minutes east of UTC, -999..999 */
} mofrt_datetime;

int mofrt_datetime_parse(const char *s, mofrt_datetime *out, mofrt_error *err);
/* Writes exactly MOFRT_DATETIME_LEN chars + NUL into out. */
void mofrt_datetime_print(const mofrt_datetime *dt, char out[MOFRT_DATETIME_LEN + 1]);
/* Field ranges and a valid precision; true when printable and re-parsable. */
bool mofrt_datetime_valid(const mofrt_datetime *dt);
/* The timestamp of t (seconds since the epoch) plus microsecond
 * (0..999999), at full precision: in UTC (offset +000), or with local
 * true in the local time zone with its offset (localtime_r; TZ). For
 * providers filling datetime fields from the system clock or /proc. */
mofrt_datetime mofrt_datetime_from_time(time_t t, uint32_t microsecond, bool local);

/* ---- values ------------------------------------------------------------- */
struct mofrt_path;
struct mofrt_instance;
typedef struct mofrt_value mofrt_value;

typedef struct mofrt_array {
    size_t count;
    mofrt_value *items;    /* count elements, each scalar of the array's type (or NULL) */
} mofrt_array;

typedef struct mofrt_embedded {
    struct mofrt_instance *inst;  /* decoded instance (owned) */
    char *text;                   /* XML text as received, or NULL (owned) */
} mofrt_embedded;

struct mofrt_value {
    mofrt_type type;   /* element type for arrays */
    bool is_array;
    bool is_null;      /* CIM NULL (no value); the union is unused */
    /* Untyped: the text came from CIM-XML without a PARAMTYPE (e.g. sblim
     * wbemcli); type is MOFRT_T_STRING and the text is in v.s (for arrays in
     * each item). mofrt_value_convert() types it once the declaration is known. */
    bool untyped;
    union {
        bool b;
        uint64_t u;          /* uint8..uint64 */
        int64_t i;           /* sint8..sint64 */
        double r;            /* real32 (float range) and real64 */
        uint16_t c16;        /* char16 (UCS-2 code unit) */
        char *s;             /* string, UTF-8, owned */
        mofrt_datetime dt;
        struct mofrt_path *ref;  /* owned */
        mofrt_embedded emb;
        mofrt_array arr;     /* when is_array */
    } v;
};

/* An all-zero mofrt_value is a valid "nothing" (type NONE, not NULL). */
#define MOFRT_VALUE_INIT { MOFRT_T_NONE, false, false, false, { .u = 0 } }

/* Releases owned data and resets to MOFRT_VALUE_INIT. NULL-safe. */
void mofrt_value_clear(mofrt_value *v);
/* Deep copy into *dst (dst is overwritten, not cleared first). */
int mofrt_value_copy(mofrt_value *dst, const mofrt_value *src, mofrt_error *err);
/* Moves src into dst (dst cleared first) and leaves src as MOFRT_VALUE_INIT. */
void mofrt_value_move(mofrt_value *dst, mofrt_value *src);

/* Constructors for scalars that need no allocation. */
mofrt_value mofrt_value_null(mofrt_type t);
mofrt_value mofrt_value_bool(bool b);
mofrt_value mofrt_value_uint(mofrt_type t, uint64_t u);
mofrt_value mofrt_value_sint(mofrt_type t, int64_t i);
mofrt_value mofrt_value_real(mofrt_type t, double r);
mofrt_value mofrt_value_char16(uint16_t c);
mofrt_value mofrt_value_datetime(const mofrt_datetime *dt);
/* Allocating constructors: 0 / -1 (MOFRT_E_NOMEM). */
int mofrt_value_string(mofrt_value *out, const char *s, mofrt_error *err);
/* Takes ownership of the pointer (even on NULL: then it is a NULL value). */
mofrt_value mofrt_value_string_take(char *s);
mofrt_value mofrt_value_ref_take(struct mofrt_path *p);
mofrt_value mofrt_value_instance_take(struct mofrt_instance *inst);
/* Array of `count` elements, each initialised to NULL of type t. */
int mofrt_value_array(mofrt_value *out, mofrt_type t, size_t count, mofrt_error *err);

/* Scalar text -> typed value (not for MOFRT_T_INSTANCE, which needs XML:
 * see mofrt_xml_decode_instance). REFERENCE parses the string path form. */
int mofrt_value_parse(mofrt_type t, const char *text, mofrt_value *out, mofrt_error *err);
/* Appends the scalar text form (the content of a CIM-XML VALUE; references
 * in string path form; embedded instances are not printable here). */
int mofrt_value_print(const mofrt_value *v, mofrt_buf *out, mofrt_error *err);
/* Untyped (text) scalar or array -> typed value of type t (and arrayness
 * `array`). A typed value is copied when it already has that type. */
int mofrt_value_convert(const mofrt_value *in, mofrt_type t, bool array, mofrt_value *out,
                        mofrt_error *err);
/* Same type, arrayness, NULLness and value (strings case-sensitively,
 * reals bitwise-equal or both NaN, references by mofrt_path_equal). */
bool mofrt_value_equal(const mofrt_value *a, const mofrt_value *b);

/* ---- generic instances -------------------------------------------------- */
typedef struct mofrt_property {
    char *name;
    mofrt_value value;
} mofrt_property;

typedef struct mofrt_instance {
    char *class_name;
    struct mofrt_path *path;   /* optional instance name (VALUE.NAMEDINSTANCE), owned */
    size_t count, cap;
    mofrt_property *props;
} mofrt_instance;

/* NULL on allocation failure. */
mofrt_instance *mofrt_instance_new(const char *class_name);
void mofrt_instance_free(mofrt_instance *inst);   /* NULL-safe */
mofrt_instance *mofrt_instance_copy(const mofrt_instance *inst);  /* NULL on OOM */
/* Sets (replacing a same-named property, case-insensitively) and takes the
 * value: *v is left as MOFRT_VALUE_INIT, on failure too. */
int mofrt_instance_set(mofrt_instance *inst, const char *name, mofrt_value *v, mofrt_error *err);
/* Appends without looking for a same-named property (O(1); set looks,
 * O(count)): for a caller that knows the instance has none, so that
 * building an instance of p properties costs O(p), not O(p^2). Takes *v
 * as set does. */
int mofrt_instance_add(mofrt_instance *inst, const char *name, mofrt_value *v, mofrt_error *err);
/* NULL when the instance has no such property. */
const mofrt_value *mofrt_instance_get(const mofrt_instance *inst, const char *name);

#endif
