/* hvclusterd: small helpers on generic instances, typed fields and time. */
#ifndef HV_UTIL_H
#define HV_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/mofrt.h"

/* Property getters: NULL / false when absent, NULL or of another type. */
const char *hv_get_str(const mofrt_instance *inst, const char *name);
bool hv_get_uint(const mofrt_instance *inst, const char *name, uint64_t *out);
bool hv_get_bool(const mofrt_instance *inst, const char *name, bool *out);
const mofrt_path *hv_get_ref(const mofrt_instance *inst, const char *name);

/* Typed-field setters (copies; the struct owns the copies). */
void hv_fstr(mofrt_f_string *f, const char *s);
void hv_fref(mofrt_f_ref *f, const mofrt_path *p);
/* String array field from n strings. */
void hv_fstrs(mofrt_a_string *f, const char *const *s, size_t n);

/* The current UTC time as a CIM datetime. */
mofrt_datetime hv_now(void);

/* Monotonic milliseconds. */
uint64_t hv_mono_ms(void);

#endif
