/* MOF inputs of one shape at a size n, shared by the tests that count the
 * compiler's work at n and 4n (test_schema, test_diff) and by
 * `make shapes-bench`, which times mofc on them (docs/limits.md, "Cost by
 * input shape"). Each writer appends DSP0004 MOF text to a strbuf; the
 * input is linear in n, so linear cost shows as about 4x at 4n. */
#ifndef MOFC_TEST_MOF_SHAPES_H
#define MOFC_TEST_MOF_SHAPES_H
#include "common/strbuf.h"
#include <stddef.h>

typedef void mof_shape_fn(strbuf *out, size_t n);

/* Class i derives from class i-1 and adds one property: the flattened
 * classes hold n^2/2 properties in all. */
void mof_shape_chain(strbuf *out, size_t n);
/* One class of n key properties and n subclasses of it. */
void mof_shape_wide(strbuf *out, size_t n);
/* One ValueMap/Values pair of n entries. */
void mof_shape_valuemap(strbuf *out, size_t n);
/* n unrelated classes of 10 properties and a small ValueMap each. */
void mof_shape_flat(strbuf *out, size_t n);
/* n qualifier declarations, all given on one property. */
void mof_shape_quals(strbuf *out, size_t n);
/* The same on one class, and again on a subclass that overrides them all. */
void mof_shape_class_quals(strbuf *out, size_t n);
/* One method of n parameters. */
void mof_shape_params(strbuf *out, size_t n);
/* A class of n properties, one instance giving them all, and n instances
 * giving only the key. */
void mof_shape_instances(strbuf *out, size_t n);
/* n instances, each embedding the one before ($alias, EmbeddedInstance):
 * the export of the last holds every other, escaped once more a level,
 * so the output grows faster than n. */
void mof_shape_embedded_chain(strbuf *out, size_t n);
/* A chain of n classes, each overriding the root's P with a Description of
 * its own and giving an instance: two features a class, so the output of
 * gen and export is linear too. */
void mof_shape_overrides(strbuf *out, size_t n);
/* n classes on one line of UTF-8 text (after a comment with two non-ASCII
 * letters), each declared twice: n errors (MOF2102, give --max-errors=0),
 * each with a note back at the first declaration, just before it on the
 * line. Each diagnostic's column is counted on a line of 60n bytes. */
void mof_shape_one_line(strbuf *out, size_t n);
/* n classes named F<blocks> whose case-folded FNV-1a hashes (name_hash)
 * agree in their low 20 bits: ceil(log2 n) pairs of 4-letter blocks, the
 * two of a pair taking the low bits of the hash state to the same value,
 * found by a birthday search (a few milliseconds a pair); names differ by
 * which block of each pair they take. A table that starts a lookup at
 * hash & (size - 1) put them all in one run. */
void mof_shape_flood(strbuf *out, size_t n);
#endif
