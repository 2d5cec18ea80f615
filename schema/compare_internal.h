/* Private to schema/compare*.c: the state of one comparison and the
 * helpers the rule files share. */
#ifndef MOFC_SCHEMA_COMPARE_INTERNAL_H
#define MOFC_SCHEMA_COMPARE_INTERNAL_H
#include "schema/compare.h"
#include "schema/class_keys.h"

typedef struct cmp {
    diag_sink *s;
    uint32_t old_file, new_file;
    /* Changes found at the class being compared, for the Version rules;
     * counted even when --allow hides them. */
    size_t breaking, compatible;
    class_keys old_keys, new_keys;   /* each side's classes' keys, made once */
} cmp;

/* What a message calls an element: "class 'A'", "property 'A.X'",
 * "parameter 'P' of 'A.M'", "qualifier declaration 'Q'". */
typedef struct elem {
    const char *kind;          /* "class", "property", "reference", "method", "parameter" ... */
    const char *cls, *feat, *param;
} elem;
void elem_text(char *buf, size_t size, const elem *e);

/* Reports change id at `at` with a note at `other` (none when other.file
 * is 0), and counts it for the class's Version check. */
void change(cmp *c, diag_id id, mof_span at, mof_span other, const char *note, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
#define NOTE_OLD "the old declaration is here"
#define NOTE_NEW "the new declaration is here"

/* Integer keys to indexes, open addressing: ValueMap values and class
 * signatures. The first value put for a key stays. */
typedef struct u64map {
    uint64_t *keys;
    size_t *vals;              /* index + 1; 0 marks a free slot */
    size_t cap;
} u64map;
void u64map_init(u64map *m, size_t n);
void u64map_put(u64map *m, uint64_t key, size_t val);
bool u64map_get(const u64map *m, uint64_t key, size_t *val);
void u64map_free(u64map *m);

/* compare_feature.c */
void compare_feature(cmp *c, const model_class *cls, const model_feature *o, const model_feature *n);
/* A feature new in cls: added, or a new key or Required property. */
void feature_added(cmp *c, const model_class *cls, const model_feature *n, mof_span old_class);
/* The qualifier rules table (Key, Required, Abstract, MaxLen, ...) over
 * two effective qualifier lists; a rule is skipped where neither side
 * declares the qualifier itself (the change is reported where it is). */
void compare_quals(cmp *c, const elem *e, const model_quals *o, const model_quals *n,
                   mof_span old_at, mof_span new_at);

/* compare_vmap.c */
void compare_vmap(cmp *c, const elem *e, const model_valuemap *o, const model_valuemap *n,
                  const model_quals *oq, const model_quals *nq, mof_span old_at, mof_span new_at);
#endif
