/* Unified diffs of two texts (mofc fmt --diff), computed by libgit2. */
#ifndef MOFC_TEXT_DIFF_H
#define MOFC_TEXT_DIFF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* libgit2's set-up and tear-down, around the calls of text_diff: begin
 * loads the library and returns NULL, or why it could not (dlerror's
 * text); end is harmless when begin failed. */
const char *text_diff_begin(void);
void text_diff_end(void);

/* Writes to out the unified diff (3 lines of context) that turns
 * old[0, old_len) into new_[0, new_len), both named path, with git's
 * headers ("diff --git a/PATH b/PATH", "--- a/PATH", "+++ b/PATH"), so
 * that `git apply` and `patch -p1` take it. Nothing when they are equal.
 * Returns false when libgit2 failed (out of memory). */
bool text_diff(FILE *out, const char *path, const char *old, size_t old_len, const char *new_,
               size_t new_len);
#endif
