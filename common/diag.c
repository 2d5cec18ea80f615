#include "common/diag.h"
#include "common/strbuf.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
    const char *code, *name, *example;
    diag_severity sev;
} catalog[DIAG_COUNT] = {
#define X(id, code, name, sev, example) [DIAG_##id] = {code, name, example, SEV_##sev},
#include "common/diag_codes.def"
#undef X
};

const char *diag_code(diag_id id) { return catalog[id].code; }
const char *diag_name(diag_id id) { return catalog[id].name; }
const char *diag_example(diag_id id) { return catalog[id].example; }
diag_severity diag_default_severity(diag_id id) { return catalog[id].sev; }

const char *diag_change_class(diag_id id)
{
    switch (catalog[id].sev) {
    case SEV_BREAKING: return "breaking";
    case SEV_COMPATIBLE: return "compatible";
    case SEV_INFO: return "info";
    case SEV_VERSION: return "version";
    default: return NULL;
    }
}

void diag_init(diag_sink *s, source_set *sources)
{
    memset(s, 0, sizeof *s);
    s->sources = sources;
    s->max_errors = 50;
    s->max_warnings = 1000;
    for (int i = 0; i < DIAG_COUNT; i++)
        s->disabled[i] = catalog[i].sev == SEV_VERSION;
}

void diag_clear(diag_sink *s)
{
    diag_free(s);
    s->errors = s->warnings = s->notes = s->warnings_dropped = 0;
    s->npending = 0;
    memset(s->pending_dropped, 0, sizeof s->pending_dropped);
}

static void free_diagnostic(diagnostic *d);

void diag_free(diag_sink *s)
{
    for (size_t i = 0; i < s->n; i++)
        free_diagnostic(&s->items[i]);
    free(s->items);
    s->items = NULL;
    s->n = s->cap = 0;
}

bool diag_set_enabled(diag_sink *s, const char *name, bool on)
{
    bool found = false;
    for (int i = 0; i < DIAG_COUNT; i++)
        if (!strcmp(catalog[i].name, name) && catalog[i].sev != SEV_ERROR) {
            s->disabled[i] = !on;
            found = true;
        }
    return found;
}

bool diag_allow(diag_sink *s, const char *code_or_name)
{
    for (int i = 0; i < DIAG_COUNT; i++)
        if (diag_change_class((diag_id)i) &&
            (!strcmp(catalog[i].code, code_or_name) || !strcmp(catalog[i].name, code_or_name))) {
            s->disabled[i] = true;
            return true;
        }
    return false;
}

static char *vformat(const char *fmt, va_list ap)
{
    strbuf b = STRBUF_INIT;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    strbuf_reserve(&b, n > 0 ? (size_t)n : 0);
    vsnprintf(b.data, (size_t)(n > 0 ? n : 0) + 1, fmt, ap2);
    va_end(ap2);
    return b.data;
}

/* Each rule's severity per dialect: AUTO, DMTF, WMI, MI. */
#define E SEV_ERROR
#define W SEV_WARNING
#define T SEV_NOTE
#define N SEV_NONE
#define P SEV_PENDING
static const diag_severity in_dialect[SEV_PENDING][DIALECT_COUNT] = {
    [SEV_NOTE] = {T, T, T, T},
    [SEV_WARNING] = {W, W, W, W},
    [SEV_ERROR] = {E, E, E, E},
    [SEV_DIALECT] = {P, E, W, W},
    [SEV_WMI_WARNING] = {P, E, W, E},
    [SEV_DMTF_WARNING] = {P, W, N, N},
    [SEV_WMI_SILENT] = {P, E, N, E},
    [SEV_DMTF_ERROR] = {P, E, N, N},
    [SEV_BREAKING] = {E, E, E, E},
    [SEV_COMPATIBLE] = {T, T, T, T},
    [SEV_INFO] = {T, T, T, T},
    [SEV_VERSION] = {E, E, E, E},
    [SEV_NONE] = {N, N, N, N},
};
#undef E
#undef W
#undef T
#undef N
#undef P

diag_severity diag_severity_in(diag_id id, mof_dialect d)
{
    return in_dialect[catalog[id].sev][d];
}

/* Options applied to a settled severity: -Wno-, --werror, the limit on
 * kept warnings. Returns false when the diagnostic is not kept (it may
 * still count). */
static bool keep(diag_sink *s, diag_id id, diag_severity *sev)
{
    /* -Wno-<name> silences a DIALECT rule where it is a warning only; a
     * diff code (--allow) whatever it is shown as. */
    if (*sev == SEV_NONE || (s->disabled[id] && (*sev != SEV_ERROR || diag_change_class(id))))
        return false;
    if (*sev == SEV_WARNING && s->werror)
        *sev = SEV_ERROR;
    /* A file of a million bad pragmas must not keep a million messages. */
    if (*sev == SEV_WARNING && s->max_warnings && s->warnings >= s->max_warnings) {
        s->warnings++;
        s->warnings_dropped++;
        if (s->n)
            s->items[s->n - 1].dropped_after++;
        else
            s->dropped_head++;
        return false;
    }
    return true;
}

/* The sink may have no source set (tests, mofc diff's own reports). */
static source_file *file_of(const diag_sink *s, uint32_t file)
{
    return s->sources ? source_get(s->sources, file) : NULL;
}

static diagnostic *append(diag_sink *s, diag_id id, diag_severity sev, mof_span span, char *msg)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        diagnostic *p = realloc(s->items, s->cap * sizeof *p);
        if (!p)
            abort();
        s->items = p;
    }
    diagnostic *d = &s->items[s->n++];
    d->id = id;
    d->sev = sev;
    d->span = span;
    d->msg = msg;
    d->notes = NULL;
    d->dropped_after = 0;
    return d;
}

static void note_dialect(diag_sink *s, source_file *f, diagnostic *d);

/* Whether the kind's severity differs between dialects: only then does
 * the reader need to know which dialect the file was read in. */
static bool dialect_dependent(diag_id id)
{
    return in_dialect[catalog[id].sev][DIALECT_AUTO] == SEV_PENDING;
}

/* Counts an error; at the limit, adds "too many errors" and stops. */
static void count_error(diag_sink *s, diag_id id)
{
    s->errors++;
    if (s->max_errors && s->errors >= s->max_errors && id != DIAG_TOO_MANY_ERRORS && !s->stopped) {
        char buf[64];
        snprintf(buf, sizeof buf, "too many errors (%zu), stopping", s->max_errors);
        size_t len = strlen(buf) + 1;
        char *m = malloc(len);
        if (!m)
            abort();
        memcpy(m, buf, len);
        mof_span none = {0, 0, 0};
        append(s, DIAG_TOO_MANY_ERRORS, SEV_ERROR, none, m);
        s->errors++;
        s->stopped = true;
    }
}

/* A pending diagnostic beyond this many is only counted: whatever its
 * severity turns out to be, the limits would not keep it. */
static size_t pending_cap(const diag_sink *s)
{
    return s->max_errors && s->max_warnings ? s->max_errors + s->max_warnings : SIZE_MAX;
}

static diagnostic *push(diag_sink *s, diag_id id, diag_severity sev, mof_span span, char *msg)
{
    if (s->stopped) {
        free(msg);
        return NULL;
    }
    if (sev == SEV_PENDING) {
        if (s->npending >= pending_cap(s)) {
            s->pending_dropped[catalog[id].sev]++;
            free(msg);
            return NULL;
        }
        if (!s->npending)
            s->first_pending = s->n;
        s->npending++;
    } else if (!keep(s, id, &sev)) {
        free(msg);
        return NULL;
    }
    source_file *f = file_of(s, span.file);
    if (f && !f->first_diag)
        f->first_diag = s->n + 1;
    size_t at = s->n;
    append(s, id, sev, span, msg);
    if (f && sev != SEV_PENDING && !s->forked && !f->dialect_noted && source_has_dialect_note(f) &&
        dialect_dependent(id))
        note_dialect(s, f, &s->items[at]);
    if (sev == SEV_ERROR)
        count_error(s, id);
    else if (sev == SEV_WARNING)
        s->warnings++;
    else if (sev == SEV_NOTE)
        s->notes++;
    return &s->items[at];
}

static void free_diagnostic(diagnostic *d)
{
    diag_note *n = d->notes;
    while (n) {
        diag_note *next = n->next;
        free(n->msg);
        free(n);
        n = next;
    }
    free(d->msg);
}

void diag_settle(diag_sink *s, uint32_t file)
{
    source_file *f = file_of(s, file);
    if (!f)
        return;
    mof_dialect dl = f->dialect;
    if (s->npending) {
        /* Only the file being read has pending items: compact them in place. */
        size_t w = s->first_pending, n = s->n;
        for (size_t r = s->first_pending; r < n; r++) {
            diagnostic d = s->items[r];
            if (d.sev == SEV_PENDING && d.span.file == file) {
                diag_severity sev = in_dialect[catalog[d.id].sev][dl];
                bool full = sev == SEV_ERROR && s->max_errors && s->errors >= s->max_errors;
                if (s->stopped || !keep(s, d.id, &sev) || full) {
                    free_diagnostic(&d);
                    continue;
                }
                d.sev = sev;
                if (sev == SEV_ERROR)
                    s->errors++;
                else if (sev == SEV_WARNING)
                    s->warnings++;
                else
                    s->notes++;
            }
            s->items[w++] = d;
        }
        /* "too many errors" goes after what was kept. */
        s->n = w;
        s->npending = 0;
        if (s->max_errors && s->errors >= s->max_errors && !s->stopped) {
            s->errors--;
            count_error(s, DIAG_SYNTAX);
        }
    }
    for (int rule = 0; rule < SEV_PENDING; rule++) {
        size_t k = s->pending_dropped[rule];
        diag_severity sev = in_dialect[rule][dl];
        if (sev == SEV_WARNING && s->werror)
            sev = SEV_ERROR;
        if (sev == SEV_ERROR)
            s->errors += k;
        else if (sev == SEV_WARNING) {
            s->warnings += k;
            s->warnings_dropped += k;
        }
        s->pending_dropped[rule] = 0;
    }
    /* The first dialect-dependent diagnostic of the file, if any (it was
     * pending, so it lies after first_diag). */
    if (f->first_diag && source_has_dialect_note(f) && !f->dialect_noted) {
        size_t i = f->first_diag - 1;
        while (i < s->n && (s->items[i].span.file != file || !dialect_dependent(s->items[i].id)))
            i++;
        if (i < s->n)
            note_dialect(s, f, &s->items[i]);
    }
}

void diag_fork(diag_sink *dst, const diag_sink *src)
{
    *dst = *src;
    dst->items = NULL;
    dst->n = dst->cap = 0;
    dst->errors = dst->warnings = dst->notes = dst->warnings_dropped = 0;
    dst->stopped = false;
    dst->npending = dst->first_pending = 0;
    memset(dst->pending_dropped, 0, sizeof dst->pending_dropped);
    dst->forked = true;
    dst->dropped_head = 0;
}

/* Warnings src counted without keeping them: dst counts them too, unless
 * it stopped before their place. */
static void replay_dropped(diag_sink *dst, size_t k)
{
    if (dst->stopped)
        return;
    dst->warnings += k;
    dst->warnings_dropped += k;
}

void diag_replay(diag_sink *dst, diag_sink *src)
{
    replay_dropped(dst, src->dropped_head);
    for (size_t i = 0; i < src->n; i++) {
        diagnostic d = src->items[i];
        /* src's own "too many errors" is said by dst when dst is full */
        bool keep_it = d.id != DIAG_TOO_MANY_ERRORS && !dst->stopped;
        if (keep_it && d.sev == SEV_WARNING && dst->max_warnings && dst->warnings >= dst->max_warnings) {
            replay_dropped(dst, 1);
            keep_it = false;
        }
        if (!keep_it) {
            free_diagnostic(&d);
        } else {
            source_file *f = file_of(dst, d.span.file);
            if (f && !f->first_diag)
                f->first_diag = dst->n + 1;
            diagnostic *to = append(dst, d.id, d.sev, d.span, d.msg);
            to->notes = d.notes;
            if (f && !f->dialect_noted && source_has_dialect_note(f) && dialect_dependent(d.id))
                note_dialect(dst, f, to);
            if (d.sev == SEV_ERROR)
                count_error(dst, d.id);
            else if (d.sev == SEV_WARNING)
                dst->warnings++;
            else if (d.sev == SEV_NOTE)
                dst->notes++;
        }
        replay_dropped(dst, d.dropped_after);
    }
    free(src->items);
    src->items = NULL;
    src->n = src->cap = 0;
}

static void note_dialect(diag_sink *s, source_file *f, diagnostic *d)
{
    f->dialect_noted = true;
    if (f->dialect_note)
        diag_add_note(s, d, f->dialect_at, "%s", f->dialect_note);
    else
        diag_add_note(s, d, f->dialect_at, SOURCE_DIALECT_NOTE, SOURCE_DIALECT_NOTE_ARGS(f));
    for (diag_note *n = d->notes; n; n = n->next)
        n->last = !n->next;
}

diagnostic *diag_report(diag_sink *s, diag_id id, mof_span span, const char *fmt, ...)
{
    source_file *f = file_of(s, span.file);
    diag_severity sev = in_dialect[catalog[id].sev][f ? f->dialect : DIALECT_DMTF];
    if (sev == SEV_NONE || s->stopped)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    char *msg = vformat(fmt, ap);
    va_end(ap);
    return push(s, id, sev, span, msg);
}

void diag_add_note(diag_sink *s, diagnostic *d, mof_span span, const char *fmt, ...)
{
    (void)s;
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = vformat(fmt, ap);
    va_end(ap);
    diag_note *n = calloc(1, sizeof *n);
    if (!n)
        abort();
    n->span = span;
    n->msg = msg;
    diag_note **tail = &d->notes;
    while (*tail && !(*tail)->last)
        tail = &(*tail)->next;
    n->next = *tail;
    *tail = n;
}

/* ---- text ------------------------------------------------------------- */

static const char *sev_word(diag_severity s)
{
    return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static void print_include_chain(diag_sink *s, FILE *out, source_file *f)
{
    const char *lead = "In file included from";
    while (f && f->included_from.file) {
        source_file *p = source_get(s->sources, f->included_from.file);
        if (!p)
            break;
        src_pos pos = source_pos(p, f->included_from.start);
        fprintf(out, "%s %s:%u:\n", lead, p->path, pos.line);
        lead = "                 from";
        f = p;
    }
}

/* Longest stretch of a source line shown under a message: a line of
 * megabytes is cut to a window around the caret, marked with "...". */
enum { CARET_WINDOW = 160, CARET_BEFORE = 60 };

static const char *utf8_start(const char *p, const char *lo)
{
    while (p > lo && ((unsigned char)*p & 0xC0) == 0x80)
        p--;
    return p;
}

static void print_caret(FILE *out, source_file *f, mof_span sp)
{
    size_t len;
    const char *line = source_line(f, sp.start, &len);
    if (!line)   /* the file changed or is gone since it was read */
        return;
    const char *at = f->text + sp.start, *eol = line + len;
    const char *from = line, *to = eol;
    if (len > CARET_WINDOW) {
        if (at > line + CARET_BEFORE && at <= eol)
            from = utf8_start(at - CARET_BEFORE, line);
        to = from + CARET_WINDOW < eol ? utf8_start(from + CARET_WINDOW, from) : eol;
    }
    const char *pre = from > line ? "..." : "", *post = to < eol ? "..." : "";
    fprintf(out, " %s%.*s%s\n %s", pre, (int)(to - from), from, post, *pre ? "   " : "");
    const char *p = from;
    for (; p < at && p < to; p++)
        if (((unsigned char)*p & 0xC0) != 0x80)
            fputc(*p == '\t' ? '\t' : ' ', out);
    fputc('^', out);
    /* Underline the rest of the span on this line. */
    const char *end = f->text + sp.end;
    if (p < to)
        p++;
    while (p < end && p < to) {
        if (((unsigned char)*p & 0xC0) != 0x80)
            fputc('~', out);
        p++;
    }
    fputc('\n', out);
}

static void print_one(diag_sink *s, FILE *out, diag_severity sev, mof_span sp,
                      const char *msg, const char *code, bool chain)
{
    source_file *f = source_get(s->sources, sp.file);
    if (!f) {
        fprintf(out, "mofc: %s: %s", sev_word(sev), msg);
    } else {
        if (chain)
            print_include_chain(s, out, f);
        src_pos p = source_pos(f, sp.start);
        fprintf(out, "%s:%u:%u: %s: %s", f->path, p.line, p.col, sev_word(sev), msg);
    }
    if (code)
        fprintf(out, " [%s]", code);
    fputc('\n', out);
    if (f)
        print_caret(out, f, sp);
}

static void print_text(diag_sink *s, FILE *out, bool quiet)
{
    for (size_t i = 0; i < s->n; i++) {
        diagnostic *d = &s->items[i];
        if (quiet && d->sev != SEV_ERROR)
            continue;
        print_one(s, out, d->sev, d->span, d->msg, diag_code(d->id), true);
        for (diag_note *n = d->notes; n; n = n->next)
            print_one(s, out, SEV_NOTE, n->span, n->msg, NULL, false);
    }
    if (!quiet && !s->own_summary && (s->errors || s->warnings)) {
        fprintf(out, "%zu error%s and %zu warning%s generated", s->errors,
                s->errors == 1 ? "" : "s", s->warnings, s->warnings == 1 ? "" : "s");
        if (s->warnings_dropped)
            fprintf(out, " (%zu warnings not shown, over the limit of %zu)", s->warnings_dropped,
                    s->max_warnings);
        fputs(".\n", out);
    }
}

/* ---- JSON and SARIF ---------------------------------------------------- */

static void json_str(FILE *out, const char *str)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

typedef struct loc { const char *file; src_pos start, end; } loc;

static bool locate(diag_sink *s, mof_span sp, loc *l)
{
    source_file *f = source_get(s->sources, sp.file);
    if (!f)
        return false;
    l->file = f->path;
    l->start = source_pos(f, sp.start);
    l->end = source_pos(f, sp.end);
    return true;
}

static void print_json(diag_sink *s, FILE *out, bool quiet)
{
    fputs("[", out);
    const char *sep = "\n";
    for (size_t i = 0; i < s->n; i++) {
        diagnostic *d = &s->items[i];
        if (quiet && d->sev != SEV_ERROR)
            continue;
        loc l;
        fprintf(out, "%s  {\"code\": \"%s\", \"severity\": \"%s\", ", sep, diag_code(d->id),
                sev_word(d->sev));
        if (diag_change_class(d->id))
            fprintf(out, "\"class\": \"%s\", ", diag_change_class(d->id));
        if (locate(s, d->span, &l)) {
            fputs("\"file\": ", out);
            json_str(out, l.file);
            fprintf(out, ", \"line\": %u, \"column\": %u, \"end_line\": %u, \"end_column\": %u, ",
                    l.start.line, l.start.col, l.end.line, l.end.col);
        }
        fputs("\"message\": ", out);
        json_str(out, d->msg);
        if (d->notes) {
            fputs(", \"notes\": [", out);
            for (diag_note *n = d->notes; n; n = n->next) {
                fputs("{", out);
                if (locate(s, n->span, &l)) {
                    fputs("\"file\": ", out);
                    json_str(out, l.file);
                    fprintf(out, ", \"line\": %u, \"column\": %u, ", l.start.line, l.start.col);
                }
                fputs("\"message\": ", out);
                json_str(out, n->msg);
                fputs(n->next ? "}, " : "}", out);
            }
            fputs("]", out);
        }
        fputs("}", out);
        sep = ",\n";
    }
    fputs(s->n ? "\n]\n" : "]\n", out);
}

static void sarif_location(FILE *out, const loc *l, const char *msg)
{
    fputs("{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
    json_str(out, l->file);
    fprintf(out, "}, \"region\": {\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, "
                 "\"endColumn\": %u}}",
            l->start.line, l->start.col, l->end.line, l->end.col);
    if (msg) {
        fputs(", \"message\": {\"text\": ", out);
        json_str(out, msg);
        fputs("}", out);
    }
    fputs("}", out);
}

static void print_sarif(diag_sink *s, FILE *out, bool quiet)
{
    fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
          "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {"
          "\"name\": \"mofc\", \"version\": \"" MOFC_VERSION "\", \"rules\": [",
          out);
    /* Only the rules that occur, in catalog order, so output stays small. */
    bool used[DIAG_COUNT] = {false};
    for (size_t i = 0; i < s->n; i++)
        used[s->items[i].id] = true;
    const char *sep = "\n";
    int index[DIAG_COUNT];
    int k = 0;
    for (int i = 0; i < DIAG_COUNT; i++) {
        if (!used[i])
            continue;
        index[i] = k++;
        fprintf(out, "%s      {\"id\": \"%s\", \"name\": ", sep, catalog[i].code);
        json_str(out, catalog[i].name);
        fputs(", \"shortDescription\": {\"text\": ", out);
        json_str(out, catalog[i].example);
        fputs("}}", out);
        sep = ",\n";
    }
    fputs("]}},\n    \"results\": [", out);
    sep = "\n";
    for (size_t i = 0; i < s->n; i++) {
        diagnostic *d = &s->items[i];
        if (quiet && d->sev != SEV_ERROR)
            continue;
        fprintf(out, "%s      {\"ruleId\": \"%s\", \"ruleIndex\": %d, \"level\": \"%s\", "
                     "\"message\": {\"text\": ",
                sep, diag_code(d->id), index[d->id], sev_word(d->sev));
        json_str(out, d->msg);
        fputs("}", out);
        if (diag_change_class(d->id))
            fprintf(out, ", \"properties\": {\"class\": \"%s\"}", diag_change_class(d->id));
        loc l;
        if (locate(s, d->span, &l)) {
            fputs(", \"locations\": [", out);
            sarif_location(out, &l, NULL);
            fputs("]", out);
        }
        if (d->notes) {
            fputs(", \"relatedLocations\": [", out);
            const char *nsep = "";
            for (diag_note *n = d->notes; n; n = n->next)
                if (locate(s, n->span, &l)) {
                    fputs(nsep, out);
                    sarif_location(out, &l, n->msg);
                    nsep = ", ";
                }
            fputs("]", out);
        }
        fputs("}", out);
        sep = ",\n";
    }
    fputs(s->n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n", out);
}

/* ---- GitHub Actions workflow commands ----------------------------------
 * "::error file=F,line=L,col=C,endLine=L,endColumn=C,title=T::message".
 * GitHub's escaping: '%', CR and LF in the message; also ':' and ',' in
 * property values. Notes follow the message on lines of their own. */

static void gh_escape(FILE *out, const char *str, bool property)
{
    for (const char *p = str; *p; p++) {
        switch (*p) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': fputs(property ? "%3A" : ":", out); break;
        case ',': fputs(property ? "%2C" : ",", out); break;
        default: fputc(*p, out);
        }
    }
}

static void print_github(diag_sink *s, FILE *out, bool quiet)
{
    for (size_t i = 0; i < s->n; i++) {
        diagnostic *d = &s->items[i];
        if (quiet && d->sev != SEV_ERROR)
            continue;
        fprintf(out, "::%s ", d->sev == SEV_ERROR ? "error" : d->sev == SEV_WARNING ? "warning" : "notice");
        loc l;
        if (locate(s, d->span, &l)) {
            fputs("file=", out);
            gh_escape(out, l.file, true);
            fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,", l.start.line, l.start.col,
                    l.end.line, l.end.col);
        }
        char title[128];
        snprintf(title, sizeof title, "%s %s", diag_code(d->id), diag_name(d->id));
        fputs("title=", out);
        gh_escape(out, title, true);
        fputs("::", out);
        gh_escape(out, d->msg, false);
        for (diag_note *n = d->notes; n; n = n->next) {
            fputs("%0A", out);
            if (locate(s, n->span, &l)) {
                char where[64];
                snprintf(where, sizeof where, ":%u:%u: ", l.start.line, l.start.col);
                gh_escape(out, l.file, false);
                fputs(where, out);
            }
            fputs("note: ", out);
            gh_escape(out, n->msg, false);
        }
        fputc('\n', out);
    }
}

void diag_print(diag_sink *s, FILE *out, diag_format fmt, bool quiet)
{
    /* Standard error is unbuffered: each fputc and fprintf of a
     * diagnostic would be a write(2) of its own (about 80 a diagnostic
     * with its source line and caret). Print through a buffered stream on
     * a copy of its descriptor instead, flushed before returning, so that
     * the order with what was written before and after stays the same. */
    FILE *buffered = NULL;
    if (out == stderr && s->n) {
        int fd = dup(fileno(out));
        buffered = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!buffered && fd >= 0)
            close(fd);
        if (buffered) {
            fflush(out);
            out = buffered;
        }
    }
    switch (fmt) {
    case DIAG_TEXT: print_text(s, out, quiet); break;
    case DIAG_JSON: print_json(s, out, quiet); break;
    case DIAG_SARIF: print_sarif(s, out, quiet); break;
    case DIAG_GITHUB: print_github(s, out, quiet); break;
    }
    if (buffered)
        fclose(buffered);
}
