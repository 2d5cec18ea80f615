/* Pointer -> pointer hash map (open addressing): for facts about model
 * nodes (a feature's qualifier table name, a Description's wrapped lines)
 * found again many times. Keys are compared by address. */
#ifndef MOFC_PTR_MAP_H
#define MOFC_PTR_MAP_H
#include <stddef.h>

typedef struct ptr_map_slot { const void *key; void *value; } ptr_map_slot;
typedef struct ptr_map {
    ptr_map_slot *slots;
    size_t cap, count;   /* cap a power of two, 0 when empty */
} ptr_map;

#define PTR_MAP_INIT {NULL, 0, 0}
void  ptr_map_free(ptr_map *m);
/* The value for key, NULL when there is none. */
void *ptr_map_get(const ptr_map *m, const void *key);
/* Sets key (not NULL) to value; aborts when memory runs out, like the arena. */
void  ptr_map_put(ptr_map *m, const void *key, void *value);
#endif
