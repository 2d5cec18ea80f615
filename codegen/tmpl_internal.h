/* Shared between tmpl_parse.c and tmpl_render.c; not a public header. */
#ifndef MOFC_TMPL_INTERNAL_H
#define MOFC_TMPL_INTERNAL_H

#include "codegen/tmpl.h"

typedef enum tmpl_op_kind {
    OP_TEXT,     /* literal text */
    OP_INDENT,   /* a line starts here: emit the partial indentation */
    OP_VAR,      /* {{name}}: escaped per options */
    OP_RAW,      /* {{{name}}} / {{&name}}: never escaped */
    OP_SECTION,  /* {{#name}} ... up to ops[end] */
    OP_INVERTED, /* {{^name}} ... up to ops[end] */
    OP_END,      /* {{/name}} */
    OP_PARTIAL,  /* {{>name}} */
    OP_DYN_PARTIAL /* {{>*name}}: partial named by the value of name */
} tmpl_op_kind;

/* One dotted-name segment ("a.b.c" has three). */
typedef struct tmpl_seg {
    const char *s;
    uint32_t len;
} tmpl_seg;

typedef struct tmpl_op {
    uint8_t kind;
    uint8_t standalone;  /* partials: tag alone on its line (gets indent) */
    uint32_t offset;     /* where the tag (or text) starts, for errors */
    const char *str;     /* text, or the name as written */
    uint32_t len;
    uint32_t end;        /* sections: index of the matching OP_END */
    uint32_t seg, nseg;  /* name segments in template->segs; nseg 0 = "." */
    const char *indent;  /* standalone partials: whitespace before the tag */
    uint32_t indent_len;
} tmpl_op;

struct tmpl_template {
    char *name;
    char *src; /* private copy: ops point into it */
    size_t src_len;
    tmpl_op *ops;
    size_t nops;
    tmpl_seg *segs;
    size_t nsegs;
};

/* Fills err with message and the line/column of offset in t's source. */
void tmpl_error_at(tmpl_error *err, const char *name, const char *src, size_t offset,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
