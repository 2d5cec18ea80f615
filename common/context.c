#include "common/context.h"
#include <string.h>

mofc_limits mofc_limits_default(void)
{
    mofc_limits l;
    l.max_file_size = 64u << 20;
    l.max_ident_len = 1024;
    l.max_string_len = 16u << 20;
    l.max_array_items = 1000000;
    l.max_include_depth = 64;
    l.max_nesting = 64;
    l.max_embed_expansion = 1000000;
    return l;
}

void mofc_ctx_init(mofc_ctx *c)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->arena);
    source_set_init(&c->sources);
    c->sources.arena = &c->arena;
    diag_init(&c->diag, &c->sources);
    c->limits = mofc_limits_default();
    c->dialect = DIALECT_AUTO;
}

void mofc_ctx_free(mofc_ctx *c)
{
    diag_free(&c->diag);
    source_set_free(&c->sources);
    arena_free(&c->arena);
}

mof_dialect mofc_file_dialect(const mofc_ctx *c, uint32_t file)
{
    source_file *f = source_get(&c->sources, file);
    if (!f)
        return c->dialect == DIALECT_AUTO ? DIALECT_DMTF : c->dialect;
    return f->dialect;
}

void mofc_dialect_sign(mofc_ctx *c, mof_span at, mof_dialect d, const char *what)
{
    source_file *f = source_get(&c->sources, at.file);
    if (f && (d == DIALECT_WMI || d == DIALECT_MI) && !SOURCE_SIGN(f, d).what) {
        SOURCE_SIGN(f, d).what = what;
        SOURCE_SIGN(f, d).at = at;
    }
}

void mofc_dialect_settle(mofc_ctx *c, source_file *f)
{
    if (f->dialect != DIALECT_AUTO) {       /* --dialect: no note needed */
        diag_settle(&c->diag, f->id);
        return;
    }
    const char *what = NULL;
    bool hint = false;
    mof_span none = {0, 0, 0};
    f->dialect_at = none;
    mof_dialect d = DIALECT_MI;
    if (SOURCE_SIGN(f, DIALECT_MI).what || dialect_sign_file_name(f->path, &what) == DIALECT_MI) {
        if (SOURCE_SIGN(f, DIALECT_MI).what) {
            f->dialect_at = SOURCE_SIGN(f, DIALECT_MI).at;
            what = arena_printf(&c->arena, "it uses %s", SOURCE_SIGN(f, DIALECT_MI).what);
        }
    } else if (SOURCE_SIGN(f, DIALECT_WMI).what) {
        d = DIALECT_WMI;
        f->dialect_at = SOURCE_SIGN(f, DIALECT_WMI).at;
        what = arena_printf(&c->arena, "it uses %s", SOURCE_SIGN(f, DIALECT_WMI).what);
    } else if (f->included_from.file) {
        source_file *up = source_get(&c->sources, f->included_from.file);
        d = up->dialect;
        f->dialect_at = f->included_from;
        /* the same text for every file up includes (CIM 2.49's top file
         * includes 1,634) */
        if (c->includer != up) {
            c->includer = up;
            c->includer_why = arena_printf(&c->arena, "'%s' includes it", up->path);
        }
        what = c->includer_why;
    } else {
        d = DIALECT_DMTF;
        what = "it uses no WMI or MI construct";
        hint = true;
    }
    f->dialect = d;
    f->dialect_why = what;
    f->dialect_hint = hint;
    diag_settle(&c->diag, f->id);
}
