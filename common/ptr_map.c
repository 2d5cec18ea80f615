#include "common/ptr_map.h"
#include "common/prefault.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static size_t slot_of(const ptr_map_slot *slots, size_t cap, const void *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15u; /* Fibonacci hashing */
    size_t i = (size_t)(h >> 32) & (cap - 1);
    while (slots[i].key && slots[i].key != key)
        i = (i + 1) & (cap - 1);
    return i;
}

void ptr_map_free(ptr_map *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}

void *ptr_map_get(const ptr_map *m, const void *key)
{
    if (!m->cap)
        return NULL;
    return m->slots[slot_of(m->slots, m->cap, key)].value;
}

void ptr_map_put(ptr_map *m, const void *key, void *value)
{
    if ((m->count + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        ptr_map_slot *slots = calloc(cap, sizeof *slots);
        if (!slots) {
            fputs("mofc: out of memory\n", stderr);
            abort();
        }
        /* Written all over at once by the rehash: a big table's pages
         * mapped in one call, not a page fault each (gen of CIM 2.49: 210). */
        if (cap * sizeof *slots >= 64 * 1024)
            prefault(slots, cap * sizeof *slots);
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                slots[slot_of(slots, cap, m->slots[i].key)] = m->slots[i];
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    size_t i = slot_of(m->slots, m->cap, key);
    if (!m->slots[i].key)
        m->count++;
    m->slots[i] = (ptr_map_slot){key, value};
}
