/* mofc diff: walks the two models namespace by namespace and class by
 * class (the rules for features are in compare_feature.c, for ValueMaps in
 * compare_vmap.c; docs/diff.md gives each rule's reason). Everything is
 * looked up through hash tables by name, so the cost is linear. */
#include "schema/compare_internal.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- qualifier declarations ------------------------------------------- */

static int by_position(const void *a, const void *b)
{
    const model_qualdecl *x = *(const model_qualdecl *const *)a, *y = *(const model_qualdecl *const *)b;
    if (x->span.file != y->span.file)
        return x->span.file < y->span.file ? -1 : 1;
    return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

/* The namespace's declared (not built-in) qualifiers in source order. */
static const model_qualdecl **declared(const model_namespace *ns, size_t *n)
{
    const model_qualdecl **v = malloc((ns->qualdecls.count + 1) * sizeof *v);
    if (!v)
        abort();
    *n = 0;
    for (size_t i = 0; i < ns->qualdecls.cap; i++) {
        const model_qualdecl *d = ns->qualdecls.slots[i].key ? ns->qualdecls.slots[i].value : NULL;
        if (d && !d->builtin)
            v[(*n)++] = d;
    }
    qsort(v, *n, sizeof *v, by_position);
    return v;
}

static void type_text(char *buf, size_t size, const model_qualdecl *d)
{
    snprintf(buf, size, "%s%s", mof_type_name(d->type), d->array ? "[]" : "");
}

static void compare_qualdecls(cmp *c, const model_namespace *ons, const model_namespace *nns)
{
    size_t no, nn;
    const model_qualdecl **ov = declared(ons, &no), **nv = declared(nns, &nn);
    mof_span top = {c->new_file, 0, 0};
    for (size_t i = 0; i < no; i++) {
        const model_qualdecl *nd = names_get(&nns->qualdecls, ov[i]->name);
        if (!nd)   /* a built-in one is cached only where used: still there */
            change(c, DIAG_DIFF_QUALDECL_REMOVED, ov[i]->span, top, "not declared in the new version",
                   "qualifier declaration '%s' was removed", ov[i]->name);
    }
    for (size_t i = 0; i < nn; i++) {
        const model_qualdecl *od = names_get(&ons->qualdecls, nv[i]->name);
        char a[64], b[64];
        if (!od) {
            mof_span old_top = {c->old_file, 0, 0};
            change(c, DIAG_DIFF_QUALDECL_ADDED, nv[i]->span, old_top, "not declared in the old version",
                   "qualifier declaration '%s' was added", nv[i]->name);
        } else if (od->type != nv[i]->type || od->array != nv[i]->array) {
            type_text(a, sizeof a, od);
            type_text(b, sizeof b, nv[i]);
            change(c, DIAG_DIFF_QUALDECL_TYPE, nv[i]->span, od->span, NOTE_OLD,
                   "qualifier declaration '%s' changed from %s to %s", nv[i]->name, a, b);
        }
    }
    free(ov);
    free(nv);
}

/* ---- classes ----------------------------------------------------------- */

static bool own(const model_class *cls, const model_feature *f) { return f->origin == cls; }

/* Superclasses: an old ancestor missing from the new chain breaks every
 * client that reads this class as that one; a new ancestor is an
 * insertion (DSP4004 allows it). Only where the class names a different
 * superclass, so a change up the chain is reported once, up there. */
static void compare_chain(cmp *c, const model_class *oc, const model_class *nc)
{
    const char *os = oc->super ? oc->super->name : NULL, *ns = nc->super ? nc->super->name : NULL;
    if (os == ns || (os && ns && name_eq(os, ns)))
        return;
    name_table oa, na;
    names_init(&oa);
    names_init(&na);
    for (const model_class *k = oc->super; k; k = k->super)
        names_put(&oa, k->name, (void *)k);
    for (const model_class *k = nc->super; k; k = k->super)
        names_put(&na, k->name, (void *)k);
    for (const model_class *k = oc->super; k; k = k->super)
        if (!names_get(&na, k->name))
            change(c, DIAG_DIFF_SUPERCLASS_REMOVED, nc->name_span, oc->name_span, NOTE_OLD,
                   "'%s' is no longer a superclass of '%s'", k->name, nc->name);
    for (const model_class *k = nc->super; k; k = k->super)
        if (!names_get(&oa, k->name))
            change(c, DIAG_DIFF_SUPERCLASS_ADDED, nc->name_span, oc->name_span, NOTE_OLD,
                   "'%s' was inserted above '%s'", k->name, nc->name);
    names_free(&oa);
    names_free(&na);
}

/* Whether the two classes have the same keys (by name) in another order
 * (a different set is reported per property). O(keys). */
static bool key_order_changed(cmp *c, const model_class *oc, const model_class *nc)
{
    const model_feature *const *ok = class_keys_of(&c->old_keys, oc);
    const model_feature *const *nk = class_keys_of(&c->new_keys, nc);
    size_t k = 0;
    bool moved = false;
    for (; ok[k]; k++) {
        const model_feature *n = model_find_feature(nc, ok[k]->name);
        if (!n || !n->key)
            return false;
        moved |= !nk[k] || !name_eq(nk[k]->name, ok[k]->name);
    }
    return !nk[k] && moved;
}

static void key_list(char *buf, size_t size, const model_feature *const *keys)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; keys[i] && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", keys[i]->name);
}

static void compare_keys(cmp *c, const model_class *oc, const model_class *nc)
{
    bool same_supers = oc->super && nc->super && name_eq(oc->super->name, nc->super->name);
    const model_feature *const *ok = class_keys_of(&c->old_keys, oc);
    const model_feature *const *nk = class_keys_of(&c->new_keys, nc);
    /* Keys both classes take unchanged from superclasses of one name: any
     * change of order is reported up there (O(1) a class, not O(keys)). */
    if (same_supers && ok == class_keys_of(&c->old_keys, oc->super) &&
        nk == class_keys_of(&c->new_keys, nc->super))
        return;
    if (!key_order_changed(c, oc, nc))
        return;
    /* Inherited keys that moved are reported at the superclass. */
    if (same_supers && nc->super->nkeys == nc->nkeys && key_order_changed(c, oc->super, nc->super))
        return;
    char a[512], b[512];
    key_list(a, sizeof a, ok);
    key_list(b, sizeof b, nk);
    change(c, DIAG_DIFF_KEY_ORDER, nc->name_span, oc->name_span, NOTE_OLD,
           "the keys of '%s' changed order: (%s), was (%s)", nc->name, b, a);
}

/* DSP0004 Version qualifier: "major.minor.update". */
static bool version_of(const model_class *cls, unsigned long v[2], const model_qualifier **q)
{
    *q = model_find_qualifier(&cls->quals, "Version");
    if (!*q || (*q)->from || !(*q)->value || (*q)->value->kind != VAL_STRING)
        return false;
    char *end;
    const char *s = (*q)->value->u.str.s;
    v[0] = strtoul(s, &end, 10);
    v[1] = *end == '.' ? strtoul(end + 1, NULL, 10) : 0;
    return isdigit((unsigned char)*s);
}

static void compare_version(cmp *c, const model_class *oc, const model_class *nc)
{
    unsigned long ov[2], nv[2];
    const model_qualifier *oq, *nq;
    if (!(c->breaking || c->compatible) || !version_of(oc, ov, &oq) || !version_of(nc, nv, &nq))
        return;
    const char *os = oq->value->u.str.s, *ns = nq->value->u.str.s;
    if (c->breaking && nv[0] <= ov[0])
        change(c, DIAG_DIFF_VERSION_MAJOR, nq->span, oq->span, NOTE_OLD,
               "class '%s' has %zu breaking change%s but its Version went from %s to %s, not to %lu.0.0",
               nc->name, c->breaking, c->breaking == 1 ? "" : "s", os, ns, ov[0] + 1);
    else if (!c->breaking && nv[0] == ov[0] && nv[1] <= ov[1])
        change(c, DIAG_DIFF_VERSION_MINOR, nq->span, oq->span, NOTE_OLD,
               "class '%s' has %zu compatible change%s but its Version went from %s to %s, not to %lu.%lu.0",
               nc->name, c->compatible, c->compatible == 1 ? "" : "s", os, ns, ov[0], ov[1] + 1);
}

static void compare_class(cmp *c, const model_class *oc, const model_class *nc)
{
    c->breaking = c->compatible = 0;
    compare_chain(c, oc, nc);
    elem e = {"class", nc->name, NULL, NULL};
    compare_quals(c, &e, &oc->quals, &nc->quals, oc->name_span, nc->name_span);
    /* Own features only, each looked up in the other class's map: O(own
     * features); an inherited change is reported at the class that
     * declares it. */
    for (size_t i = 0; i < nc->nown; i++) {
        const model_feature *n = nc->own[i], *o = model_find_feature(oc, n->name);
        if (o)
            compare_feature(c, nc, o, n);
        else
            feature_added(c, nc, n, oc->name_span);
    }
    for (size_t i = 0; i < oc->nown; i++) {
        const model_feature *o = oc->own[i], *n = model_find_feature(nc, o->name);
        if (!n) {
            diag_id id = o->kind == MF_METHOD ? DIAG_DIFF_METHOD_REMOVED : DIAG_DIFF_PROPERTY_REMOVED;
            change(c, id, o->type_span, nc->name_span, "the new class is here", "%s%s '%s.%s' was removed",
                   o->key ? "key " : "", o->kind == MF_METHOD ? "method" : o->kind == MF_REFERENCE ? "reference" : "property",
                   oc->name, o->name);
        } else if (!own(nc, n)) {   /* the override is gone: the inherited one stands */
            compare_feature(c, nc, o, n);
        }
    }
    compare_keys(c, oc, nc);
    compare_version(c, oc, nc);
}

/* ---- renames ------------------------------------------------------------
 * A renamed class is a removal and an addition; the removal gets a hint
 * when an added class looks like it: the same own features, or the same
 * name after the schema prefix (CIM_Foo -> ACME_Foo). */

/* Order-independent: a sum of the feature names' hashes; 0 (no hint)
 * under two features, too common a shape to mean anything. */
static uint64_t signature(const model_class *cls)
{
    uint64_t h = 0;
    size_t n = 0;
    for (size_t i = 0; i < cls->nown; i++) {
        h += name_hash(cls->own[i]->name) * 2 + 1;
        n++;
    }
    return n >= 2 ? h ^ n : 0;
}

static const char *unprefixed(const char *name)
{
    const char *u = strchr(name, '_');
    return u && u[1] ? u + 1 : name;
}

typedef struct added_index {
    u64map by_sig;
    name_table by_suffix;
} added_index;

static void compare_namespace(cmp *c, const model_namespace *ons, const model_namespace *nns)
{
    compare_qualdecls(c, ons, nns);
    added_index ai;
    u64map_init(&ai.by_sig, nns->nclasses);
    names_init(&ai.by_suffix);
    for (size_t i = 0; i < nns->nclasses; i++) {
        const model_class *nc = nns->class_list[i];
        if (nc->system || names_get(&ons->classes, nc->name))
            continue;
        uint64_t sig = signature(nc);
        if (sig)
            u64map_put(&ai.by_sig, sig, i);
        if (!names_get(&ai.by_suffix, unprefixed(nc->name)))
            names_put(&ai.by_suffix, unprefixed(nc->name), (void *)nc);
    }
    mof_span top = {c->new_file, 0, 0};
    for (size_t i = 0; i < ons->nclasses; i++) {
        const model_class *oc = ons->class_list[i];
        if (oc->system || names_get(&nns->classes, oc->name))
            continue;
        size_t k;
        uint64_t sig = signature(oc);
        const model_class *like = sig && u64map_get(&ai.by_sig, sig, &k) ? nns->class_list[k] : NULL;
        bool same_features = like != NULL;
        if (!like && unprefixed(oc->name) != oc->name)
            like = names_get(&ai.by_suffix, unprefixed(oc->name));
        c->breaking = c->compatible = 0;
        if (like)
            change(c, DIAG_DIFF_CLASS_REMOVED, oc->name_span, like->name_span,
                   same_features ? "renamed? this new class has the same properties and methods"
                                 : "renamed? this new class has a similar name",
                   "class '%s' was removed", oc->name);
        else
            change(c, DIAG_DIFF_CLASS_REMOVED, oc->name_span, top, "not declared in the new version",
                   "class '%s' was removed", oc->name);
    }
    for (size_t i = 0; i < nns->nclasses; i++) {
        const model_class *nc = nns->class_list[i], *oc = names_get(&ons->classes, nc->name);
        if (nc->system)
            continue;
        if (oc) {
            compare_class(c, oc, nc);
        } else {
            mof_span old_top = {c->old_file, 0, 0};
            change(c, DIAG_DIFF_CLASS_ADDED, nc->name_span, old_top, "not declared in the old version",
                   "%s '%s' was added", nc->association ? "association" : "class", nc->name);
        }
    }
    u64map_free(&ai.by_sig);
    names_free(&ai.by_suffix);
}

void schema_compare(diag_sink *s, const schema_model *old_m, const schema_model *new_m, uint32_t old_file,
                    uint32_t new_file)
{
    arena a;
    arena_init(&a);
    cmp c = {s, old_file, new_file, 0, 0, {0}, {0}};
    class_keys_init(&c.old_keys, &a);
    class_keys_init(&c.new_keys, &a);
    static const model_namespace empty;
    for (size_t i = 0; i < new_m->nns; i++) {
        const model_namespace *nns = new_m->ns[i], *ons = names_get(&old_m->namespaces, nns->name);
        compare_namespace(&c, ons ? ons : &empty, nns);
    }
    for (size_t i = 0; i < old_m->nns; i++) {
        const model_namespace *ons = old_m->ns[i];
        if (!names_get(&new_m->namespaces, ons->name))
            compare_namespace(&c, ons, &empty);
    }
    class_keys_free(&c.old_keys);
    class_keys_free(&c.new_keys);
    arena_free(&a);
}
