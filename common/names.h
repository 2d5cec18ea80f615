/* Case-insensitive name table: MOF names compare without regard to ASCII
 * case and keep their declared spelling. Open addressing; the keys are
 * not copied (they live in the compilation's arena). */
#ifndef MOFC_NAMES_H
#define MOFC_NAMES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* hash: name_hash(key), kept so that a probe compares strings only on a
 * hash match and growing never hashes a name again. */
typedef struct name_entry { const char *key; void *value; uint64_t hash; } name_entry;
typedef struct name_table {
    name_entry *slots;
    size_t cap, count;
} name_table;

void  names_init(name_table *t);
void  names_free(name_table *t);
void *names_get(const name_table *t, const char *key);
/* Inserts; returns the previous value for the name (and keeps it), or
 * NULL when the name was new. */
void *names_put(name_table *t, const char *key, void *value);
/* Inserts or replaces; returns the previous value (NULL when new). */
void *names_replace(name_table *t, const char *key, void *value);
/* ASCII case-insensitive equality, as DSP0004 compares names. Inline
 * for its common answers: the same string, or a first letter that
 * differs (most comparisons when a list is searched by name). */
bool  name_eq_rest(const char *a, const char *b);
static inline bool name_eq(const char *a, const char *b)
{
    if (a == b)
        return true;
    /* equal when folded means equal with bit 0x20 set */
    if (((unsigned char)*a | 0x20) != ((unsigned char)*b | 0x20))
        return false;
    return name_eq_rest(a, b);
}
/* FNV-1a of the name's bytes with bit 0x20 set: equal for names name_eq
 * finds equal. */
uint64_t name_hash(const char *s);
#endif
