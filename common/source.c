#include "common/source.h"
#include "common/utf8.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>   /* lines and ASCII runs looked at 16 bytes at a time */
#endif

void source_set_init(source_set *s)
{
    s->files = NULL;
    s->n = s->cap = 0;
    s->arena = NULL;
}

void source_set_free(source_set *s)
{
    for (size_t i = 1; i < s->n; i++) {
        source_file *f = s->files[i];
        if (!f->lines_in_arena)
            free(f->lines);
        free(f->cols);
        if (f->text_owned)
            free(f->text);
        if (!s->arena) {
            free((char *)f->path);
            free(f);
        }
    }
    free(s->files);
    arena *a = s->arena;
    source_set_init(s);
    s->arena = a;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p)
        abort();
    memcpy(p, s, n);
    return p;
}

source_file *source_add(source_set *s, const char *path, char *text, size_t len,
                        src_encoding enc, mof_span from)
{
    if (s->n + 1 >= s->cap || s->n == 0) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        source_file **p = realloc(s->files, cap * sizeof *p);
        if (!p)
            abort();
        s->files = p;
        s->cap = cap;
        if (s->n == 0)
            s->files[s->n++] = NULL;
    }
    source_file *f = s->arena ? arena_alloc(s->arena, sizeof *f) : calloc(1, sizeof *f);
    if (!f)
        abort();
    f->id = (uint32_t)s->n;
    f->path = s->arena ? arena_strdup(s->arena, path) : dup_str(path);
    f->text = text;
    f->len = len;
    f->encoding = enc;
    f->included_from = from;
    s->files[s->n++] = f;
    return f;
}

source_file *source_get(const source_set *s, uint32_t id)
{
    return id > 0 && id < s->n ? s->files[id] : NULL;
}

/* ---- line tables -------------------------------------------------------
 * Every file's table is made once (CIM 2.49: 1,634 files, 5.6 MB, 118,000
 * lines): memchr per line, once to count and once to store, cost 9.5 M
 * instructions. Here 32 bytes are compared at once: the count adds the
 * compare results bytewise (no work per line), the offsets come from the
 * compare's bit mask (a few instructions a line). */
#if defined(__SSE2__)
/* The bit mask of the '\n' bytes among the 32 at p. */
static inline uint32_t newline_bits32(const char *p)
{
    const __m128i nl = _mm_set1_epi8('\n');
    __m128i a = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), nl);
    __m128i b = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)), nl);
    return (uint32_t)_mm_movemask_epi8(a) | (uint32_t)_mm_movemask_epi8(b) << 16;
}
#endif

static size_t count_newlines(const char *text, size_t len)
{
    size_t n = 0, i = 0;
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n');
    while (len - i >= 32) {
        /* a compare's hit is -1 in its byte: subtracted, each byte counts
         * up to 255 hits (two a round) before the sums are taken */
        size_t rounds = (len - i) / 32 < 127 ? (len - i) / 32 : 127;
        __m128i acc = _mm_setzero_si128();
        for (size_t k = 0; k < rounds; k++, i += 32) {
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
            __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(text + i + 16));
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(a, nl));
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(b, nl));
        }
        __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
        n += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
    }
#endif
    for (; i < len; i++)
        n += text[i] == '\n';
    return n;
}

/* Stores the start of each line after the first (the byte after each
 * '\n') from out[1] on; inlined with narrow constant, so each loop stores
 * one width. */
static inline __attribute__((always_inline)) void store_line_starts(const char *text, size_t len,
                                                                     void *out, bool narrow)
{
    uint16_t *o16 = out;
    uint32_t *o32 = out;
    size_t n = 1, i = 0;
#if defined(__SSE2__)
    for (; len - i >= 32; i += 32)
        for (uint32_t m = newline_bits32(text + i); m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctz(m) + 1;
            if (narrow)
                o16[n++] = (uint16_t)at;
            else
                o32[n++] = (uint32_t)at;
        }
#endif
    for (; i < len; i++)
        if (text[i] == '\n') {
            if (narrow)
                o16[n++] = (uint16_t)(i + 1);
            else
                o32[n++] = (uint32_t)(i + 1);
        }
}

/* The line table of text, in a (an arena) or malloc'd when a is NULL. */
static void *make_lines(const char *text, size_t len, arena *a, size_t *n, bool *narrow)
{
    *n = 1 + count_newlines(text, len);
    *narrow = len < 65536;
    size_t size = *n * (*narrow ? sizeof(uint16_t) : sizeof(uint32_t));
    void *l = a ? arena_alloc_raw(a, size) : malloc(size);
    if (!l)
        abort();
    if (*narrow) {
        ((uint16_t *)l)[0] = 0;
        store_line_starts(text, len, l, true);
    } else {
        ((uint32_t *)l)[0] = 0;
        store_line_starts(text, len, l, false);
    }
    return l;
}

void *source_scan_lines(const char *text, size_t len, size_t *n, bool *narrow)
{
    return make_lines(text, len, NULL, n, narrow);
}

void source_copy_lines(source_file *f, arena *a, const void *lines, size_t n, bool narrow)
{
    size_t size = n * (narrow ? sizeof(uint16_t) : sizeof(uint32_t));
    if (f->lines && !f->lines_in_arena)
        free(f->lines);
    f->lines = arena_alloc_raw(a, size);
    memcpy(f->lines, lines, size);
    f->nlines = n;
    f->lines16 = narrow;
    f->lines_in_arena = true;
}

static void build_lines(source_file *f, arena *a)
{
    f->lines = make_lines(f->text, f->len, a, &f->nlines, &f->lines16);
    f->lines_in_arena = a != NULL;
}

static uint32_t line_start(const source_file *f, size_t i)
{
    return f->lines16 ? ((const uint16_t *)f->lines)[i] : ((const uint32_t *)f->lines)[i];
}

static size_t line_index(source_file *f, uint32_t offset)
{
    if (!f->lines)
        build_lines(f, NULL);
    size_t lo = 0, hi = f->nlines;   /* last line start <= offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (line_start(f, mid) <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* ---- columns -----------------------------------------------------------
 * A column counts characters from the line start: in ASCII text it is a
 * byte count. Otherwise counting a line's bytes for each position asked
 * cost the line's length each time: on a line of megabytes with a
 * diagnostic at every declaration, asked in any order (a note points
 * back, the JSON and SARIF formats ask a span's start and end, --dump-ast
 * a node's start, its children's, then its end), that was quadratic. Past
 * COL_BLOCK bytes from the line start, the count comes from the
 * continuation bytes before each block of COL_BLOCK bytes of the text,
 * counted once, as far as a column was asked: linear in all. */
enum { COL_BLOCK = 1024 };

struct source_cols {
    size_t counted;        /* before[0..counted] are set */
    uint32_t before[];     /* continuation bytes in text[0, i * COL_BLOCK) */
};

/* Continuation bytes (10xxxxxx) in f->text before offset. */
static uint32_t continuations_before(source_file *f, uint32_t offset)
{
    struct source_cols *c = f->cols;
    if (!c) {
        c = malloc(sizeof *c + (f->len / COL_BLOCK + 1) * sizeof c->before[0]);
        if (!c)
            abort();
        c->counted = 0;
        c->before[0] = 0;
        f->cols = c;
    }
    size_t b = offset / COL_BLOCK;
    for (; c->counted < b; c->counted++) {
        const char *block = f->text + c->counted * COL_BLOCK;
        c->before[c->counted + 1] = c->before[c->counted] + COL_BLOCK - (uint32_t)utf8_chars(block, COL_BLOCK);
    }
    uint32_t rest = offset - (uint32_t)(b * COL_BLOCK);
    return c->before[b] + rest - (uint32_t)utf8_chars(f->text + b * COL_BLOCK, rest);
}

src_pos source_pos(source_file *f, uint32_t offset)
{
    if (offset > f->len)
        offset = (uint32_t)f->len;
    size_t li = line_index(f, offset);
    uint32_t from = line_start(f, li);
    src_pos p = {(uint32_t)li + 1, offset - from + 1};
    /* A released text is ASCII (source_release): one column a byte. */
    if (!f->text || f->ascii)
        return p;
    if (offset - from <= COL_BLOCK)
        p.col = (uint32_t)utf8_chars(f->text + from, offset - from) + 1;
    else
        p.col -= continuations_before(f, offset) - continuations_before(f, from);
    return p;
}

const char *source_line(source_file *f, uint32_t offset, size_t *len)
{
    *len = 0;
    const char *text = source_text(f);
    if (!text)
        return NULL;
    if (offset > f->len)
        offset = (uint32_t)f->len;
    size_t li = line_index(f, offset);
    const char *start = text + line_start(f, li);
    /* The line table knows where the line ends. */
    const char *end = li + 1 < f->nlines ? text + line_start(f, li + 1) - 1 : text + f->len;
    if (end > start && end[-1] == '\r')
        end--;
    *len = (size_t)(end - start);
    return start;
}

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

void source_note_stat(source_file *f, const struct stat *st)
{
    f->rereadable = S_ISREG(st->st_mode);
    f->size = (uint64_t)st->st_size;
    f->mtime_ns = mtime_ns(st);
}

void source_release(source_file *f, arena *a)
{
    if (!f->rereadable || !f->ascii || !f->text)
        return;
    if (!f->lines)   /* kept for the whole run, so in the arena: malloc's heap
                      * would take a page fault for every 4 KiB of them */
        build_lines(f, a);
    if (f->text_owned)
        free(f->text);
    f->text = NULL;
    f->text_owned = true;   /* a text read again is the set's */
}

/* Reads the file again, only if it still has the size and modification
 * time it had: NULL otherwise. */
static unsigned char *read_again(const source_file *f)
{
    int fd = open(f->path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    struct stat st;
    unsigned char *raw = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == f->size &&
        mtime_ns(&st) == f->mtime_ns && (raw = malloc(f->size + 1)) != NULL) {
        size_t got = 0;
        while (got < f->size) {
            ssize_t r = read(fd, raw + got, f->size - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        if (got != f->size) {
            free(raw);
            raw = NULL;
        }
    }
    close(fd);
    return raw;
}

const char *source_text(source_file *f)
{
    if (f->text || !f->rereadable || f->reread_failed)
        return f->text;
    unsigned char *raw = read_again(f);
    if (raw) {
        size_t len, off;
        src_encoding enc;
        bool ascii;
        const char *err;
        char *text = source_decode(raw, f->size, &len, &enc, &ascii, &err, &off);
        free(raw);
        if (!err && len == f->len && enc == f->encoding) {
            f->text = text;
            return text;
        }
        free(text);
    }
    f->reread_failed = true;
    return NULL;
}


/* ---- decoding ---------------------------------------------------------- */

/* Decoded text goes straight into its buffer, sized for the worst case
 * (UTF-8 keeps its size; a UTF-16 unit becomes at most 3 bytes). */
typedef struct out { char *p; size_t len; bool high; } out;

static char *buffer(size_t n)
{
    char *p = malloc(n);
    if (!p)
        abort();
    return p;
}

static char *finish(out *o)
{
    o->p[o->len] = o->p[o->len + 1] = '\0';   /* flex scans in place: two NUL bytes */
    return o->p;
}

/* The text decoded so far is kept, so that the error can be shown on its
 * line; the caller knows from *msg that decoding stopped. */
static char *fail(out *o, const char **msg, size_t *off, const char *m)
{
    *msg = m;
    *off = o->len;
    o->p[o->len] = o->p[o->len + 1] = '\0';
    return o->p;
}

static void put_utf8(out *o, unsigned long cp)
{
    char *u = o->p + o->len;
    o->high |= cp >= 0x80;
    if (cp < 0x80) {
        u[0] = (char)cp; o->len += 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); o->len += 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); o->len += 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); o->len += 4;
    }
}

/* Length of the valid UTF-8 sequence at p (1..4), 0 when invalid. */
static size_t utf8_valid(const unsigned char *p, size_t avail)
{
    unsigned c = p[0];
    size_t n;
    unsigned long cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return 0;
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* The length of the run of ASCII bytes other than NUL at p (n bytes), the
 * bytes nearly all MOF text is made of: 32 at a time (a compare with 0
 * and the sign bits; 8 at a time with the word trick cost three times as
 * much, 6.3 M instructions for CIM 2.49), else 8. */
static size_t ascii_run(const unsigned char *p, size_t n)
{
    size_t j = 0;
#if defined(__SSE2__)
    /* a byte's sign bit is set when it is above 0x7F or NUL (compared) */
    const __m128i zero = _mm_setzero_si128();
    for (; n - j >= 32; j += 32) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + j + 16));
        a = _mm_or_si128(a, _mm_cmpeq_epi8(a, zero));
        b = _mm_or_si128(b, _mm_cmpeq_epi8(b, zero));
        if (_mm_movemask_epi8(_mm_or_si128(a, b))) {
            uint32_t m = (uint32_t)_mm_movemask_epi8(a) | (uint32_t)_mm_movemask_epi8(b) << 16;
            return j + (size_t)__builtin_ctz(m);
        }
    }
#else
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    for (; n - j >= 8; j += 8) {
        uint64_t w;
        memcpy(&w, p + j, 8);
        if (((w - ones) & ~w & highs) | (w & highs))
            break;
    }
#endif
    while (j < n && p[j] && p[j] < 0x80)
        j++;
    return j;
}

/* Into b->p when the caller set it (the input's own buffer: the output
 * never runs ahead of the input), else into a new buffer. */
static char *decode_utf8(const unsigned char *p, size_t n, out *b, const char **msg, size_t *off)
{
    if (!b->p)
        b->p = buffer(n + 2);
    size_t i = 0;
    while (i < n) {
        size_t j = i + ascii_run(p + i, n - i);
        if (b->p + b->len != (const char *)p + i)
            memmove(b->p + b->len, p + i, j - i);
        b->len += j - i;
        i = j;
        if (i >= n)
            break;
        if (p[i] == 0)
            return fail(b, msg, off, "NUL byte in source file");
        size_t k = utf8_valid(p + i, n - i);
        if (!k)
            return fail(b, msg, off, "invalid UTF-8 sequence");
        memmove(b->p + b->len, p + i, k);
        b->len += k;
        b->high = true;
        i += k;
    }
    return finish(b);
}

static char *decode_utf16(const unsigned char *p, size_t n, bool le, out *b, const char **msg,
                          size_t *off)
{
    b->p = buffer(n / 2 * 3 + 4);
    /* An odd byte count is reported at the stray last byte, once the
     * text before it has decoded. */
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned long u = le ? (unsigned long)(p[i] | p[i + 1] << 8)
                             : (unsigned long)(p[i] << 8 | p[i + 1]);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= n)
                return fail(b, msg, off, "unpaired UTF-16 surrogate");
            unsigned long v = le ? (unsigned long)(p[i + 2] | p[i + 3] << 8)
                                 : (unsigned long)(p[i + 2] << 8 | p[i + 3]);
            if (v < 0xDC00 || v > 0xDFFF)
                return fail(b, msg, off, "unpaired UTF-16 surrogate");
            u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
            i += 2;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            return fail(b, msg, off, "unpaired UTF-16 surrogate");
        } else if (u == 0) {
            return fail(b, msg, off, "NUL character in source file");
        }
        put_utf8(b, u);
    }
    if (n % 2)
        return fail(b, msg, off, "odd number of bytes in UTF-16 file");
    return finish(b);
}

/* inplace: raw's own buffer, for UTF-8; NULL: a new one. */
static char *decode(const unsigned char *raw, size_t n, char *inplace, size_t *out_len,
                    src_encoding *enc, bool *ascii, const char **msg, size_t *off)
{
    *msg = NULL;
    *off = 0;
    out b = {inplace, 0, false};
    char *text;
    if (n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) {
        *enc = ENC_UTF8_BOM;
        text = decode_utf8(raw + 3, n - 3, &b, msg, off);
    } else if (n >= 2 && raw[0] == 0xFF && raw[1] == 0xFE) {
        *enc = ENC_UTF16LE;
        text = decode_utf16(raw + 2, n - 2, true, &b, msg, off);
    } else if (n >= 2 && raw[0] == 0xFE && raw[1] == 0xFF) {
        *enc = ENC_UTF16BE;
        text = decode_utf16(raw + 2, n - 2, false, &b, msg, off);
    } else if (n >= 4 && raw[0] && !raw[1] && raw[2] && !raw[3]) {
        /* Without a BOM, a file whose first bytes alternate with NULs is
         * UTF-16 (mofcomp accepts these too); anything else is UTF-8. */
        *enc = ENC_UTF16LE;
        text = decode_utf16(raw, n, true, &b, msg, off);
    } else if (n >= 4 && !raw[0] && raw[1] && !raw[2] && raw[3]) {
        *enc = ENC_UTF16BE;
        text = decode_utf16(raw, n, false, &b, msg, off);
    } else {
        *enc = ENC_UTF8;
        text = decode_utf8(raw, n, &b, msg, off);
    }
    *out_len = b.len;
    *ascii = !b.high;
    return text;
}

char *source_decode(const unsigned char *raw, size_t n, size_t *out_len, src_encoding *enc,
                    bool *ascii, const char **msg, size_t *off)
{
    return decode(raw, n, NULL, out_len, enc, ascii, msg, off);
}

char *source_decode_in_place(unsigned char *raw, size_t n, size_t *out_len, src_encoding *enc,
                             bool *ascii, const char **msg, size_t *off)
{
    /* UTF-16 takes a buffer of its own (decode_utf16 sets b->p) */
    char *text = decode(raw, n, (char *)raw, out_len, enc, ascii, msg, off);
    if (text != (char *)raw)
        free(raw);
    return text;
}

void source_encode(src_encoding enc, bool bom, const char *text, size_t len, strbuf *dst)
{
    if (enc == ENC_UTF8 || enc == ENC_UTF8_BOM) {
        if (bom)
            strbuf_add(dst, "\xEF\xBB\xBF", 3);
        strbuf_add(dst, text, len);
        return;
    }
    bool le = enc == ENC_UTF16LE;
    strbuf_reserve(dst, 2 * len + 2);
    if (bom)
        strbuf_add(dst, le ? "\xFF\xFE" : "\xFE\xFF", 2);
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    while (p < end) {
        /* The text is valid UTF-8 (it was decoded or written by mofc). */
        unsigned long u = *p++;
        int more = u >= 0xF0 ? 3 : u >= 0xE0 ? 2 : u >= 0xC0 ? 1 : 0;
        u &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0x7F;
        for (; more > 0 && p < end; more--)
            u = u << 6 | (*p++ & 0x3F);
        unsigned long units[2] = {u, 0};
        int n = 1;
        if (u >= 0x10000) {
            units[0] = 0xD800 + ((u - 0x10000) >> 10);
            units[1] = 0xDC00 + ((u - 0x10000) & 0x3FF);
            n = 2;
        }
        for (int i = 0; i < n; i++) {
            char b[2] = {(char)(le ? units[i] & 0xFF : units[i] >> 8),
                         (char)(le ? units[i] >> 8 : units[i] & 0xFF)};
            strbuf_add(dst, b, 2);
        }
    }
}
