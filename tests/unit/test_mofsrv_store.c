/* libmofsrv's instance store: the reference index behind DeleteInstance's
 * cascade (mofsrv_store_each_referrer). Each case counts the candidates
 * the index hands out (store.ref_visits): finding an instance's referrers
 * costs those, not the number of stored associations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "server/mofsrv_host.h"

/* Node (key Id), Big : Node, Hub (key Id), Link: association Node <-> Hub. */
static const mofrt_prop_desc id_props[] = {
    { .name = "Id", .type = MOFRT_T_UINT32, .flags = MOFRT_F_KEY },
};
static const mofrt_class_desc node_desc = { .name = "T_Node", .nprops = 1, .props = id_props };
static const mofrt_class_desc big_desc = { .name = "T_Big", .superclass = "T_Node", .nprops = 1, .props = id_props };
static const mofrt_class_desc hub_desc = { .name = "T_Hub", .nprops = 1, .props = id_props };
static const mofrt_prop_desc link_props[] = {
    { .name = "Node", .type = MOFRT_T_REFERENCE, .flags = MOFRT_F_KEY, .ref_class = "T_Node" },
    { .name = "Hub", .type = MOFRT_T_REFERENCE, .flags = MOFRT_F_KEY, .ref_class = "T_Hub" },
};
static const mofrt_class_desc link_desc = { .name = "T_Link", .nprops = 2, .props = link_props,
                                            .flags = MOFRT_C_ASSOCIATION };
static const mofrt_class_desc *const descs[] = { &node_desc, &big_desc, &hub_desc, &link_desc };

static mofsrv *host(void)
{
    mofrt_error err;
    mofsrv *s = mofsrv_new("root/test", &err);
    assert_non_null(s);
    assert_int_equal(mofsrv_add_classes(s, descs, 4, &err), 0);
    assert_int_equal(mofsrv_open_store(s, NULL, &err), 0);
    assert_int_equal(mofsrv_start(s, &err), 0);
    return s;
}

/* CLASS.Id=id, plus Extra="x" when extra */
static mofrt_path *path(const char *cls, unsigned id, bool extra)
{
    mofrt_error err;
    mofrt_path *p = mofrt_path_new(NULL, NULL, cls);
    mofrt_value v = mofrt_value_uint(MOFRT_T_UINT32, id);
    assert_int_equal(mofrt_path_add_key(p, "Id", &v, &err), 0);
    if (extra) {
        mofrt_value x;
        assert_int_equal(mofrt_value_string(&x, "x", &err), 0);
        assert_int_equal(mofrt_path_add_key(p, "Extra", &x, &err), 0);
    }
    return p;
}

static void put(mofsrv *s, mofrt_instance *inst)
{
    mofrt_error err;
    inst->path = mofsrv_schema_path_of(&s->schema, inst, &err);
    assert_non_null(inst->path);
    assert_int_equal(mofsrv_store_put(&s->store, inst, &err), 0);
}

static void put_node(mofsrv *s, const char *cls, unsigned id)
{
    mofrt_error err;
    mofrt_instance *i = mofrt_instance_new(cls);
    mofrt_value v = mofrt_value_uint(MOFRT_T_UINT32, id);
    assert_int_equal(mofrt_instance_set(i, "Id", &v, &err), 0);
    put(s, i);
}

/* A link from node (named as node_cls, with an extra key when extra) to hub 0. */
static void put_link(mofsrv *s, const char *node_cls, unsigned node, bool extra)
{
    mofrt_error err;
    mofrt_instance *l = mofrt_instance_new("T_Link");
    mofrt_value a = mofrt_value_ref_take(path(node_cls, node, extra));
    mofrt_value b = mofrt_value_ref_take(path("T_Hub", 0, false));
    assert_int_equal(mofrt_instance_set(l, "Node", &a, &err), 0);
    assert_int_equal(mofrt_instance_set(l, "Hub", &b, &err), 0);
    put(s, l);
}

typedef struct seen {
    size_t n;
    unsigned node;   /* the Id of the last visited link's node */
} seen;

static int visit(void *arg, const mofrt_instance *inst)
{
    seen *w = arg;
    w->n++;
    const mofrt_value *v = mofrt_instance_get(inst, "Node");
    const mofrt_value *id = v && v->v.ref ? mofrt_path_get_key(v->v.ref, "Id") : NULL;
    w->node = id ? (unsigned)id->v.u : 0;
    return 0;
}

/* The referrers of cls.Id=id: how many the index handed out. */
static size_t referrers(mofsrv *s, const char *cls, unsigned id, seen *w)
{
    memset(w, 0, sizeof *w);
    mofrt_path *p = path(cls, id, false);
    size_t before = s->store.ref_visits;
    assert_int_equal(mofsrv_store_each_referrer(&s->store, mofsrv_schema_find(&s->schema, cls), p, visit, w), 0);
    mofrt_path_free(p);
    assert_int_equal(s->store.ref_visits - before, w->n);
    return w->n;
}

/* 10,000 links: the referrers of one node are its one link, not a scan. */
static void one_of_many(void **state)
{
    (void)state;
    mofsrv *s = host();
    put_node(s, "T_Hub", 0);
    for (unsigned i = 0; i < 10000; i++) {
        put_node(s, "T_Node", i);
        put_link(s, "T_Node", i, false);
    }
    seen w;
    assert_int_equal(referrers(s, "T_Node", 4321, &w), 1);
    assert_int_equal(w.node, 4321);
    assert_int_equal(referrers(s, "T_Node", 20000, &w), 0);   /* nothing refers to it */
    /* the hub: every link refers to it */
    assert_int_equal(referrers(s, "T_Hub", 0, &w), 10000);
    /* a deleted link leaves the index */
    mofrt_path *lp = NULL;
    {
        mofrt_error err;
        mofrt_instance *probe = mofrt_instance_new("T_Link");
        mofrt_value a = mofrt_value_ref_take(path("T_Node", 4321, false));
        mofrt_value b = mofrt_value_ref_take(path("T_Hub", 0, false));
        assert_int_equal(mofrt_instance_set(probe, "Node", &a, &err), 0);
        assert_int_equal(mofrt_instance_set(probe, "Hub", &b, &err), 0);
        lp = mofsrv_schema_path_of(&s->schema, probe, &err);
        mofrt_instance_free(probe);
    }
    assert_true(mofsrv_store_del(&s->store, lp));
    mofrt_path_free(lp);
    assert_int_equal(referrers(s, "T_Node", 4321, &w), 0);
    assert_int_equal(referrers(s, "T_Hub", 0, &w), 9999);
    mofsrv_free(s);
}

/* A reference naming the instance by its superclass is found from the
 * instance's own class; replacing a link keeps one index entry. */
static void superclass_and_replace(void **state)
{
    (void)state;
    mofsrv *s = host();
    put_node(s, "T_Hub", 0);
    put_node(s, "T_Big", 7);
    put_link(s, "T_Node", 7, false);   /* names the T_Big by T_Node */
    seen w;
    assert_int_equal(referrers(s, "T_Big", 7, &w), 1);
    put_link(s, "T_Node", 7, false);   /* the same link again: replaced */
    assert_int_equal(s->store.count, 3);
    assert_int_equal(referrers(s, "T_Big", 7, &w), 1);
    mofsrv_free(s);
}

/* A reference with a key its class does not declare cannot be keyed: its
 * link is handed out for every lookup (the caller resolves it), until it
 * is deleted. */
static void irregular_reference(void **state)
{
    (void)state;
    mofsrv *s = host();
    put_node(s, "T_Hub", 0);
    put_node(s, "T_Node", 1);
    put_node(s, "T_Node", 2);
    put_link(s, "T_Node", 1, true);
    put_link(s, "T_Node", 2, false);
    seen w;
    assert_int_equal(referrers(s, "T_Node", 1, &w), 1);
    assert_int_equal(w.node, 1);
    assert_int_equal(referrers(s, "T_Node", 2, &w), 2);   /* its own and the irregular one */
    mofrt_error err;
    mofrt_op op = { .kind = MOFRT_OP_DELETE_INSTANCE, .ns = "root/test", .class_name = "T_Node" };
    mofrt_path *p = path("T_Node", 1, false);
    /* the store's DeleteInstance resolves the irregular reference: its link goes */
    assert_int_equal(mofsrv_store_provider.ft->del(&mofsrv_store_provider, s, &op, p, &err), MOFRT_CALL_OK);
    mofrt_path_free(p);
    assert_int_equal(s->store.count, 3);   /* hub, node 2, its link */
    assert_int_equal(s->store.irregular.count, 0);
    assert_int_equal(referrers(s, "T_Node", 2, &w), 1);
    mofsrv_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_of_many),
        cmocka_unit_test(superclass_and_replace),
        cmocka_unit_test(irregular_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
