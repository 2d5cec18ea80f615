/* The typed provider interface mofc gen makes from tests/gen/provider.mof,
 * used as an author and a host would: init with MOF defaults, keys <->
 * object path, class metadata, the typed instance operations through
 * mofrt_typed_ft (a NULL entry answers CIM_ERR_NOT_SUPPORTED), the
 * --skeleton module (every stub answers CIM_ERR_NOT_SUPPORTED), [Static]
 * enforced by the dispatcher both ways. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "provider.h"

/* C keywords as MOF names: a single '_' suffix, no doubled separator. */
_Static_assert(sizeof(T_Disk_for_In) == sizeof(mofrt_f_string), "T_Disk_for_In.new_");
_Static_assert(offsetof(T_Disk_ops, for_) > offsetof(T_Disk_ops, delete_instance), "ops.for_");

const mofrt_module *mofrt_module_main(void);

static void defaults_and_metadata(void **state)
{
    (void)state;
    T_Disk d;
    memset(&d, 0xAB, sizeof d);
    assert_int_equal(T_Disk_init(&d, NULL), 0);
    assert_int_equal(d.Slot.state, MOFRT_SET);
    assert_int_equal(d.Slot.v, 7);
    assert_string_equal(d.Label.v, "none");
    assert_true(d.Online.v);
    assert_int_equal(d.Sizes.count, 3);
    uint32_t *sizes = d.Sizes.items;   /* typed: uint32_t *, no cast */
    assert_int_equal(sizes[2], 3);
    assert_int_equal(d.Id.state, MOFRT_ABSENT);   /* no default */
    assert_int_equal(d.Twin.state, MOFRT_ABSENT);
    T_Disk_clear(&d);
    assert_int_equal(d.Label.state, MOFRT_ABSENT);

    const mofrt_class_desc *c = &T_Disk_desc;
    assert_int_equal(c->flags, 0);
    assert_int_equal(T_Link_desc.flags, MOFRT_C_ASSOCIATION);
    assert_int_equal(T_Base_desc.flags, MOFRT_C_ABSTRACT);
    assert_int_equal(c->nquals, 1);
    assert_string_equal(c->quals[0].name, "Description");
    assert_string_equal(c->quals[0].value.text[0], "A disk with defaults.");
    assert_int_equal(c->quals[0].flags, MOFRT_Q_TRANSLATABLE);
    const mofrt_prop_desc *cap = mofrt_class_find_prop(c, "Caption");
    assert_string_equal(cap->origin, "T_Base");
    assert_int_equal(cap->nquals, 1);   /* the origin's table: propagated here */
    const mofrt_prop_desc *slot = mofrt_class_find_prop(c, "Slot");
    assert_string_equal(slot->origin, "T_Disk");
    assert_int_equal(slot->def.count, 1);
    assert_string_equal(slot->def.text[0], "7");
    assert_string_equal(slot->quals[0].name, "Key");
    assert_int_equal(slot->quals[0].flags, MOFRT_Q_DISABLE_OVERRIDE);
    assert_null(mofrt_class_find_prop(c, "Id")->def.text);
    const mofrt_method_desc *scan = mofrt_class_find_method(c, "Scan");
    assert_int_equal(scan->flags, MOFRT_M_STATIC);
    assert_int_equal(mofrt_class_find_method(c, "for")->flags, 0);
    assert_int_equal(c->keys->nprops, 2);
}

static void keys_and_paths(void **state)
{
    (void)state;
    T_Disk_keys k;
    memset(&k, 0, sizeof k);
    mofrt_path *p = NULL;
    mofrt_error err;
    MOFRT_SET_VALUE(&k.Id, mofrt_strdup("d1"));
    assert_int_equal(T_Disk_keys_to_path(&k, "root/t", &p, &err), -1);   /* Slot not set */
    assert_int_equal(err.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
    assert_non_null(strstr(err.message, "Slot"));
    MOFRT_SET_VALUE(&k.Slot, 3);
    assert_int_equal(T_Disk_keys_to_path(&k, "root/t", &p, &err), 0);
    char *s = mofrt_path_to_string(p);
    assert_string_equal(s, "root/t:T_Disk.Id=\"d1\",Slot=3");
    free(s);
    T_Disk_keys_clear(&k);
    T_Disk_keys back;
    assert_int_equal(T_Disk_keys_from_path(&back, p, &err), 0);
    assert_string_equal(back.Id.v, "d1");
    assert_int_equal(back.Slot.v, 3);
    T_Disk_keys_clear(&back);
    mofrt_path_free(p);
    /* from text (numbers untyped as uint64), a missing and an unknown key */
    assert_int_equal(mofrt_path_parse("T_Disk.Id=\"x\",Slot=9", &p, NULL), 0);
    assert_int_equal(T_Disk_keys_from_path(&back, p, &err), 0);
    assert_int_equal(back.Slot.v, 9);
    T_Disk_keys_clear(&back);
    mofrt_path_free(p);
    assert_int_equal(mofrt_path_parse("T_Disk.Id=\"x\"", &p, NULL), 0);
    assert_int_equal(T_Disk_keys_from_path(&back, p, &err), -1);
    assert_non_null(strstr(err.message, "key 'Slot' missing"));
    mofrt_path_free(p);
    assert_int_equal(mofrt_path_parse("T_Disk.Id=\"x\",Slot=70000", &p, NULL), 0);
    assert_int_equal(T_Disk_keys_from_path(&back, p, &err), -1);   /* out of uint16 */
    assert_int_equal(err.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
    mofrt_path_free(p);
    /* numbers converted straight to the key's type: its range's ends, and past them */
    static const struct { const char *path; int rc; unsigned slot; } nums[] = {
        { "T_Disk.Id=\"x\",Slot=65535", 0, 65535 }, { "T_Disk.Id=\"x\",Slot=0", 0, 0 },
        { "T_Disk.Id=\"x\",Slot=65536", -1, 0 }, { "T_Disk.Id=\"x\",Slot=-1", -1, 0 },
        { "T_Disk.Id=\"x\",Slot=18446744073709551615", -1, 0 },
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        assert_int_equal(mofrt_path_parse(nums[i].path, &p, NULL), 0);
        assert_int_equal(T_Disk_keys_from_path(&back, p, &err), nums[i].rc);
        if (nums[i].rc == 0)
            assert_int_equal(back.Slot.v, nums[i].slot);
        else
            assert_int_equal(err.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
        T_Disk_keys_clear(&back);
        mofrt_path_free(p);
    }
    assert_int_equal(mofrt_path_parse("T_Disk.Id=\"x\",Slot=1,Bay=2", &p, NULL), 0);
    assert_int_equal(T_Disk_keys_from_path(&back, p, &err), -1);
    assert_non_null(strstr(err.message, "'Bay' is not a key"));
    mofrt_path_free(p);
}

/* ---- a typed provider, called as a host calls it ---------------------------- */

typedef struct test_sink {
    mofrt_sink s;
    int objects;
    char last_label[32];
} test_sink;

static int sink_object(mofrt_sink *s, const mofrt_class_desc *cls, const void *obj, mofrt_error *err)
{
    (void)err;
    test_sink *t = (test_sink *)s;
    assert_ptr_equal(cls, &T_Disk_desc);
    const T_Disk *d = obj;
    strncpy(t->last_label, d->Label.v ? d->Label.v : "", sizeof t->last_label - 1);
    t->objects++;
    return 0;
}

static int disk_get(void *ctx, const mofrt_op *op, const T_Disk_keys *keys, T_Disk *inst, mofrt_error *err)
{
    (void)ctx;
    (void)op;
    if (keys->Slot.v != 3)
        return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no disk in slot %u",
                               (unsigned)keys->Slot.v);
    if (T_Disk_init(inst, err) < 0)
        return -1;
    MOFRT_SET_VALUE(&inst->Id, mofrt_strdup(keys->Id.v));
    return 0;
}

static int disk_enum(void *ctx, const mofrt_op *op, mofrt_sink *sink, mofrt_error *err)
{
    (void)ctx;
    (void)op;
    for (int i = 0; i < 3; i++) {
        T_Disk d;
        memset(&d, 0, sizeof d);
        MOFRT_SET_VALUE(&d.Label, i == 2 ? "last" : "disk");   /* borrowed: not cleared */
        if (T_Disk_post(sink, &d, err) < 0)
            return -1;
    }
    return 0;
}

static int disk_create(void *ctx, const mofrt_op *op, const T_Disk *inst, T_Disk_keys *created,
                       mofrt_error *err)
{
    (void)ctx;
    (void)op;
    (void)created;   /* left unset: the keys of inst */
    (void)err;
    assert_string_equal(inst->Label.v, "new");
    return 0;
}

static const T_Disk_ops disk_ops = {
    .get_instance = disk_get, .enumerate_instances = disk_enum, .create_instance = disk_create,
};

static void typed_operations(void **state)
{
    (void)state;
    static const mofrt_class_provider prov = T_Disk_PROVIDER(&disk_ops);
    mofrt_op op = {.kind = MOFRT_OP_GET_INSTANCE, .ns = "root/t", .class_name = "T_Disk"};
    test_sink t = {{NULL, sink_object, NULL}, 0, ""};
    mofrt_error err;
    mofrt_path *p = NULL;
    assert_int_equal(mofrt_path_parse("T_Disk.Id=\"d1\",Slot=3", &p, NULL), 0);
    assert_int_equal(prov.ft->get(&prov, NULL, &op, p, &t.s, &err), MOFRT_CALL_OK);
    assert_int_equal(t.objects, 1);
    assert_string_equal(t.last_label, "none");   /* the default, from T_Disk_init */
    mofrt_path_free(p);
    assert_int_equal(mofrt_path_parse("T_Disk.Id=\"d1\",Slot=4", &p, NULL), 0);
    assert_int_equal(prov.ft->get(&prov, NULL, &op, p, &t.s, &err), MOFRT_CALL_FAILED);
    assert_int_equal(err.code, MOFRT_CIM_ERR_NOT_FOUND);
    assert_int_equal(prov.ft->del(&prov, NULL, &op, p, &err), MOFRT_CALL_NOT_IMPLEMENTED);
    assert_int_equal(err.code, MOFRT_CIM_ERR_NOT_SUPPORTED);
    assert_string_equal(err.message, "T_Disk.DeleteInstance is not implemented");
    mofrt_path_free(p);

    t.objects = 0;
    assert_int_equal(prov.ft->enumerate(&prov, NULL, &op, &t.s, &err), MOFRT_CALL_OK);
    assert_int_equal(t.objects, 3);
    assert_string_equal(t.last_label, "last");

    /* CreateInstance: generic instance in, typed struct to the provider, path out */
    mofrt_instance *inst = mofrt_instance_new("T_Disk");
    mofrt_value v;
    assert_int_equal(mofrt_value_string(&v, "new", NULL), 0);
    mofrt_instance_set(inst, "Label", &v, NULL);
    assert_int_equal(mofrt_value_string(&v, "d9", NULL), 0);
    mofrt_instance_set(inst, "Id", &v, NULL);
    mofrt_value tv;   /* untyped text, as wbemcli sends it: typed as uint16 */
    assert_int_equal(mofrt_value_string(&tv, "5", NULL), 0);
    tv.untyped = true;
    mofrt_instance_set(inst, "Slot", &tv, NULL);
    mofrt_path *created = NULL;
    assert_int_equal(prov.ft->create(&prov, NULL, &op, inst, &created, &err), MOFRT_CALL_OK);
    char *s = mofrt_path_to_string(created);
    assert_string_equal(s, "root/t:T_Disk.Id=\"d9\",Slot=5");
    free(s);
    mofrt_path_free(created);
    /* an unknown property is refused */
    assert_int_equal(mofrt_value_string(&v, "x", NULL), 0);
    mofrt_instance_set(inst, "Colour", &v, NULL);
    assert_int_equal(prov.ft->create(&prov, NULL, &op, inst, &created, &err), MOFRT_CALL_FAILED);
    assert_int_equal(err.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
    assert_non_null(strstr(err.message, "'Colour'"));
    mofrt_instance_free(inst);

    /* a non-association: associators are the host's business */
    assert_int_equal(prov.ft->associators(&prov, NULL, &op, NULL, &t.s, &err), MOFRT_CALL_NOT_IMPLEMENTED);
    /* an association without the typed entry: NOT_IMPLEMENTED, so the host computes it */
    static const T_Link_ops link_ops = {.enumerate_instances = NULL};
    static const mofrt_class_provider link = T_Link_PROVIDER(&link_ops);
    assert_int_equal(link.ft->references(&link, NULL, &op, NULL, &t.s, &err), MOFRT_CALL_NOT_IMPLEMENTED);
    assert_int_equal(err.code, MOFRT_CIM_ERR_NOT_SUPPORTED);
}

static void skeleton_module(void **state)
{
    (void)state;
    const mofrt_module *m = mofrt_module_main();
    mofrt_error err;
    assert_int_equal(mofrt_module_check(m, &err), 0);
    assert_string_equal(m->name, "provider");
    assert_int_equal(m->nclasses, 3);
    assert_int_equal(m->nproviders, 3);
    void *ctx = (void *)1;
    assert_int_equal(m->load(NULL, &ctx, &err), 0);
    const mofrt_class_provider *disk = NULL;
    for (size_t i = 0; i < m->nproviders; i++)
        if (m->providers[i].cls == &T_Disk_desc)
            disk = &m->providers[i];
    assert_non_null(disk);
    mofrt_op op = {.kind = MOFRT_OP_ENUMERATE_INSTANCES, .ns = "root/t", .class_name = "T_Disk"};
    test_sink t = {{NULL, sink_object, NULL}, 0, ""};
    assert_int_equal(disk->ft->enumerate(disk, ctx, &op, &t.s, &err), MOFRT_CALL_FAILED);
    assert_int_equal(err.code, MOFRT_CIM_ERR_NOT_SUPPORTED);
    assert_string_equal(err.message, "T_Disk: EnumerateInstances is not implemented");
    m->unload(ctx);
}

/* [Static] both ways, through the method dispatcher. */
#define REQ(path) \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">" \
    "<MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><METHODCALL NAME=\"Scan\">" path \
    "<PARAMVALUE NAME=\"Depth\" PARAMTYPE=\"uint16\"><VALUE>1</VALUE></PARAMVALUE>" \
    "</METHODCALL></SIMPLEREQ></MESSAGE></CIM>"
#define NS "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"t\"/></LOCALNAMESPACEPATH>"

static int scan(void *ctx, const mofrt_invocation *inv, const T_Disk_Scan_In *in, T_Disk_Scan_Out *out,
                mofrt_f_uint32 *ret, mofrt_error *err)
{
    (void)ctx;
    (void)inv;
    (void)err;
    mofrt_path **found = calloc(1, sizeof *found);   /* mofrt_path **: a char ** would not compile */
    mofrt_path_parse("T_Disk.Id=\"a\",Slot=1", &found[0], NULL);
    out->Found.items = found;
    out->Found.count = 1;
    out->Found.state = MOFRT_SET;
    MOFRT_SET_VALUE(ret, in->Depth.v);
    return 0;
}

static void static_methods(void **state)
{
    (void)state;
    static const T_Disk_ops ops = {.Scan = scan};
    mofrt_provider provs[] = {T_Disk_provider(&ops, NULL)};
    mofrt_dispatch_table table = {1, provs};
    mofrt_buf b = MOFRT_BUF_INIT;
    mofrt_error err;
    static const char on_class[] = REQ("<LOCALCLASSPATH>" NS "<CLASSNAME NAME=\"T_Disk\"/></LOCALCLASSPATH>");
    assert_int_equal(mofrt_dispatch_xml(&table, on_class, sizeof on_class - 1, NULL, &b, &err), MOFRT_DISPATCH_OK);
    assert_non_null(strstr(b.data, "<VALUE>1</VALUE></RETURNVALUE>"));
    assert_non_null(strstr(b.data, "PARAMVALUE NAME=\"Found\" PARAMTYPE=\"reference\"><VALUE.REFARRAY>"));
    mofrt_buf_reset(&b);
    static const char on_instance[] = REQ("<LOCALINSTANCEPATH>" NS "<INSTANCENAME CLASSNAME=\"T_Disk\">"
                                          "<KEYBINDING NAME=\"Id\"><KEYVALUE>a</KEYVALUE></KEYBINDING>"
                                          "</INSTANCENAME></LOCALINSTANCEPATH>");
    assert_int_equal(mofrt_dispatch_xml(&table, on_instance, sizeof on_instance - 1, NULL, &b, &err),
                     MOFRT_DISPATCH_CIM_ERROR);
    assert_int_equal(err.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
    assert_string_equal(err.message, "T_Disk.Scan is static: invoke it on the class path");
    mofrt_buf_reset(&b);
    static const char for_on_class[] =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">"
        "<MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><METHODCALL NAME=\"for\">"
        "<LOCALCLASSPATH>" NS "<CLASSNAME NAME=\"T_Disk\"/></LOCALCLASSPATH>"
        "</METHODCALL></SIMPLEREQ></MESSAGE></CIM>";
    assert_int_equal(mofrt_dispatch_xml(&table, for_on_class, sizeof for_on_class - 1, NULL, &b, &err),
                     MOFRT_DISPATCH_CIM_ERROR);
    assert_int_equal(err.code, MOFRT_CIM_ERR_INVALID_PARAMETER);
    assert_string_equal(err.message, "T_Disk.for is not static: invoke it on an instance path");
    mofrt_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_and_metadata),
        cmocka_unit_test(keys_and_paths),
        cmocka_unit_test(typed_operations),
        cmocka_unit_test(skeleton_module),
        cmocka_unit_test(static_methods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
