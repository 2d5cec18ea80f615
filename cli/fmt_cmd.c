/* mofc fmt [--check] [--diff] [-i] FILE...: each file parsed on its own
 * (includes are not followed: every file is formatted as written), laid
 * out by format/, written back in the encoding it was read in. */
#include "cli/fmt_cmd.h"
#include "cli/options.h"
#include "cli/text_diff.h"
#include "common/read_file.h"
#include "format/format.h"
#include "parser/mof_parse.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fmt_flags { bool check, diff, in_place; } fmt_flags;

/* Replaces path's content at once: a temporary file in the same folder,
 * with the same permissions, renamed over it (a symbolic link's target
 * is replaced, the link stays). A reader, or an interrupted mofc, sees
 * the old file or the new one, never a part. No fsync: like gofmt and
 * clang-format, -i is not a durability barrier (it costs 8 ms a file
 * here, 13 s for CIM 2.49). */
static bool write_atomic(const char *path, const strbuf *data, const char **why)
{
    char *real = realpath(path, NULL);
    struct stat st;
    if (!real || stat(real, &st) != 0) {
        *why = strerror(errno);
        free(real);
        return false;
    }
    size_t len = strlen(real);
    char *tmp = malloc(len + 16);
    if (!tmp)
        abort();
    memcpy(tmp, real, len);
    memcpy(tmp + len, ".fmt-XXXXXX", 12);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    if (ok && (fchmod(fd, st.st_mode & 07777) != 0))
        ok = false;
    if (ok && fchown(fd, st.st_uid, st.st_gid) != 0) {
        /* not the owner (and not root): the file becomes ours, as an editor's save would */
    }
    for (size_t done = 0; ok && done < data->len;) {
        ssize_t w = write(fd, data->data + done, data->len - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        done += ok ? (size_t)w : 0;
    }
    if (!ok)
        *why = strerror(errno);
    if (fd >= 0 && close(fd) != 0 && ok) {
        *why = strerror(errno);
        ok = false;
    }
    if (ok && rename(tmp, real) != 0) {
        *why = strerror(errno);
        ok = false;
    }
    if (!ok && fd >= 0)
        unlink(tmp);
    free(tmp);
    free(real);
    return ok;
}

static bool has_bom(const unsigned char *raw, size_t n)
{
    return (n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) ||
           (n >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF)));
}

/* The start of the line where a and b first differ, as an offset in a. */
static uint32_t first_change(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0;
    while (i < na && i < nb && a[i] == b[i])
        i++;
    while (i > 0 && a[i - 1] != '\n')
        i--;
    return (uint32_t)i;
}

/* Formats one file. Returns 2 for I/O errors, 1 for an input that does
 * not parse or (--check) is not formatted, else 0. */
static int fmt_file(mofc_ctx *ctx, const char *path, const fmt_flags *fl)
{
    mof_span none = {0, 0, 0};
    size_t n = 0;
    const char *why = NULL;
    unsigned char *raw = read_regular_file(path, ctx->limits.max_file_size, &n, &why);
    if (!raw) {
        diag_report(&ctx->diag, DIAG_IO_ERROR, none, "cannot read '%s': %s", path, why);
        return 2;
    }
    size_t errors = ctx->diag.errors;
    ast_unit unit = {0};
    mof_parse_alone(ctx, path, raw, n, &unit);
    if (ctx->diag.errors != errors || ctx->diag.stopped) {
        free(raw);
        return 1;   /* reported; the file is left as it is */
    }
    source_file *f = source_get(&ctx->sources, (uint32_t)(ctx->sources.n - 1));
    strbuf text = STRBUF_INIT, bytes = STRBUF_INIT;
    size_t where = 0;
    int rc = 0;
    if (!mof_format(f->text, f->len, unit.items, unit.n, &text, &where)) {
        diag_report(&ctx->diag, DIAG_FMT_FAULT, (mof_span){f->id, (uint32_t)where, (uint32_t)where},
                    "mofc fmt could not keep every token and comment here; '%s' is left as it is",
                    path);
        rc = 1;
        goto out;
    }
    source_encode(f->encoding, has_bom(raw, n), text.data, text.len, &bytes);
    bool changed = bytes.len != n || (n && memcmp(bytes.data, raw, n) != 0);
    if (fl->check && changed) {
        uint32_t at = first_change(f->text, f->len, text.data, text.len);
        diag_report(&ctx->diag, DIAG_FMT_UNFORMATTED, (mof_span){f->id, at, at},
                    "'%s' is not formatted (mofc fmt -i %s): the first change is on this line",
                    path, path);
        rc = 1;
    }
    if (fl->diff && changed && !text_diff(stdout, path, f->text, f->len, text.data, text.len)) {
        diag_report(&ctx->diag, DIAG_IO_ERROR, none, "cannot compute the diff of '%s'", path);
        rc = 2;
    }
    if (fl->in_place && changed && !write_atomic(path, &bytes, &why)) {
        diag_report(&ctx->diag, DIAG_IO_ERROR, none, "cannot write '%s': %s", path, why);
        rc = 2;
    }
    if (!fl->check && !fl->diff && !fl->in_place && bytes.len &&
        fwrite(bytes.data, 1, bytes.len, stdout) != bytes.len)
        rc = 2;
out:
    strbuf_free(&text);
    strbuf_free(&bytes);
    free(raw);
    return rc;
}

int fmt_main(int argc, char **argv, void (*usage)(FILE *))
{
    /* The fmt flags are taken out; the rest are the common options. */
    fmt_flags fl = {0};
    char **rest = malloc(((size_t)argc + 1) * sizeof *rest);
    if (!rest)
        abort();
    int nrest = 0;
    bool only_files = false;
    for (int i = 0; i < argc; i++) {
        if (!only_files && !strcmp(argv[i], "--check"))
            fl.check = true;
        else if (!only_files && !strcmp(argv[i], "--diff"))
            fl.diff = true;
        else if (!only_files && (!strcmp(argv[i], "-i") || !strcmp(argv[i], "--in-place")))
            fl.in_place = true;
        else {
            only_files |= !strcmp(argv[i], "--");
            rest[nrest++] = argv[i];
        }
    }
    mofc_options o;
    int rc = options_parse(&o, nrest, rest);
    if (rc == OPT_OK && fl.check && fl.in_place) {
        fputs("mofc: fmt --check and -i exclude each other (try 'mofc --help')\n", stderr);
        rc = OPT_USAGE;
    }
    if (rc == OPT_OK && (o.outdir || o.dump_ast || o.dump_model || o.ninclude_dirs)) {
        fputs("mofc: fmt takes --check, --diff, -i and the diagnostics and limit options only"
              " (try 'mofc --help')\n", stderr);
        rc = OPT_USAGE;
    }
    for (size_t i = 0; rc == OPT_OK && i < o.nfiles; i++)
        if (!strcmp(o.files[i], "-")) {
            fputs("mofc: fmt reads files, not standard input\n", stderr);
            rc = OPT_USAGE;
        }
    if (rc != OPT_OK) {
        if (rc == OPT_HELP)
            usage(stdout);
        options_free(&o);
        free(rest);
        return rc == OPT_HELP ? 0 : 2;
    }
    mofc_ctx ctx;
    mofc_ctx_init(&ctx);
    options_apply(&o, &ctx);
    if (fl.check && !o.max_errors_set)
        ctx.diag.max_errors = 0;   /* --check names every file that would change */
    int worst = 0;
    const char *why = fl.diff ? text_diff_begin() : NULL;
    if (why) {
        fprintf(stderr, "mofc: fmt --diff needs libgit2: %s\n", why);
        mofc_ctx_free(&ctx);
        options_free(&o);
        free(rest);
        return 2;
    }
    for (size_t i = 0; i < o.nfiles && !ctx.diag.stopped; i++) {
        int r = fmt_file(&ctx, o.files[i], &fl);
        worst = r > worst ? r : worst;
    }
    if (fl.diff)
        text_diff_end();
    fflush(stdout);
    /* fmt is not a linter: the parser's warnings are for mofc check. */
    diag_print(&ctx.diag, o.format == DIAG_TEXT ? stderr : stdout, o.format, true);
    mofc_ctx_free(&ctx);
    options_free(&o);
    free(rest);
    return worst;
}
