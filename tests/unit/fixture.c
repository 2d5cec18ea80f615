#include "tests/unit/fixture.h"
#include <stdio.h>
#include <string.h>

void fx_parse(fx *f, const char *src, mof_dialect d)
{
    memset(f, 0, sizeof *f);
    mofc_ctx_init(&f->ctx);
    f->ctx.dialect = d;
    mof_parse_memory(&f->ctx, "t.mof", src, strlen(src), &f->unit);
}

void fx_parse_file(fx *f, const char *path, mof_dialect d)
{
    memset(f, 0, sizeof *f);
    mofc_ctx_init(&f->ctx);
    f->ctx.dialect = d;
    const char *paths[] = {path};
    mof_parse_files(&f->ctx, paths, 1, &f->unit);
}

const char *fx_describe(fx *f, size_t i, char *buf, size_t n)
{
    diagnostic *d = &f->ctx.diag.items[i];
    source_file *sf = source_get(&f->ctx.sources, d->span.file);
    src_pos p = sf ? source_pos(sf, d->span.start) : (src_pos){0, 0};
    snprintf(buf, n, "%s %u:%u %s", diag_code(d->id), p.line, p.col, d->msg);
    return buf;
}

void fx_expect(fx *f, const char *code, unsigned line, unsigned col, const char *msg)
{
    char want[512], got[512];
    snprintf(want, sizeof want, "%s %u:%u %s", code, line, col, msg);
    if (f->checked >= f->ctx.diag.n) {
        print_error("expected diagnostic '%s', got none\n", want);
        fail();
    }
    fx_describe(f, f->checked++, got, sizeof got);
    assert_string_equal(got, want);
}

void fx_done(fx *f)
{
    char got[512];
    if (f->checked < f->ctx.diag.n) {
        for (size_t i = f->checked; i < f->ctx.diag.n; i++)
            print_error("unchecked diagnostic: %s\n", fx_describe(f, i, got, sizeof got));
        mofc_ctx_free(&f->ctx);
        fail();
    }
    mofc_ctx_free(&f->ctx);
}
