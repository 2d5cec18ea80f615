/* tmpl: a small logic-less template engine compatible with Mustache
 * (https://mustache.github.io/mustache.5.html), used by `mofc gen`.
 *
 *   tmpl_template *t = tmpl_compile("class.h", text, len, &err); // parse once
 *   tmpl_env *env = tmpl_env_new(&opts);                          // partials cache
 *   tmpl_render(env, t, model, &out, &err);                       // render often
 *
 * The language is described in docs/templates.md.  Nothing here prints or
 * exits: every failure comes back as a tmpl_error.
 */
#ifndef MOFC_TMPL_H
#define MOFC_TMPL_H

#include "codegen/tmpl_value.h"

/* Limits (errors past them, never a crash). */
#define TMPL_MAX_SECTION_DEPTH 100 /* sections nested in one template */
#define TMPL_MAX_PARTIAL_DEPTH 100 /* partials nested while rendering */
#define TMPL_MAX_RENDER_DEPTH 1000 /* sections + partials while rendering */
/* Work per render: nested sections over lists multiply, so a hostile
 * template could otherwise run for ever (mofc gen over CIM 2.49 takes
 * about 1.5 million steps and writes 13 MB). */
#define TMPL_MAX_RENDER_STEPS 200000000u
#define TMPL_MAX_OUTPUT ((size_t)1 << 30)  /* bytes one render may write */

/* What went wrong, for callers that add to the message or react: the
 * message itself is for people. */
typedef enum tmpl_error_kind {
    TMPL_ERR_TEMPLATE,        /* the template's text, or a name it uses (strict mode) */
    TMPL_ERR_UNKNOWN_PARTIAL, /* strict mode: the partial callback has no such partial */
    TMPL_ERR_OUTPUT,          /* the write function or a temporary file failed */
} tmpl_error_kind;

typedef struct tmpl_error {
    tmpl_error_kind kind;
    char message[256];
    char template_name[128]; /* the template or partial at fault */
    int line;                /* 1-based */
    int column;              /* 1-based, in characters (UTF-8 aware) */
} tmpl_error;

typedef enum tmpl_escape {
    TMPL_ESCAPE_HTML, /* Mustache default: & < > " ' become entities */
    TMPL_ESCAPE_NONE  /* what mofc uses: it generates C, not HTML */
} tmpl_escape;

/* Strictness flags for tmpl_options.flags. */
enum {
    TMPL_STRICT_VARS = 1u << 0,     /* a name that resolves to nothing is an error */
    TMPL_STRICT_PARTIALS = 1u << 1, /* a partial the callback lacks is an error */
    TMPL_STRICT = TMPL_STRICT_VARS | TMPL_STRICT_PARTIALS
};

/* Returns the text of partial `name` (NUL-terminated, read during the
 * call only) or NULL if there is none. */
typedef const char *(*tmpl_partial_fn)(void *user, const char *name);

typedef struct tmpl_options {
    tmpl_escape escape;
    unsigned flags;
    tmpl_partial_fn partial; /* may be NULL: no partials */
    void *partial_user;
    unsigned long max_steps; /* 0: TMPL_MAX_RENDER_STEPS */
} tmpl_options;

typedef struct tmpl_template tmpl_template;
typedef struct tmpl_env tmpl_env;

/* Compiles text (len bytes; need not be NUL-terminated; copied).  name is
 * used in error messages.  Returns NULL and fills *err on error. */
tmpl_template *tmpl_compile(const char *name, const char *text, size_t len, tmpl_error *err);
void tmpl_template_free(tmpl_template *t);
const char *tmpl_template_name(const tmpl_template *t);

/* An environment holds the options and caches compiled partials by name,
 * so each partial is loaded and parsed once for all renders.  opts NULL
 * means defaults: HTML escaping, not strict, no partials. */
tmpl_env *tmpl_env_new(const tmpl_options *opts);
void tmpl_env_free(tmpl_env *env);

/* Appends the rendering of t with data to out.  Returns true on success;
 * on failure out is restored to its previous length and *err is filled. */
bool tmpl_render(tmpl_env *env, const tmpl_template *t, const tmpl_value *data,
                 tmpl_buf *out, tmpl_error *err);

/* Convenience: compile + render in one call, with a throw-away env. */
bool tmpl_render_string(const char *text, size_t len, const tmpl_value *data,
                        const tmpl_options *opts, tmpl_buf *out, tmpl_error *err);

/* ---- Render jobs: output of any size, lists rendered item by item ----
 *
 *   tmpl_job *j = tmpl_job_start(env, t, model, write, user, dir, &err);
 *   for each item: build it, tmpl_stream_push(list, item, &err), free it
 *   tmpl_job_finish(j, &err); tmpl_job_free(j);
 *
 * tmpl_job_start renders t like tmpl_render, except that a section over a
 * streamed list (tmpl_object_set_stream) only marks its place (a hole).
 * Every item pushed to that list later is rendered into each of its holes
 * in every job, with the context stack the section had; the item is not
 * kept, so the caller may free it after the push. tmpl_job_finish renders
 * the inverted sections over streamed lists that got no item, then hands
 * the rest of the output to `write`. The output reaches `write` in order,
 * in pieces: the text before the first hole, and that hole's items, as
 * soon as they are rendered; later holes wait in memory, or past 256 KiB
 * in an unlinked temporary file in spill_dir (NULL: memory only). Nothing is
 * held in memory that the output's length could make grow, but the text
 * between holes. A section over a streamed list inside an item of one is
 * an error. t, data (but the pushed items) and env must outlive the job.
 * write returns false to stop (its reason is the caller's to report); every
 * function returns false (NULL) on error with *err filled. */
typedef struct tmpl_job tmpl_job;
typedef bool (*tmpl_write_fn)(void *user, const char *data, size_t len);
tmpl_job *tmpl_job_start(tmpl_env *env, const tmpl_template *t, const tmpl_value *data,
                         tmpl_write_fn write, void *user, const char *spill_dir, tmpl_error *err);
bool tmpl_stream_push(tmpl_value *list, const tmpl_value *item, tmpl_error *err);
bool tmpl_job_finish(tmpl_job *job, tmpl_error *err);
void tmpl_job_free(tmpl_job *job);

/* "name:line:column: message", e.g. for mofc's diagnostics. */
void tmpl_error_format(const tmpl_error *err, char *buf, size_t size);

#endif
