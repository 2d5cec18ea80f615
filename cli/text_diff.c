/* libgit2's git_patch_from_buffers is git's own diff (xdiff, Myers with
 * git's bounds on the cost of large changes) on two buffers in memory: the
 * diff `git diff` prints, without a repository, a subprocess or a diff of
 * our own. */
#include "cli/text_diff.h"
#include <git2.h>

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

void text_diff_begin(void) { git_libgit2_init(); }
void text_diff_end(void) { git_libgit2_shutdown(); }

bool text_diff(FILE *out, const char *path, const char *old, size_t old_len, const char *new_,
               size_t new_len)
{
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.context_lines = 3;
    /* MOF is text: compare it as text even where libgit2 would guess binary. */
    opts.flags |= GIT_DIFF_FORCE_TEXT;
    git_patch *patch = NULL;
    bool ok = git_patch_from_buffers(&patch, old, old_len, path, new_, new_len, path, &opts) == 0;
    if (ok)
        ok = git_patch_print(patch, print_line, out) == 0;
    git_patch_free(patch);
    return ok;
}
