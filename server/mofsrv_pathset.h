/* libmofsrv (internal): a set of object paths, by the canonical text of
 * each path, for "each result once" (Associators, References and their
 * Names forms: DSP0200 5.3.2.14-17 send an object once).
 *
 * The set keeps one text per path, appended to one buffer (no allocation
 * per path, no copy of the path), so its memory is about 30 bytes plus the
 * key text per path, where a copy of each path cost several allocations
 * (about 370 bytes a result at 40,000 AssociatorNames results). */
#ifndef MOFSRV_PATHSET_H
#define MOFSRV_PATHSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/mofrt_buf.h"
#include "runtime/mofrt_path.h"

/* The canonical text of path into b (appended): the class name and key
 * names lowercased, the keys sorted by name, each value tagged with its
 * kind and its text length-prefixed, so that two paths have the same text
 * exactly when mofrt_path_equal calls them equal (host and namespace are
 * left out: one server, one namespace), except that a string key holding
 * a path's text is not the reference to that path, and an integer beyond
 * 2^53 is not the real it rounds to. -1 (b's content undefined) for a
 * path nested deeper than 8 references or a value that cannot be printed. */
int mofsrv_path_canon(mofrt_buf *b, const mofrt_path *path);

typedef struct mofsrv_pathset_slot {
    uint64_t hash;
    size_t off;                /* of the text in keys */
    size_t len;                /* 0: a free slot (no text is empty) */
} mofsrv_pathset_slot;

typedef struct mofsrv_pathset {
    size_t count, cap;         /* cap: 0 or a power of two; at most half full */
    mofsrv_pathset_slot *slots;
    mofrt_buf keys;            /* every path's text, one after the other */
    mofrt_buf scratch;         /* the text of the path being added */
} mofsrv_pathset;

#define MOFSRV_PATHSET_INIT { 0, 0, NULL, MOFRT_BUF_INIT, MOFRT_BUF_INIT }

/* Adds path unless the set has an equal one: true with *added telling
 * which; false when out of memory. A path without a canonical text (see
 * mofsrv_path_canon) is never found: *added true, not kept. */
bool mofsrv_pathset_add(mofsrv_pathset *s, const mofrt_path *path, bool *added);
void mofsrv_pathset_clear(mofsrv_pathset *s);

#endif
