/* mofc check --dump-model: the checked model as indented text, in
 * declaration order, namespaces in order of first use. Deterministic. */
#include "schema/check.h"
#include <inttypes.h>
#include <stdlib.h>

static void value_text(FILE *out, const ast_value *v);

static void str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out), fputc(*s, out);
        else if (*s == '\n')
            fputs("\\n", out);
        else if ((unsigned char)*s < 0x20)
            fprintf(out, "\\x%04X", (unsigned char)*s);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

static void value_text(FILE *out, const ast_value *v)
{
    if (!v) {
        fputs("true", out);
        return;
    }
    switch (v->kind) {
    case VAL_NULL: fputs("null", out); break;
    case VAL_BOOL: fputs(v->u.b ? "true" : "false", out); break;
    case VAL_INT: fprintf(out, "%s%" PRIu64, v->u.i.neg ? "-" : "", v->u.i.mag); break;
    case VAL_REAL: fprintf(out, "%.17g", v->u.r); break;
    case VAL_STRING: str(out, v->u.str.s); break;
    case VAL_CHAR16: fprintf(out, "'\\x%04" PRIX32 "'", v->u.c16); break;
    case VAL_ALIAS: fprintf(out, "$%s", v->u.alias); break;
    case VAL_ARRAY:
        fputc('{', out);
        for (size_t i = 0; i < v->u.arr.n; i++) {
            if (i)
                fputs(", ", out);
            value_text(out, v->u.arr.items[i]);
        }
        fputc('}', out);
        break;
    case VAL_INSTANCE: fprintf(out, "instance of %s", v->u.inst->class_name.name); break;
    }
}

static void flavors(FILE *out, unsigned f)
{
    static const char *const names[] = {"EnableOverride", "DisableOverride", "Restricted",
                                        "ToSubclass", "Translatable", "Amended", "ToInstance",
                                        "NotToInstance", "NotToSubclass"};
    const char *sep = "";
    for (int i = 0; i < 9; i++)
        if (f & (1u << i)) {
            fprintf(out, "%s%s", sep, names[i]);
            sep = " ";
        }
}

static void quals(FILE *out, const model_quals *q, int ind)
{
    for (size_t i = 0; i < q->n; i++) {
        const model_qualifier *x = &q->items[i];
        fprintf(out, "%*s[%s", ind, "", x->decl ? x->decl->name : x->name);
        if (x->value) {
            fputs(" = ", out);
            value_text(out, x->value);
        }
        fputs(" : ", out);
        flavors(out, x->flavors);
        if (x->from)
            fprintf(out, " (from %s)", x->from->name);
        fputs("]\n", out);
    }
}

static void type_text(FILE *out, mof_type t, const char *ref, bool array, uint64_t fixed)
{
    if (t == TYPE_REF)
        fprintf(out, "%s ref", ref);
    else
        fputs(mof_type_name(t), out);
    if (fixed)
        fprintf(out, "[%" PRIu64 "]", fixed);
    else if (array)
        fputs("[]", out);
}

static void vmap(FILE *out, const model_valuemap *m, int ind)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        const model_vm_entry *e = &m->items[i];
        fprintf(out, "%*svalue ", ind, "");
        if (e->kind == VM_STRING)
            str(out, e->text);
        else if (e->kind == VM_VALUE)
            fprintf(out, m->is_signed ? "%" PRId64 : "%" PRIu64, e->lo);
        else if (m->is_signed)
            fprintf(out, "%" PRId64 "..%" PRId64, (int64_t)e->lo, (int64_t)e->hi);
        else
            fprintf(out, "%" PRIu64 "..%" PRIu64, e->lo, e->hi);
        if (e->name) {
            fputs(" = ", out);
            str(out, e->name);
        }
        fputc('\n', out);
    }
}

static void feature(FILE *out, const model_class *c, const model_feature *f)
{
    static const char *const kinds[] = {"property", "reference", "method"};
    fprintf(out, "    %s %s ", kinds[f->kind], f->name);
    type_text(out, f->type, f->ref_class_name, f->array, f->fixed_size);
    if (f->class_typed)     /* WMI/MI: the class as the type, an embedded instance */
        fprintf(out, " (embedded %s)", f->embedded_class_name);
    if (f->origin != c)
        fprintf(out, " (inherited from %s)", f->origin->name);
    else if (f->overrides)
        fprintf(out, " (overrides %s.%s)", f->overrides->origin->name, f->overrides->name);
    if (f->key)
        fputs(" key", out);
    if (f->def) {
        fputs(" = ", out);
        value_text(out, f->def);
    }
    fputc('\n', out);
    if (f->origin != c)
        return;
    quals(out, &f->quals, 6);
    vmap(out, f->vmap, 6);
    for (size_t i = 0; i < f->nparams; i++) {
        const model_param *p = &f->params[i];
        fprintf(out, "      parameter %s ", p->name);
        type_text(out, p->type, p->ref_class_name, p->array, p->fixed_size);
        if (p->class_typed)
            fprintf(out, " (embedded %s)", p->embedded_class_name);
        fprintf(out, "%s%s%s\n", p->in ? " in" : "", p->out ? " out" : "", p->required ? " required" : "");
        quals(out, &p->quals, 8);
        vmap(out, p->vmap, 8);
    }
}

void schema_dump(mofc_ctx *ctx, const schema_model *m, FILE *out)
{
    (void)ctx;
    for (size_t n = 0; n < m->nns; n++) {
        const model_namespace *ns = m->ns[n];
        fprintf(out, "namespace %s\n", ns->name);
        for (size_t i = 0; i < ns->nclasses; i++) {
            const model_class *c = ns->class_list[i];
            if (c->system)
                continue;
            fprintf(out, "  class %s", c->name);
            if (c->super)
                fprintf(out, " : %s", c->super->name);
            if (c->abstract)
                fputs(" abstract", out);
            if (c->association)
                fputs(" association", out);
            if (c->indication)
                fputs(" indication", out);
            fprintf(out, " keys=%zu\n", c->nkeys);
            quals(out, &c->quals, 4);
            const model_feature **all = model_class_features(c);
            for (size_t k = 0; k < c->nfeatures; k++)
                feature(out, c, all[k]);
            free(all);
        }
        for (size_t i = 0; i < m->ninstances; i++) {
            const model_instance *in = m->instances[i];
            if (in->ns != ns)
                continue;
            fprintf(out, "  instance of %s", in->cls->name);
            if (in->alias)
                fprintf(out, " as $%s", in->alias);
            fputc('\n', out);
            quals(out, &in->quals, 4);
            for (size_t k = 0; k < in->nprops; k++) {
                const model_prop_value *p = &in->props[k];
                if (p->value) {
                    fprintf(out, "    %s = ", p->name);
                    value_text(out, p->value);
                    fputc('\n', out);
                } else {
                    fprintf(out, "    %s (no value: WMI DYNPROPS)\n", p->name);
                }
                quals(out, &p->quals, 6);
            }
        }
    }
}
