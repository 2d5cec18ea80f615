/* mofc check --dump-ast: the tree as indented text, one node a line, with
 * each node's location, in source order. Deterministic by construction. */
#include "parser/mof_parse.h"
#include <inttypes.h>

typedef struct dumper {
    mofc_ctx *ctx;
    FILE *out;
} dumper;

static void at(dumper *d, mof_span sp)
{
    source_file *f = source_get(&d->ctx->sources, sp.file);
    if (!f)
        return;
    src_pos a = source_pos(f, sp.start), b = source_pos(f, sp.end);
    fprintf(d->out, " <%s:%u:%u-%u:%u>", f->path, a.line, a.col, b.line, b.col);
}

static void indent(dumper *d, int n) { fprintf(d->out, "%*s", n * 2, ""); }

static void str(dumper *d, const char *s, size_t n)
{
    fputc('"', d->out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(d->out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", d->out);
        else if (c < 0x20)
            fprintf(d->out, "\\x%04X", c);
        else
            fputc(c, d->out);
    }
    fputc('"', d->out);
}

static void instance(dumper *d, const ast_instance *in, int lvl);
static void quals(dumper *d, const ast_qual_list *q, int lvl);

static void value(dumper *d, const ast_value *v, int lvl)
{
    indent(d, lvl);
    switch (v->kind) {
    case VAL_NULL: fputs("null", d->out); break;
    case VAL_BOOL: fputs(v->u.b ? "true" : "false", d->out); break;
    case VAL_INT: {
        static const char *const base[] = {"dec", "bin", "oct", "hex"};
        fprintf(d->out, "int %s%" PRIu64 " (%s)", v->u.i.neg ? "-" : "", v->u.i.mag, base[v->u.i.base]);
        break;
    }
    case VAL_REAL: fprintf(d->out, "real %.17g", v->u.r); break;
    case VAL_STRING: fputs("string ", d->out); str(d, v->u.str.s, v->u.str.len); break;
    case VAL_CHAR16: fprintf(d->out, "char16 U+%04" PRIX32, v->u.c16); break;
    case VAL_ALIAS: fprintf(d->out, "alias $%s", v->u.alias); break;
    case VAL_ARRAY:
        fprintf(d->out, "array [%zu]", v->u.arr.n);
        at(d, v->span);
        fputc('\n', d->out);
        for (size_t i = 0; i < v->u.arr.n; i++)
            value(d, v->u.arr.items[i], lvl + 1);
        return;
    case VAL_INSTANCE:
        fputs("embedded", d->out);
        at(d, v->span);
        fputc('\n', d->out);
        instance(d, v->u.inst, lvl + 1);
        return;
    }
    at(d, v->span);
    fputc('\n', d->out);
}

static void flavors(dumper *d, unsigned bits)
{
    static const char *const names[] = {"EnableOverride", "DisableOverride", "Restricted",
                                        "ToSubclass", "Translatable", "Amended", "ToInstance",
                                        "NotToInstance", "NotToSubclass"};
    for (int b = 0; b < 9; b++)
        if (bits & (1u << b))
            fprintf(d->out, " %s", names[b]);
}

static void quals(dumper *d, const ast_qual_list *q, int lvl)
{
    for (size_t i = 0; i < q->n; i++) {
        const ast_qualifier *x = &q->items[i];
        indent(d, lvl);
        fprintf(d->out, "qualifier %s", x->name.name);
        if (x->flavor_bits) {
            fputs(" :", d->out);
            flavors(d, x->flavor_bits);
        }
        at(d, x->span);
        fputc('\n', d->out);
        if (x->value)
            value(d, x->value, lvl + 1);
    }
}

static void type(dumper *d, const ast_type *t)
{
    if (t->type == TYPE_REF)
        fprintf(d->out, "%s ref", t->name.name);
    else
        fputs(mof_type_name(t->type), d->out);
    if (t->fixed)
        fprintf(d->out, "[%" PRIu64 "]", t->size);
    else if (t->array)
        fputs("[]", d->out);
}

static void instance(dumper *d, const ast_instance *in, int lvl)
{
    indent(d, lvl);
    fprintf(d->out, "instance of %s", in->class_name.name);
    if (in->alias.name)
        fprintf(d->out, " as $%s", in->alias.name);
    at(d, in->span);
    fputc('\n', d->out);
    quals(d, &in->quals, lvl + 1);
    for (size_t i = 0; i < in->nprops; i++) {
        const ast_prop_value *p = &in->props[i];
        indent(d, lvl + 1);
        fprintf(d->out, "value %s", p->name.name);
        at(d, p->span);
        fputc('\n', d->out);
        quals(d, &p->quals, lvl + 2);
        if (p->value)
            value(d, p->value, lvl + 2);
    }
}

static void feature(dumper *d, const ast_feature *f, int lvl)
{
    static const char *const kinds[] = {"property", "reference", "method"};
    indent(d, lvl);
    fprintf(d->out, "%s %s ", kinds[f->kind], f->name.name);
    type(d, &f->type);
    at(d, f->span);
    fputc('\n', d->out);
    quals(d, &f->quals, lvl + 1);
    if (f->def) {
        indent(d, lvl + 1);
        fputs("default\n", d->out);
        value(d, f->def, lvl + 2);
    }
    for (size_t i = 0; i < f->nparams; i++) {
        const ast_param *p = &f->params[i];
        indent(d, lvl + 1);
        fprintf(d->out, "parameter %s ", p->name.name);
        type(d, &p->type);
        at(d, p->span);
        fputc('\n', d->out);
        quals(d, &p->quals, lvl + 2);
    }
}

void mof_ast_dump(mofc_ctx *ctx, const ast_unit *unit, FILE *out)
{
    dumper d = {ctx, out};
    for (size_t i = 0; i < unit->n; i++) {
        const ast_item *it = &unit->items[i];
        switch (it->kind) {
        case ITEM_PRAGMA: {
            const ast_pragma *p = it->u.pragma;
            fprintf(out, "pragma %s", p->name.name);
            at(&d, p->span);
            fputc('\n', out);
            for (size_t k = 0; k < p->nargs; k++) {
                if (p->args[k].ident) {
                    indent(&d, 1);
                    fprintf(out, "identifier %s\n", p->args[k].name.name);
                } else {
                    value(&d, p->args[k].value, 1);
                }
            }
            break;
        }
        case ITEM_QUALIFIER_DECL: {
            const ast_qualifier_decl *q = it->u.qdecl;
            fprintf(out, "qualifier-declaration %s ", q->name.name);
            if (q->short_form)
                fputs("(flavors only)", out);
            else
                type(&d, &q->type);
            fprintf(out, " scope 0x%03x", q->scopes);
            if (q->flavor_bits) {
                fputs(" flavor", out);
                flavors(&d, q->flavor_bits);
            }
            at(&d, q->span);
            fputc('\n', out);
            if (q->def)
                value(&d, q->def, 1);
            break;
        }
        case ITEM_CLASS: {
            const ast_class *c = it->u.cls;
            fprintf(out, "class %s", c->name.name);
            if (c->alias.name)
                fprintf(out, " as $%s", c->alias.name);
            if (c->super.name)
                fprintf(out, " : %s", c->super.name);
            at(&d, c->span);
            fputc('\n', out);
            quals(&d, &c->quals, 1);
            for (size_t k = 0; k < c->nfeatures; k++)
                feature(&d, &c->features[k], 1);
            break;
        }
        case ITEM_INSTANCE:
            instance(&d, it->u.inst, 0);
            break;
        }
    }
}
