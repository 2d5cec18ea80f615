/* The printer: walks the parsed tree of one file and writes its tokens
 * (taken from the text, fmt_lex.c) in the canonical layout, each with the
 * comments that stood before it.
 *
 * A group (a qualifier list, an array, a qualifier's value) is first
 * written on one line; when that needs a line break (a // comment, a
 * concatenated string) or passes FMT_WIDTH columns, the output is rolled
 * back and the group is written broken over lines. A try stops as soon as
 * it fails, so it costs at most a line's worth of text. */
#include "format/format.h"
#include "format/fmt_lex.h"
#include <string.h>

/* How a token is separated from what comes before it. The line kinds
 * start a new line at p->indent: S_LINE keeps one blank line from the
 * source, S_TIGHT drops it before the first thing written (after an
 * opening brace, after a qualifier list), S_BLANK always has one, S_CLOSE
 * never has one before the token itself (a closing brace). */
typedef enum sep { S_NONE, S_SPACE, S_LINE, S_TIGHT, S_BLANK, S_CLOSE } sep;

static bool is_line(sep s) { return s >= S_LINE; }

/* Everything a failed one-line try rolls back. */
typedef struct pstate {
    size_t pos;            /* next token */
    size_t len;            /* output length */
    unsigned col;          /* column at the end of the output, in characters */
    unsigned line_indent;  /* indentation of the current line */
    int nls;               /* line breaks since the last text; -1: nothing written yet */
    bool space;            /* a blank is due before the next text */
    bool need_nl;          /* a // comment ended the line */
} pstate;

typedef struct printer {
    const char *src;
    size_t srclen;
    const fmt_tokens *tk;
    strbuf *out;
    const char *nl;
    pstate st;
    unsigned indent;       /* where a line that the layout starts begins */
    unsigned cont;         /* where a line that a comment forces begins */
    unsigned reserve;      /* columns that must stay free after a try: the ',' or ']' that follows */
    bool flat;             /* trying one line */
    bool failed;           /* ... and it did not fit */
    bool lost;             /* the tokens do not follow the tree: give up */
    size_t lost_at;
} printer;

static unsigned chars(const char *s, size_t n)
{
    unsigned c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static void add(printer *p, const char *s, size_t n)
{
    strbuf_add(p->out, s, n);
    p->st.len = p->out->len;
}

/* Ends the line (twice for a blank line); the next text starts at indent. */
static void brk(printer *p, unsigned indent, bool blank)
{
    if (p->flat) {
        p->failed = true;
        return;
    }
    p->st.line_indent = indent;
    p->st.space = false;
    p->st.need_nl = false;
    if (p->st.nls < 0)
        return;   /* no line break at the start of the file */
    int want = blank ? 2 : 1;
    while (p->st.nls < want) {
        add(p, p->nl, strlen(p->nl));
        p->st.nls++;
    }
    p->st.col = 0;
}

/* Writes text without line breaks, after the indentation or the blank
 * that is due. */
static void text(printer *p, const char *s, size_t n)
{
    if (p->st.need_nl)
        brk(p, p->cont, false);
    if (p->failed)
        return;
    if (p->st.nls != 0) {
        strbuf_reserve(p->out, p->st.line_indent);
        for (unsigned i = 0; i < p->st.line_indent; i++)
            p->out->data[p->out->len++] = ' ';
        p->out->data[p->out->len] = '\0';
        p->st.col = p->st.line_indent;
    } else if (p->st.space) {
        add(p, " ", 1);
        p->st.col++;
    }
    p->st.space = false;
    p->st.nls = 0;
    add(p, s, n);
    p->st.col += chars(s, n);
    if (p->flat && p->st.col + p->reserve > FMT_WIDTH)
        p->failed = true;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static size_t trim_end(const char *s, size_t n)
{
    while (n && is_blank(s[n - 1]))
        n--;
    return n;
}

/* A comment as written, less the blanks at its lines' ends. The lines
 * after the first of a block comment move with it: by as many columns as
 * its first line moved, when they have the spaces to lose. */
static void comment(printer *p, const fmt_comment *c)
{
    const char *s = p->src + c->start;
    size_t n = c->end - c->start;
    const char *eol = memchr(s, '\n', n);
    if (!eol) {
        text(p, s, trim_end(s, n));
        if (s[1] == '/')
            p->st.need_nl = true;
        return;
    }
    if (p->flat) {
        p->failed = true;
        return;
    }
    size_t bol = c->start;
    while (bol > 0 && p->src[bol - 1] != '\n')
        bol--;
    unsigned old_col = c->start - (uint32_t)bol;
    size_t first = (size_t)(eol - s);
    text(p, s, trim_end(s, first));
    unsigned new_col = p->st.col - chars(s, trim_end(s, first));
    for (const char *line = eol + 1; line <= s + n;) {
        const char *e = memchr(line, '\n', (size_t)(s + n - line));
        size_t len = e ? (size_t)(e - line) : (size_t)(s + n - line);
        size_t keep = trim_end(line, len);
        add(p, p->nl, strlen(p->nl));
        p->st.col = 0;
        if (keep) {
            size_t lead = 0;
            while (lead < keep && line[lead] == ' ')
                lead++;
            if (new_col >= old_col) {
                for (unsigned i = 0; i < new_col - old_col; i++)
                    add(p, " ", 1);
                p->st.col = new_col - old_col;
            } else if (lead >= old_col - new_col) {
                line += old_col - new_col;
                keep -= old_col - new_col;
            }
            add(p, line, keep);
            p->st.col += chars(line, keep);
        }
        if (!e)
            break;
        line = e + 1;
    }
    p->st.nls = 0;
}

/* ---- tokens --------------------------------------------------------- */

static const fmt_token *peek(const printer *p) { return &p->tk->tok[p->st.pos]; }

static bool peek_is(const printer *p, char c)
{
    const fmt_token *t = peek(p);
    return t->kind == FT_PUNCT && p->src[t->start] == c;
}

static void expect(printer *p, bool ok)
{
    /* After a failed try the tokens stand still: nothing to compare. */
    if (!ok && !p->lost && !p->failed) {
        p->lost = true;
        p->lost_at = peek(p)->start;
    }
}

/* The comments before token t, then the separator s is settled:
 * *sep_done when a line break already stands for it. */
static void lead(printer *p, const fmt_token *t, sep s, bool *sep_done, bool *any)
{
    *sep_done = *any = false;
    for (uint32_t k = 0; k < t->ncomments && !p->failed; k++) {
        const fmt_comment *c = &p->tk->cmt[t->first_comment + k];
        if (c->nl_before == 0 && p->st.nls == 0) {
            p->st.space = true;   /* on the line of what came before */
        } else if (!*sep_done && is_line(s)) {
            brk(p, p->indent, s == S_BLANK || (s != S_TIGHT && c->nl_before >= 2));
            *sep_done = true;
        } else {
            brk(p, is_line(s) ? p->indent : p->cont, is_line(s) && c->nl_before >= 2);
            *sep_done = true;
        }
        comment(p, c);
        *any = true;
    }
}

static void place(printer *p, const fmt_token *t, sep s, bool sep_done, bool any)
{
    if (!sep_done && is_line(s))
        brk(p, p->indent, s == S_BLANK || (s == S_LINE && t->nl_before >= 2));
    else if (p->st.need_nl || (any && t->nl_before > 0))
        brk(p, is_line(s) ? p->indent : p->cont,
            is_line(s) && s != S_CLOSE && t->nl_before >= 2);
    else if (s != S_NONE || any)
        p->st.space = true;
    if (t->kind == FT_HASH) {   /* "# pragma" is written "#pragma" */
        size_t w = t->start + 1;
        while (p->src[w] == ' ' || p->src[w] == '\t')
            w++;
        text(p, "#", 1);
        p->st.space = false;
        add(p, p->src + w, t->end - w);
        p->st.col += chars(p->src + w, t->end - w);
        return;
    }
    text(p, p->src + t->start, t->end - t->start);
}

static void emit(printer *p, sep s)
{
    if (p->failed || p->lost)
        return;
    expect(p, peek(p)->kind != FT_EOF);
    if (p->lost)
        return;
    const fmt_token *t = &p->tk->tok[p->st.pos++];
    bool sep_done, any;
    lead(p, t, s, &sep_done, &any);
    place(p, t, s, sep_done, any);
}

static void tok_at(printer *p, sep s, uint32_t start)
{
    expect(p, peek(p)->start == start);
    emit(p, s);
}

static void punct(printer *p, sep s, char c)
{
    expect(p, peek_is(p, c));
    emit(p, s);
}

static void word(printer *p, sep s)
{
    expect(p, peek(p)->kind == FT_WORD);
    emit(p, s);
}

/* A closing brace: the comments before it at the body's indentation,
 * the brace at outer. */
static void close_brace(printer *p, unsigned outer)
{
    expect(p, peek_is(p, '}'));
    if (p->failed || p->lost)
        return;
    const fmt_token *t = &p->tk->tok[p->st.pos++];
    bool sep_done, any;
    lead(p, t, S_CLOSE, &sep_done, &any);
    p->indent = outer;
    place(p, t, S_CLOSE, sep_done, any);
}

/* A group: one line when it fits, else broken over lines by fn. */
typedef void (*render_fn)(printer *p, const void *arg, bool broken);

static void group(printer *p, render_fn fn, const void *arg)
{
    if (p->flat) {
        fn(p, arg, false);
        return;
    }
    pstate save = p->st;
    unsigned indent = p->indent, cont = p->cont;
    p->flat = true;
    fn(p, arg, false);
    p->flat = false;
    if (!p->failed || p->lost)
        return;
    p->failed = false;
    p->st = save;
    p->out->len = save.len;
    p->out->data[save.len] = '\0';
    p->indent = indent;
    p->cont = cont;
    fn(p, arg, true);
}

/* ---- values --------------------------------------------------------- */

static void instance_body(printer *p, const ast_instance *in, sep s);
static void array(printer *p, const ast_value *v, sep s, unsigned base);

/* One literal, number, name or alias: what fills an array line by line. */
static bool one_token(const printer *p, const ast_value *v)
{
    if (v->kind == VAL_ARRAY || v->kind == VAL_INSTANCE)
        return false;
    if (v->kind != VAL_STRING)
        return true;
    return fmt_literal_end(p->src, p->srclen, v->span.start) == v->span.end;
}

/* A value; its continuation lines start at base + FMT_INDENT. Adjacent
 * string literals stay as written, one per line. */
static void value(printer *p, const ast_value *v, sep s, unsigned base)
{
    if (v->kind == VAL_ARRAY) {
        array(p, v, s, base);
        return;
    }
    if (v->kind == VAL_INSTANCE) {
        if (p->flat)
            p->failed = true;
        else
            instance_body(p, v->u.inst, s);
        return;
    }
    unsigned indent = p->indent, cont = p->cont;
    p->indent = p->cont = base + FMT_INDENT;
    tok_at(p, s, v->span.start);
    while (v->kind == VAL_STRING && !p->failed && !p->lost && peek(p)->kind == FT_STRING &&
           peek(p)->start < v->span.end) {
        if (p->flat)
            p->failed = true;
        emit(p, S_TIGHT);
    }
    p->indent = indent;
    p->cont = cont;
}

typedef struct array_arg { const ast_value *v; unsigned base; } array_arg;

/* Broken: short values fill lines as far as FMT_WIDTH allows; longer ones
 * (concatenated strings, instances) stand one per line. */
static void array_items(printer *p, const void *arg, bool broken)
{
    const array_arg *a = arg;
    size_t n = a->v->u.arr.n;
    bool fill = true;
    for (size_t i = 0; i < n && fill; i++)
        fill = one_token(p, a->v->u.arr.items[i]);
    unsigned indent = p->indent, cont = p->cont;
    p->indent = p->cont = a->base + FMT_INDENT;
    for (size_t i = 0; i < n && !p->failed && !p->lost; i++) {
        const ast_value *it = a->v->u.arr.items[i];
        sep s = S_SPACE;
        if (i == 0)
            s = !broken || fill ? S_NONE : S_TIGHT;
        else if (broken && !fill)
            s = S_TIGHT;
        else if (broken) {
            unsigned w = chars(p->src + it->span.start, it->span.end - it->span.start);
            if (p->st.col + 1 + w + 1 + (i + 1 == n ? p->reserve : 0) > FMT_WIDTH)
                s = S_TIGHT;
        }
        value(p, it, s, broken && !fill ? a->base + FMT_INDENT : a->base);
        if (i + 1 < n)
            punct(p, S_NONE, ',');
    }
    punct(p, S_NONE, '}');
    p->indent = indent;
    p->cont = cont;
}

static void array(printer *p, const ast_value *v, sep s, unsigned base)
{
    punct(p, s, '{');
    array_arg a = {v, base};
    group(p, array_items, &a);
}

/* ---- qualifiers ------------------------------------------------------ */

typedef struct paren_arg { const ast_value *v; unsigned base; } paren_arg;

static void paren_value(printer *p, const void *arg, bool broken)
{
    const paren_arg *a = arg;
    p->reserve++;   /* ')' */
    value(p, a->v, broken ? S_TIGHT : S_NONE, a->base);
    p->reserve--;
    punct(p, S_NONE, ')');
}

/* The width of " : Flavor ..." after a qualifier's value ending at off,
 * which has to fit on the value's last line. */
static unsigned flavors_width(const printer *p, uint32_t off)
{
    size_t i = p->st.pos;
    while (p->tk->tok[i].kind != FT_EOF && p->tk->tok[i].start < off)
        i++;
    const fmt_token *t = &p->tk->tok[i];
    if (t->kind == FT_PUNCT && p->src[t->start] == ')')
        t++;
    if (t->kind != FT_PUNCT || p->src[t->start] != ':')
        return 0;
    unsigned w = 2;
    for (t++; t->kind == FT_WORD; t++)
        w += 1 + chars(p->src + t->start, t->end - t->start);
    return w;
}

static void qualifier(printer *p, const ast_qualifier *q, sep s)
{
    tok_at(p, s, q->name.span.start);
    unsigned base = p->st.col - chars(q->name.name, strlen(q->name.name));
    unsigned reserve = p->reserve;
    if (q->value)
        p->reserve += flavors_width(p, q->value->span.end);
    if (q->value && peek_is(p, '(')) {
        punct(p, S_NONE, '(');
        paren_arg a = {q->value, base};
        group(p, paren_value, &a);
    } else if (q->value) {
        value(p, q->value, S_SPACE, base);   /* Name {"a", "b"} */
    }
    p->reserve = reserve;
    if (peek_is(p, ':')) {
        punct(p, S_SPACE, ':');
        while (peek(p)->kind == FT_WORD && !p->lost && !p->failed)
            word(p, S_SPACE);
    }
}

/* Broken: one qualifier per line, under the first. */
static void qual_items(printer *p, const void *arg, bool broken)
{
    const ast_qual_list *q = arg;
    unsigned indent = p->indent, cont = p->cont;
    p->indent = p->st.col;
    p->cont = p->st.col + FMT_INDENT;
    unsigned reserve = p->reserve;
    for (size_t i = 0; i < q->n && !p->failed && !p->lost; i++) {
        p->reserve = 1;   /* ',' or ']' */
        qualifier(p, &q->items[i], i == 0 ? S_NONE : broken ? S_TIGHT : S_SPACE);
        p->reserve = reserve;
        if (i + 1 < q->n)
            punct(p, S_NONE, ',');
    }
    punct(p, S_NONE, ']');
    p->indent = indent;
    p->cont = cont;
}

/* The qualifier list of an element, on the lines before it; returns the
 * separator for the element's first token. */
static sep qualifiers(printer *p, const ast_qual_list *q, sep s)
{
    if (!q->n)
        return s;
    punct(p, s, '[');
    group(p, qual_items, q);
    return S_TIGHT;
}

/* ---- declarations ----------------------------------------------------- */

static void array_suffix(printer *p)
{
    if (!peek_is(p, '['))
        return;
    punct(p, S_NONE, '[');
    if (!peek_is(p, ']'))
        word(p, S_NONE);
    punct(p, S_NONE, ']');
}

static void default_value(printer *p, const ast_value *def, unsigned line)
{
    if (!def)
        return;
    punct(p, S_SPACE, '=');
    unsigned reserve = p->reserve;
    p->reserve = 1;   /* ';' or ',' */
    value(p, def, S_SPACE, line);
    p->reserve = reserve;
}

/* Members of a class or instance body, one per line, indented. */
typedef void (*member_fn)(printer *p, const void *member, sep s);

static void body(printer *p, const void *members, size_t n, size_t size, member_fn fn)
{
    unsigned outer = p->st.line_indent, indent = p->indent, cont = p->cont;
    punct(p, S_SPACE, '{');
    p->indent = outer + FMT_INDENT;
    p->cont = outer + 2 * FMT_INDENT;
    for (size_t i = 0; i < n && !p->lost; i++)
        fn(p, (const char *)members + i * size, i == 0 ? S_TIGHT : S_LINE);
    if (n == 0 && peek(p)->ncomments == 0)
        punct(p, S_NONE, '}');   /* {} */
    else
        close_brace(p, outer);
    p->indent = indent;
    p->cont = cont;
}

/* A parameter: [IN] uint32 Name on one line when it fits, else its
 * qualifier list on the lines before it, as for the other elements. */
static void param_rest(printer *p, const void *arg, bool broken)
{
    const ast_param *a = arg;
    unsigned line = p->indent;
    if (a->quals.n) {   /* the '[' is written */
        group(p, qual_items, &a->quals);
        tok_at(p, broken ? S_TIGHT : S_SPACE, a->type.name.span.start);
    }
    if (a->type.type == TYPE_REF)
        word(p, S_SPACE);
    tok_at(p, S_SPACE, a->name.span.start);
    array_suffix(p);
    default_value(p, a->def, line);
}

static void param(printer *p, const ast_param *a, sep s)
{
    if (a->quals.n)
        punct(p, s, '[');
    else
        tok_at(p, s, a->type.name.span.start);
    group(p, param_rest, a);
}

static void feature(printer *p, const void *member, sep s)
{
    const ast_feature *f = member;
    unsigned line = p->indent;
    s = qualifiers(p, &f->quals, s);
    tok_at(p, s, f->type.name.span.start);
    if (f->kind == FEAT_REFERENCE)
        word(p, S_SPACE);
    tok_at(p, S_SPACE, f->name.span.start);
    if (f->kind == FEAT_METHOD) {
        /* Parameters one per line, the ')' right after the last. */
        punct(p, S_NONE, '(');
        unsigned indent = p->indent, cont = p->cont;
        p->indent = line + FMT_INDENT;
        p->cont = line + 2 * FMT_INDENT;
        for (size_t i = 0; i < f->nparams && !p->lost; i++) {
            param(p, &f->params[i], S_TIGHT);
            if (i + 1 < f->nparams)
                punct(p, S_NONE, ',');
        }
        punct(p, S_NONE, ')');
        p->indent = indent;
        p->cont = cont;
    } else {
        array_suffix(p);
        default_value(p, f->def, line);
    }
    punct(p, S_NONE, ';');
}

static void prop_value(printer *p, const void *member, sep s)
{
    const ast_prop_value *v = member;
    unsigned line = p->indent;
    s = qualifiers(p, &v->quals, s);
    tok_at(p, s, v->name.span.start);
    if (v->value) {         /* else WMI's DYNPROPS entry: "Name;" */
        punct(p, S_SPACE, '=');
        value(p, v->value, S_SPACE, line);
    }
    punct(p, S_NONE, ';');
}

/* instance of Class [as $Alias] { ... }, also as an embedded value. */
static void instance_body(printer *p, const ast_instance *in, sep s)
{
    word(p, s);             /* instance */
    word(p, S_SPACE);       /* of */
    tok_at(p, S_SPACE, in->class_name.span.start);
    if (in->alias.name) {
        word(p, S_SPACE);   /* as */
        tok_at(p, S_SPACE, in->alias.span.start);
    }
    body(p, in->props, in->nprops, sizeof *in->props, prop_value);
}

static void class_decl(printer *p, const ast_class *c, sep s)
{
    s = qualifiers(p, &c->quals, s);
    word(p, s);             /* class */
    tok_at(p, S_SPACE, c->name.span.start);
    if (c->alias.name) {
        word(p, S_SPACE);   /* as */
        tok_at(p, S_SPACE, c->alias.span.start);
    }
    if (c->super.name) {
        punct(p, S_SPACE, ':');
        tok_at(p, S_SPACE, c->super.span.start);
    }
    body(p, c->features, c->nfeatures, sizeof *c->features, feature);
    punct(p, S_NONE, ';');
}

/* Qualifier Name : type = default,
 *     Scope(...),
 *     Flavor(...);
 * as DSP0004 and the DMTF's qualifiers.mof write it. */
static void qualifier_decl(printer *p, const ast_qualifier_decl *q, sep s)
{
    word(p, s);             /* Qualifier */
    tok_at(p, S_SPACE, q->name.span.start);
    punct(p, S_SPACE, ':');
    if (q->short_form) {    /* WMI: Qualifier Name : ToSubclass Amended; */
        while (peek(p)->kind == FT_WORD && !p->lost)
            word(p, S_SPACE);
        punct(p, S_NONE, ';');
        return;
    }
    word(p, S_SPACE);       /* the type */
    array_suffix(p);
    default_value(p, q->def, p->indent);
    unsigned indent = p->indent;
    p->indent = indent + FMT_INDENT;
    while (peek_is(p, ',') && !p->lost) {
        punct(p, S_NONE, ',');
        word(p, S_TIGHT);   /* Scope or Flavor */
        punct(p, S_NONE, '(');
        for (bool first = true; !peek_is(p, ')') && !p->lost; first = false) {
            if (!first)
                punct(p, S_NONE, ',');
            word(p, first ? S_NONE : S_SPACE);
        }
        punct(p, S_NONE, ')');
    }
    p->indent = indent;
    punct(p, S_NONE, ';');
}

static void pragma(printer *p, const ast_pragma *g, sep s)
{
    expect(p, peek(p)->kind == FT_HASH);
    emit(p, s);             /* #pragma, or #include */
    if (g->kind != PRAGMA_HASH_INCLUDE)
        tok_at(p, S_SPACE, g->name.span.start);
    if (!g->has_parens)
        return;
    punct(p, S_NONE, '(');
    for (size_t i = 0; i < g->nargs && !p->lost; i++) {
        if (i)
            punct(p, S_NONE, ',');
        if (g->args[i].ident)
            tok_at(p, i ? S_SPACE : S_NONE, g->args[i].name.span.start);
        else
            value(p, g->args[i].value, i ? S_SPACE : S_NONE, p->indent);
    }
    punct(p, S_NONE, ')');
}

/* ---- the file --------------------------------------------------------- */

static bool big(const ast_item *it) { return it->kind == ITEM_CLASS || it->kind == ITEM_INSTANCE; }

static void items(printer *p, const ast_item *its, size_t n)
{
    for (size_t i = 0; i < n && !p->lost; i++) {
        /* A class or instance declaration stands apart: a blank line
         * before and after it. Other items keep the author's blank line. */
        sep s = i == 0 ? S_TIGHT : big(&its[i]) || big(&its[i - 1]) ? S_BLANK : S_LINE;
        switch (its[i].kind) {
        case ITEM_PRAGMA: pragma(p, its[i].u.pragma, s); break;
        case ITEM_QUALIFIER_DECL: qualifier_decl(p, its[i].u.qdecl, s); break;
        case ITEM_CLASS: class_decl(p, its[i].u.cls, s); break;
        case ITEM_INSTANCE:
            s = qualifiers(p, &its[i].u.inst->quals, s);
            instance_body(p, its[i].u.inst, s);
            punct(p, S_NONE, ';');
            break;
        }
    }
    /* The comments after the last declaration, and one final line break. */
    expect(p, peek(p)->kind == FT_EOF);
    if (p->lost)
        return;
    bool sep_done, any;
    lead(p, peek(p), S_LINE, &sep_done, &any);
    if (p->st.nls == 0)
        brk(p, 0, false);
}

bool mof_format(const char *text, size_t len, const ast_item *its, size_t n, strbuf *out,
                size_t *where)
{
    fmt_tokens tk;
    if (!fmt_lex(text, len, &tk, where))
        return false;
    const char *eol = memchr(text, '\n', len);
    printer p = {0};
    p.src = text;
    p.srclen = len;
    p.tk = &tk;
    p.out = out;
    p.nl = eol && eol > text && eol[-1] == '\r' ? "\r\n" : "\n";
    p.st.nls = -1;
    p.cont = FMT_INDENT;
    size_t start = out->len;
    items(&p, its, n);
    bool ok = !p.lost;
    *where = p.lost_at;
    if (ok) {
        /* What mofc fmt promises, checked: the same tokens and comments. */
        fmt_tokens again;
        size_t at_out = 0;
        const char *o = out->data ? out->data + start : "";   /* empty: nothing written */
        ok = fmt_lex(o, out->len - start, &again, &at_out) &&
             fmt_same_text(text, &tk, o, &again, where, &at_out);
        fmt_tokens_free(&again);
    }
    fmt_tokens_free(&tk);
    return ok;
}
