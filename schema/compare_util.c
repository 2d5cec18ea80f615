/* Helpers shared by the comparison rules: element names, reporting, and
 * an integer hash map. */
#include "schema/compare_internal.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void elem_text(char *buf, size_t size, const elem *e)
{
    if (e->param)
        snprintf(buf, size, "%s '%s' of '%s.%s'", e->kind, e->param, e->cls, e->feat);
    else if (e->feat)
        snprintf(buf, size, "%s '%s.%s'", e->kind, e->cls, e->feat);
    else
        snprintf(buf, size, "%s '%s'", e->kind, e->cls);
}

void change(cmp *c, diag_id id, mof_span at, mof_span other, const char *note, const char *fmt, ...)
{
    diag_severity sev = diag_default_severity(id);
    c->breaking += sev == SEV_BREAKING;
    c->compatible += sev == SEV_COMPATIBLE;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diagnostic *d = diag_report(c->s, id, at, "%s", msg);
    if (other.file)
        diag_add_note(c->s, d, other, "%s", note);
}

static size_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k;
}

void u64map_init(u64map *m, size_t n)
{
    m->cap = 16;
    while (m->cap < 2 * n)
        m->cap *= 2;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = calloc(m->cap, sizeof *m->vals);
    if (!m->keys || !m->vals)
        abort();
}

void u64map_put(u64map *m, uint64_t key, size_t val)
{
    /* Sized for n keys at init: at most half full. */
    for (size_t i = mix(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->vals[i]) {
            m->keys[i] = key;
            m->vals[i] = val + 1;
            return;
        }
        if (m->keys[i] == key)
            return;
    }
}

bool u64map_get(const u64map *m, uint64_t key, size_t *val)
{
    for (size_t i = mix(key) & (m->cap - 1); m->vals[i]; i = (i + 1) & (m->cap - 1))
        if (m->keys[i] == key) {
            *val = m->vals[i] - 1;
            return true;
        }
    return false;
}

void u64map_free(u64map *m)
{
    free(m->keys);
    free(m->vals);
}
