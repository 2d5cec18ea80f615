/* mofc diff: ValueMap/Values of one element against the old ones. A
 * client stores and compares the numbers; the Values text is what the
 * number means. So a number that disappears or changes meaning breaks,
 * a new number is compatible, and new wording for the same meaning is
 * information only. Indexed by value and by Values text: linear. */
#include "schema/compare_internal.h"
#include <stdlib.h>
#include <string.h>

typedef struct vm_index {
    const model_valuemap *m;
    u64map values;             /* VM_VALUE: ordered value -> entry */
    name_table strings;        /* VM_STRING: ValueMap text -> entry */
    name_table names;          /* Values text -> first entry */
    struct vm_range { uint64_t lo, hi; } *ranges;   /* VM_RANGE but "..", ordered, by lo */
    size_t nranges;
    bool everything;           /* has ".." */
} vm_index;

/* Bounds in an order that compares as unsigned: signed values are kept
 * sign-extended, so flipping the top bit orders them. */
static uint64_t ord(const model_valuemap *m, uint64_t v)
{
    return m->is_signed ? v ^ (UINT64_C(1) << 63) : v;
}

static int by_lo(const void *a, const void *b)
{
    uint64_t x = ((const struct vm_range *)a)->lo, y = ((const struct vm_range *)b)->lo;
    return x < y ? -1 : x > y;
}

static void index_build(vm_index *ix, const model_valuemap *m)
{
    memset(ix, 0, sizeof *ix);
    ix->m = m;
    u64map_init(&ix->values, m->n);
    names_init(&ix->strings);
    names_init(&ix->names);
    ix->ranges = malloc((m->n ? m->n : 1) * sizeof *ix->ranges);
    if (!ix->ranges)
        abort();
    for (size_t i = 0; i < m->n; i++) {
        const model_vm_entry *e = &m->items[i];
        if (e->name && !names_get(&ix->names, e->name))
            names_put(&ix->names, e->name, (void *)e);
        if (e->kind == VM_VALUE)
            u64map_put(&ix->values, ord(m, e->lo), i);
        else if (e->kind == VM_STRING)
            names_put(&ix->strings, e->text, (void *)e);
        else if (!e->has_lo && !e->has_hi)
            ix->everything = true;
        else
            ix->ranges[ix->nranges++] = (struct vm_range){ord(m, e->lo), ord(m, e->hi)};
    }
    qsort(ix->ranges, ix->nranges, sizeof *ix->ranges, by_lo);
}

static void index_free(vm_index *ix)
{
    u64map_free(&ix->values);
    names_free(&ix->strings);
    names_free(&ix->names);
    free(ix->ranges);
}

/* The entry of the same single value (or string). */
static const model_vm_entry *find_value(const vm_index *ix, const model_vm_entry *e)
{
    if (e->kind == VM_STRING)
        return names_get(&ix->strings, e->text);
    size_t i;
    return e->kind == VM_VALUE && u64map_get(&ix->values, ord(ix->m, e->lo), &i) ? &ix->m->items[i] : NULL;
}

/* Whether a range holds lo..hi whole (ranges do not overlap: checked). */
static bool find_range(const vm_index *ix, uint64_t lo, uint64_t hi)
{
    uint64_t l = ord(ix->m, lo), h = ord(ix->m, hi);
    size_t a = 0, b = ix->nranges;   /* the last range whose lower bound is <= lo */
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (ix->ranges[mid].lo <= l)
            a = mid + 1;
        else
            b = mid;
    }
    if (a == 0)
        return false;
    const struct vm_range *r = &ix->ranges[a - 1];
    return r->hi >= h;
}

static bool is_single(const model_vm_entry *e) { return e->kind != VM_RANGE; }

static const model_qualifier *own_or_any(const model_quals *q, const char *name, bool *own)
{
    const model_qualifier *x = model_find_qualifier(q, name);
    *own |= x && !x->from;
    return x;
}

void compare_vmap(cmp *c, const elem *el, const model_valuemap *o, const model_valuemap *n,
                  const model_quals *oq, const model_quals *nq, mof_span old_at, mof_span new_at)
{
    if (!o || !n)
        return;   /* a ValueMap added or removed whole: see docs/diff.md */
    bool own = false;
    const model_qualifier *ovm = own_or_any(oq, "ValueMap", &own), *ovs = own_or_any(oq, "Values", &own);
    const model_qualifier *nvm = own_or_any(nq, "ValueMap", &own), *nvs = own_or_any(nq, "Values", &own);
    if (!own)
        return;   /* inherited on both sides: reported where declared */
    mof_span at = nvm ? nvm->span : nvs ? nvs->span : new_at;
    mof_span was = ovm ? ovm->span : ovs ? ovs->span : old_at;
    char what[512];
    elem_text(what, sizeof what, el);
    vm_index oi, ni;
    index_build(&oi, o);
    index_build(&ni, n);
    for (size_t i = 0; i < o->n; i++) {
        const model_vm_entry *e = &o->items[i];
        if (!is_single(e)) {
            bool whole = !e->has_lo && !e->has_hi;   /* "..": everything else */
            if (!(whole ? ni.everything : find_range(&ni, e->lo, e->hi)))
                change(c, DIAG_DIFF_RANGE_NARROWED, at, was, NOTE_OLD,
                       "ValueMap range '%s' of %s is no longer allowed whole", e->text, what);
            continue;
        }
        const model_vm_entry *ne = find_value(&ni, e);
        const model_vm_entry *same_name = e->name ? names_get(&ni.names, e->name) : NULL;
        if (same_name && !is_single(same_name))
            same_name = NULL;
        if (!ne && same_name)
            change(c, DIAG_DIFF_VALUE_RENUMBERED, at, was, NOTE_OLD,
                   "ValueMap value '%s' of %s moved from %s to %s", e->name, what, e->text, same_name->text);
        else if (!ne)
            change(c, DIAG_DIFF_VALUE_REMOVED, at, was, NOTE_OLD, "ValueMap value %s%s%s%s of %s was removed",
                   e->text, e->name ? " ('" : "", e->name ? e->name : "", e->name ? "')" : "", what);
        else if (e->name && ne->name && strcmp(e->name, ne->name) && same_name && same_name != ne)
            change(c, DIAG_DIFF_VALUE_MEANING, at, was, NOTE_OLD,
                   "value %s of %s now means '%s'; '%s' moved to %s", e->text, what, ne->name, e->name,
                   same_name->text);
        else if (e->name && ne->name && strcmp(e->name, ne->name))
            change(c, DIAG_DIFF_VALUES_REWORDED, at, was, NOTE_OLD, "value %s of %s is now called '%s', was '%s'",
                   e->text, what, ne->name, e->name);
    }
    for (size_t i = 0; i < n->n; i++) {
        const model_vm_entry *e = &n->items[i];
        if (!is_single(e)) {
            bool whole = !e->has_lo && !e->has_hi;
            if (!(whole ? oi.everything : find_range(&oi, e->lo, e->hi)))
                change(c, DIAG_DIFF_VALUE_ADDED, at, was, NOTE_OLD, "ValueMap range '%s' was added to %s",
                       e->text, what);
            continue;
        }
        if (find_value(&oi, e))
            continue;
        /* A value whose meaning was renumbered here: reported above. */
        const model_vm_entry *old_named = e->name ? names_get(&oi.names, e->name) : NULL;
        if (old_named && is_single(old_named) && !find_value(&ni, old_named))
            continue;
        change(c, DIAG_DIFF_VALUE_ADDED, at, was, NOTE_OLD, "ValueMap value %s%s%s%s was added to %s", e->text,
               e->name ? " ('" : "", e->name ? e->name : "", e->name ? "')" : "", what);
    }
    index_free(&oi);
    index_free(&ni);
}
