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

static const ast_class *find_builtin(builder *b, mof_dialect d, const char *name)
{
    if (d != DIALECT_WMI && d != DIALECT_MI)
        return NULL;
    ast_unit *u = &b->builtin[d];
    if (!b->builtin_read[d]) {
        b->builtin_read[d] = true;
        const char *text = d == DIALECT_WMI ? builtin_wmi_mof : builtin_mi_mof;
        mof_parse_memory(b->ctx, d == DIALECT_WMI ? "<wmi built-in>" : "<mi built-in>", text,
                         strlen(text), u);
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
