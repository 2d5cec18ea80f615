/* libgit2's git_patch_from_buffers is git's own diff (xdiff, Myers with
 * git's bounds on the cost of large changes) on two buffers in memory: the
 * diff `git diff` prints, without a repository, a subprocess or a diff of
 * our own.
 *
 * libgit2 is loaded with dlopen() when `mofc fmt --diff` asks for it, not
 * linked: linking it loads its TLS, SSH and Kerberos libraries into every
 * mofc run, 3.4 MiB of resident memory and 7 M instructions of relocation
 * (measured on `mofc check` of CIM 2.49, whose whole run is ~30 MiB) for a
 * feature one command uses. The library's file name (its SONAME) is found
 * at build time (cli/module.mk). */
#include "cli/text_diff.h"
#include <dlfcn.h>
#include <git2.h>
#include <string.h>

#ifndef GIT2_SONAME
#define GIT2_SONAME "libgit2.so"
#endif

static void *lib;
static struct {
    int (*init)(void);
    int (*shutdown)(void);
    int (*options_init)(git_diff_options *, unsigned int);
    int (*from_buffers)(git_patch **, const void *, size_t, const char *, const void *, size_t,
                        const char *, const git_diff_options *);
    int (*print)(git_patch *, git_diff_line_cb, void *);
    void (*patch_free)(git_patch *);
} git;

/* POSIX dlsym returns an object pointer; the copy makes it a function
 * pointer without a cast between the two kinds (ISO C forbids it). */
static bool sym(void *fn, size_t size, const char *name)
{
    void *p = dlsym(lib, name);
    memcpy(fn, &p, size);
    return p != NULL;
}
#define SYM(field, name) sym(&git.field, sizeof git.field, name)

const char *text_diff_begin(void)
{
    lib = dlopen(GIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return dlerror();
    if (!SYM(init, "git_libgit2_init") || !SYM(shutdown, "git_libgit2_shutdown") ||
        !SYM(options_init, "git_diff_options_init") ||
        !SYM(from_buffers, "git_patch_from_buffers") || !SYM(print, "git_patch_print") ||
        !SYM(patch_free, "git_patch_free")) {
        const char *why = dlerror();
        dlclose(lib);
        lib = NULL;
        return why ? why : "a libgit2 function is missing";
    }
    git.init();
    return NULL;
}

void text_diff_end(void)
{
    if (!lib)
        return;
    git.shutdown();
    dlclose(lib);
    lib = NULL;
}

static int print_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
                      const git_diff_line *line, void *payload)
{
    (void)delta;
    (void)hunk;
    FILE *out = payload;
    if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
        line->origin == GIT_DIFF_LINE_DELETION)
        fputc(line->origin, out);
    fwrite(line->content, 1, line->content_len, out);
    return 0;
}

bool text_diff(FILE *out, const char *path, const char *old, size_t old_len, const char *new_,
               size_t new_len)
{
    if (!lib)
        return false;
    git_diff_options opts;
    git.options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.context_lines = 3;
    /* MOF is text: compare it as text even where libgit2 would guess binary. */
    opts.flags |= GIT_DIFF_FORCE_TEXT;
    git_patch *patch = NULL;
    bool ok = git.from_buffers(&patch, old, old_len, path, new_, new_len, path, &opts) == 0;
    if (ok)
        ok = git.print(patch, print_line, out) == 0;
    git.patch_free(patch);
    return ok;
}
