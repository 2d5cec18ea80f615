/* Namespaces: #pragma namespace switches the namespace for what follows.
 * Names are normalised to the slash form: "\\.\root\HyperVCluster\v2"
 * becomes "root/HyperVCluster/v2". In the WMI dialect a path that does not
 * start at root is relative to the current namespace, as in mofcomp. */
#include "schema/check.h"
#include "common/strbuf.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *ns_default(builder *b, mof_span sp)
{
    if (b->ctx->default_namespace)
        return b->ctx->default_namespace;
    /* mofcomp compiles into root\default; DMTF servers use root/cimv2. */
    return b_wmi(b, sp) ? "root/default" : "root/cimv2";
}

model_namespace *ns_get(builder *b, const char *name)
{
    model_namespace *ns = names_get(&b->m->namespaces, name);
    if (ns)
        return ns;
    ns = arena_alloc(B_ARENA, sizeof *ns);
    ns->name = arena_strdup(B_ARENA, name);
    names_init(&ns->classes);
    names_init(&ns->qualdecls);
    names_put(&b->m->namespaces, ns->name, ns);
    if (b->m->nns == b->m->cap_ns) {
        b->m->cap_ns = b->m->cap_ns ? b->m->cap_ns * 2 : 8;
        b->m->ns = realloc(b->m->ns, b->m->cap_ns * sizeof *b->m->ns);
        if (!b->m->ns)
            abort();
    }
    b->m->ns[b->m->nns++] = ns;
    return ns;
}

void ns_add_class(builder *b, model_namespace *ns, model_class *c)
{
    (void)b;
    names_replace(&ns->classes, c->name, c);
    if (ns->nclasses == ns->cap) {
        ns->cap = ns->cap ? ns->cap * 2 : 8;
        ns->class_list = realloc(ns->class_list, ns->cap * sizeof *ns->class_list);
        if (!ns->class_list)
            abort();
    }
    ns->class_list[ns->nclasses++] = c;
}

void ns_drop_replaced(builder *b)
{
    if (!b->nreplaced)
        return;
    for (size_t n = 0; n < b->m->nns; n++) {
        model_namespace *ns = b->m->ns[n];
        size_t kept = 0;
        for (size_t i = 0; i < ns->nclasses; i++)
            if (names_get(&ns->classes, ns->class_list[i]->name) == ns->class_list[i])
                ns->class_list[kept++] = ns->class_list[i];
        ns->nclasses = kept;
    }
}

/* "\\server\root\x", "//./root/x", "root\x" -> "root/x" */
static char *normalise(builder *b, const char *path, bool *absolute)
{
    const char *p = path;
    *absolute = false;
    if ((p[0] == '\\' || p[0] == '/') && (p[1] == '\\' || p[1] == '/')) {
        p += 2;
        while (*p && *p != '\\' && *p != '/')
            p++;
        *absolute = true;
    }
    strbuf s = STRBUF_INIT;
    for (; *p; p++) {
        char c = *p == '\\' ? '/' : *p;
        if (c == '/' && (s.len == 0 || s.data[s.len - 1] == '/'))
            continue;
        strbuf_addc(&s, c);
    }
    if (s.len && s.data[s.len - 1] == '/')
        s.data[--s.len] = '\0';
    char *r = arena_strdup(B_ARENA, s.len ? s.data : "");
    strbuf_free(&s);
    if (!strncasecmp(r, "root", 4) && (r[4] == '/' || r[4] == '\0'))
        *absolute = true;
    return r;
}

void ns_pragma(builder *b, const ast_pragma *p)
{
    if (p->kind != PRAGMA_NAMESPACE || p->nargs != 1 || p->args[0].ident ||
        p->args[0].value->kind != VAL_STRING)
        return;
    bool absolute;
    char *name = normalise(b, p->args[0].value->u.str.s, &absolute);
    if (!*name)
        return;
    if (!absolute && b_microsoft(b, p->span) && b->ns)
        name = arena_printf(B_ARENA, "%s/%s", b->ns->name, name);
    b->ns = ns_get(b, name);
}
