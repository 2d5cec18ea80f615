/* Built-in classes of a dialect, declared on first use: a WMI file that
 * derives from __Win32Provider or makes an instance of __EventFilter, or a
 * DSC schema deriving from OMI_BaseResource, gets the class (and its
 * superclasses) with its documented members in the namespace it uses it
 * in, so Override ("Clsid") and instance properties check as mofcomp and
 * the MI codec would. A declaration in the input comes first and wins. */
#include "schema/check.h"
#include "schema/dialects/builtin_classes.h"
#include "parser/mof_parse.h"
#include <string.h>
#include <strings.h>

static const ast_class *find_builtin(builder *b, mof_dialect d, const char *name)
{
    if (d != DIALECT_WMI && d != DIALECT_MI)
        return NULL;
    ast_unit *u = &b->builtin[d];
    if (!b->builtin_read[d]) {
        b->builtin_read[d] = true;
        const char *text = d == DIALECT_WMI ? builtin_wmi_mof : builtin_mi_mof;
        const char *src = d == DIALECT_WMI ? "<wmi built-in>" : "<mi built-in>";
        mof_parse_memory(b->ctx, src, text, strlen(text), u);
        /* --stats says what it is, not which of its constructs chose it. */
        source_set *ss = &b->ctx->sources;
        source_file *sf = ss->n ? source_get(ss, (uint32_t)(ss->n - 1)) : NULL;
        if (sf && sf->dialect_why && !strcmp(sf->path, src)) {
            /* its note keeps what decided the dialect */
            if (!sf->dialect_note)
                sf->dialect_note = arena_printf(&b->ctx->arena, SOURCE_DIALECT_NOTE,
                                                SOURCE_DIALECT_NOTE_ARGS(sf));
            sf->dialect_why = d == DIALECT_WMI ? "mofc's copy of WMI's system classes, read on first use"
                                               : "mofc's copy of DSC's base classes, read on first use";
            sf->dialect_at = (mof_span){0, 0, 0};
        }
    }
    for (size_t i = 0; i < u->n; i++)
        if (u->items[i].kind == ITEM_CLASS && name_eq(u->items[i].u.cls->name.name, name))
            return u->items[i].u.cls;
    return NULL;
}

model_class *builtin_class(builder *b, model_namespace *ns, const char *name, mof_dialect d)
{
    const ast_class *ac = find_builtin(b, d, name);
    if (!ac)
        return NULL;
    model_namespace *keep = b->ns;
    bool outer = b->in_builtin;
    b->ns = ns;
    b->in_builtin = true;
    class_build(b, ac);
    b->in_builtin = outer;
    b->ns = keep;
    return names_get(&ns->classes, name);
}

/* The dialect whose tool knows the class without a declaration: WMI for
 * every "__" class (mofcomp has them all), MI for DSC's base classes (a
 * name declared in builtin_mi_mof); DIALECT_AUTO for any other. Only for
 * messages: a scan of the MI text, never a parse of it. */
static mof_dialect builtin_class_dialect(const char *name)
{
    if (name[0] == '_' && name[1] == '_')
        return DIALECT_WMI;
    size_t n = strlen(name);
    for (const char *p = builtin_mi_mof; (p = strstr(p, "class ")) != NULL; p += 6)
        if (!strncasecmp(p + 6, name, n) && (p[6 + n] == ' ' || p[6 + n] == '{'))
            return DIALECT_MI;
    return DIALECT_AUTO;
}

void builtin_class_note(builder *b, diagnostic *dg, const char *name, mof_span at)
{
    mof_dialect d = builtin_class_dialect(name);
    if (!dg || d == DIALECT_AUTO || d == b_dialect(b, at))
        return;
    diag_add_note(B_DIAG, dg, at,
                  d == DIALECT_WMI ? "'%s' is a WMI system class: --dialect=wmi knows it"
                                   : "'%s' is a PowerShell DSC class: --dialect=mi knows it",
                  name);
}
