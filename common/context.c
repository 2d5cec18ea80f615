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
    return l;
}

void mofc_ctx_init(mofc_ctx *c)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->arena);
    source_set_init(&c->sources);
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

bool mofc_file_is_wmi(const mofc_ctx *c, uint32_t file)
{
    if (c->dialect != DIALECT_AUTO)
        return c->dialect == DIALECT_WMI;
    source_file *f = source_get(&c->sources, file);
    return f && f->wmi;
}
