/* libmofsrv: class-valued method parameters checked against their
 * declaration (see mofsrv_paramclass.h). */
#include "server/mofsrv_paramclass.h"

#include <string.h>

/* The class a value names: a reference's class, an embedded instance's
 * class (decoded from its text when the client sent it as a plain string,
 * as wbemcli does); NULL when it cannot be told here (the dispatch then
 * reports the malformed value). *tmp holds what was decoded. */
static const char *class_of_value(const mofrt_value *v, bool embedded, mofrt_path **ptmp, mofrt_instance **itmp)
{
    if (v->is_null)
        return NULL;
    if (!embedded) {
        if (v->type == MOFRT_T_REFERENCE)
            return v->v.ref ? v->v.ref->class_name : NULL;
        /* a reference as text: only when the client sent no type (wbemcli);
         * a value typed otherwise is the dispatch's to refuse */
        if (v->type == MOFRT_T_STRING && v->untyped && v->v.s && mofrt_path_parse(v->v.s, ptmp, NULL) == 0 &&
            (*ptmp)->count)
            return (*ptmp)->class_name;
        return NULL;
    }
    if (v->type == MOFRT_T_INSTANCE)
        return v->v.emb.inst ? v->v.emb.inst->class_name : NULL;
    if (v->type == MOFRT_T_STRING && v->v.s &&
        mofrt_xml_decode_instance(v->v.s, strlen(v->v.s), NULL, 1, itmp, NULL) == 0)
        return (*itmp)->class_name;
    return NULL;
}

/* The end of every class fault's message: what mofsrv_param_class_fault
 * recognises. */
#define CLASS_FAULT_END " (or a subclass) is declared"

static int check_one(const mofsrv_schema *schema, const mofrt_param_desc *pd, const mofrt_value *v,
                     mofrt_error *err)
{
    mofrt_path *ptmp = NULL;
    mofrt_instance *itmp = NULL;
    bool embedded = pd->type == MOFRT_T_INSTANCE;
    const char *given = class_of_value(v, embedded, &ptmp, &itmp);
    int rc = 0;
    if (given && !mofrt_name_eq(given, pd->ref_class) &&
        !mofsrv_class_is_a(mofsrv_schema_find(schema, given), pd->ref_class))
        rc = mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_PARAM,
                             "parameter '%.60s': %s of class %.100s where %.100s" CLASS_FAULT_END,
                             pd->name, embedded ? "an embedded instance" : "a reference", given, pd->ref_class);
    mofrt_path_free(ptmp);
    mofrt_instance_free(itmp);
    return rc;
}

int mofsrv_param_classes_check(const mofsrv_schema *schema, const mofrt_method_desc *m, const mofrt_request *req,
                               mofrt_error *err)
{
    for (size_t i = 0; i < req->nparams; i++) {
        const mofrt_param *p = &req->params[i];
        const mofrt_param_desc *pd = NULL;
        for (size_t k = 0; k < m->nparams && !pd; k++)
            if (mofrt_name_eq(m->params[k].name, p->name))
                pd = &m->params[k];
        /* unknown and output-only parameters are the dispatch's to refuse */
        bool in = (pd && (pd->flags & MOFRT_F_IN)) || (pd && !(pd->flags & MOFRT_F_OUT));
        if (!in || !pd->ref_class || (pd->type != MOFRT_T_REFERENCE && pd->type != MOFRT_T_INSTANCE))
            continue;
        const mofrt_value *v = &p->value;
        if (v->is_array && !v->is_null) {
            for (size_t k = 0; k < v->v.arr.count; k++)
                if (check_one(schema, pd, &v->v.arr.items[k], err) < 0)
                    return -1;
        } else if (check_one(schema, pd, v, err) < 0) {
            return -1;
        }
    }
    return 0;
}

bool mofsrv_param_class_fault(const mofrt_error *e)
{
    if (!e || e->kind != MOFRT_E_PARAM || e->code != MOFRT_CIM_ERR_INVALID_PARAMETER)
        return false;
    size_t n = strlen(e->message), k = sizeof CLASS_FAULT_END - 1;
    return n >= k && strcmp(e->message + n - k, CLASS_FAULT_END) == 0;
}
