#include "common/context.h"
#include <string.h>

void mofc_ctx_init(mofc_ctx *c)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->arena);
    source_set_init(&c->sources);
    diag_init(&c->diag, &c->sources);
    c->limits.max_file_size = 64u << 20;
    c->limits.max_ident_len = 1024;
    c->limits.max_string_len = 16u << 20;
    c->limits.max_array_items = 1000000;
    c->limits.max_include_depth = 64;
    c->limits.max_nesting = 64;
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
