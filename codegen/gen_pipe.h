/* mofc gen's classes, built on the calling thread and rendered on a
 * second one (docs/templates.md, "What runs where"): while the templates
 * render class k into the outputs, the template values of class k+1 are
 * being built. The output is the same bytes as rendering each class right
 * after building it, and so are the diagnostics (see gen_slot.diag).
 *
 * Thread safety: a slot belongs to the builder from gen_pipe_take to
 * gen_pipe_put and to the renderer from then until it is free again (the
 * queue's mutex orders the two). What the renderer reads besides its slot
 * was written before the slot was put and is never written again: inherited
 * nodes (frozen, in the model's shared tree, which only grows) and strings
 * in the run's arena (which only grows). The renderer alone touches the
 * render jobs, their streams and output files. Everything else of the run
 * (its arena, its sources, its diagnostics) is used under ctx_lock: the
 * builder holds it while building a class; the renderer takes it only for
 * what is rare (a partial loaded, a slot's diagnostics replayed, an output
 * file created or failing). */
#ifndef MOFC_GEN_PIPE_H
#define MOFC_GEN_PIPE_H
#include "codegen/gen_enum.h"
#include "codegen/tmpl.h"
#include "common/context.h"
#include "schema/model.h"
#include <pthread.h>

/* A qualifier table named while building, its rows made when the class
 * is pushed: on the render thread, which has time to spare (the rows, with
 * their Description literals, are a quarter of building). */
typedef struct gen_table_todo {
    const char *name;
    const model_quals *q;
    bool propagated_all;
} gen_table_todo;

/* One class on its way: built into, then pushed to the streams. */
typedef struct gen_slot {
    tmpl_tree *tree;       /* its template values: a holder object with */
    tmpl_value *classes;   /*   [the class] */
    tmpl_value *tables;    /* the class's qual_tables: the tables it adds, in order */
    arena strings;         /* the strings they point to */
    gen_table_todo *todo;  /* its qualifier tables, rows still to make */
    size_t ntodo, todo_cap;
    gen_enum *enums;       /* its ValueMap enums, named, values still to make */
    size_t nenums, enums_cap;
    /* On the second thread: what building it reported (a diag_fork of
     * the run's sink), replayed into the run's just before the class is
     * rendered, or dropped when an earlier class failed to render, as if
     * the build had stopped there. */
    diag_sink diag;
    bool failed;           /* building it ran out of memory */
} gen_slot;

/* Sets up s (tree, holder, strings); gen_slot_reset empties it for the
 * next class, gen_slot_free frees it. */
bool gen_slot_init(gen_slot *s);
void gen_slot_reset(gen_slot *s);
void gen_slot_free(gen_slot *s);

/* Adds a table to make (gen_qual_table) when s is pushed. */
void gen_slot_table(gen_slot *s, const char *name, const model_quals *q, bool propagated_all);
/* Adds an enum to fill (gen_enum_fill) when s is pushed. */
void gen_slot_enum(gen_slot *s, const gen_enum *e);

/* Makes s's tables and fills its enums (what gen_slot_table and
 * gen_slot_enum left to do), on whichever thread has the time. */
void gen_slot_fill(gen_slot *s);

/* Makes s's tables and fills its enums (gen_slot_fill), then pushes its
 * class to class_stream. */
bool gen_slot_push(tmpl_value *class_stream, gen_slot *s, tmpl_error *err);

/* The renderer thread; NULL when it cannot be started (render on the
 * calling thread then). */
typedef struct gen_pipe gen_pipe;
gen_pipe *gen_pipe_start(mofc_ctx *ctx, pthread_mutex_t *ctx_lock, tmpl_value *class_stream);
/* An empty slot to build the next class into, waiting while all are in
 * use (the builder then forks the run's sink into its diag, under
 * ctx_lock); NULL once rendering failed: build no more. */
gen_slot *gen_pipe_take(gen_pipe *p);
/* Whether the renderer has a batch of classes waiting: the builder then
 * fills its slot itself (gen_slot_fill) rather than leave it to the
 * renderer, so that the work goes to whichever thread has time. */
bool gen_pipe_behind(gen_pipe *p);
/* Hands the built slot to the renderer. */
void gen_pipe_put(gen_pipe *p, gen_slot *s);
/* Waits until every slot put is rendered, stops the thread, frees p.
 * false with *err filled when rendering (or a build: "out of memory")
 * failed. */
bool gen_pipe_finish(gen_pipe *p, tmpl_error *err);
#endif
