/* MOF inputs of one shape at a size n (mof_shapes.h). */
#include "tests/unit/mof_shapes.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void mof_shape_chain(strbuf *out, size_t n)
{
    strbuf_adds(out, "class Chain_0 {\n  [Key] string Id;\n};\n");
    for (size_t i = 1; i < n; i++)
        strbuf_printf(out, "class Chain_%zu : Chain_%zu {\n  uint32 P%zu;\n};\n", i, i - 1, i);
}

void mof_shape_wide(strbuf *out, size_t n)
{
    strbuf_adds(out, "class Wide {\n  [Key] string Id;\n");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "  [Key] uint32 P%zu;\n", i);
    strbuf_adds(out, "};\n");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "class Wide_%zu : Wide {\n};\n", i);
}

void mof_shape_valuemap(strbuf *out, size_t n)
{
    strbuf_adds(out, "class Big {\n  [Key] string Id;\n  [ValueMap {");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "%s\"%zu\"", i ? ", " : "", i);
    strbuf_adds(out, "},\n   Values {");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "%s\"State %zu\"", i ? ", " : "", i);
    strbuf_adds(out, "}]\n  uint32 State;\n};\n");
}

void mof_shape_flat(strbuf *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        strbuf_printf(out, "[Description (\"Flat class %zu.\")]\nclass Flat_%zu {\n  [Key] string Id;\n", i, i);
        for (int p = 1; p < 9; p++)
            strbuf_printf(out, "  uint32 P%d;\n", p);
        strbuf_adds(out, "  [ValueMap {\"0\", \"1\", \"2\", \"3..15\", \"..\"},\n"
                         "   Values {\"Unknown\", \"Ready\", \"Busy\", \"Reserved\", \"Other\"}]\n"
                         "  uint16 State;\n};\n");
    }
}

void mof_shape_quals(strbuf *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "Qualifier Q%zu : uint32 = 0, Scope(any);\n", i);
    strbuf_adds(out, "class Quals {\n  [Key] string Id;\n  [");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "%sQ%zu (%zu)", i ? ", " : "", i, i);
    strbuf_adds(out, "]\n  uint32 P;\n};\n");
}

void mof_shape_class_quals(strbuf *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "Qualifier Q%zu : uint32 = 0, Scope(any), Flavor(ToSubclass);\n", i);
    for (int k = 0; k < 2; k++) {
        strbuf_adds(out, "[");
        for (size_t i = 0; i < n; i++)
            strbuf_printf(out, "%sQ%zu (%zu)", i ? ", " : "", i, i + (size_t)k);
        strbuf_adds(out, k ? "]\nclass Quals_1 : Quals_0 {\n};\n" : "]\nclass Quals_0 {\n  [Key] string Id;\n};\n");
    }
}

void mof_shape_params(strbuf *out, size_t n)
{
    strbuf_adds(out, "class Params {\n  [Key] string Id;\n  uint32 Do(");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "%s[In] uint32 A%zu", i ? ", " : "", i);
    strbuf_adds(out, ");\n};\n");
}

void mof_shape_instances(strbuf *out, size_t n)
{
    strbuf_adds(out, "class Values {\n  [Key] string Id;\n");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "  uint32 P%zu;\n", i);
    strbuf_adds(out, "};\ninstance of Values {\n  Id = \"all\";\n");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "  P%zu = %zu;\n", i, i);
    strbuf_adds(out, "};\n");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "instance of Values { Id = \"k%zu\"; };\n", i);
}

void mof_shape_embedded_chain(strbuf *out, size_t n)
{
    strbuf_adds(out, "class Link {\n  [Key] string Id;\n  string Text;\n"
                     "  [EmbeddedInstance (\"Link\")] string Next;\n};\n"
                     "instance of Link as $l0 { Id = \"l0\"; Text = \"<&>\\\"'\\t\"; };\n");
    for (size_t i = 1; i < n; i++)
        strbuf_printf(out, "instance of Link as $l%zu { Id = \"l%zu\"; Next = $l%zu; };\n", i, i, i - 1);
}

void mof_shape_overrides(strbuf *out, size_t n)
{
    strbuf_adds(out, "class Over_0 {\n  [Key] string Id;\n  [Description (\"d0\")] uint32 P;\n};\n");
    for (size_t i = 1; i < n; i++)
        strbuf_printf(out,
                      "class Over_%zu : Over_%zu {\n  [Override (\"P\"), Description (\"d%zu\")] uint32 P;\n};\n"
                      "instance of Over_%zu { Id = \"o%zu\"; };\n",
                      i, i - 1, i, i, i);
}

void mof_shape_one_line(strbuf *out, size_t n)
{
    strbuf_adds(out, "/* d\xC3\xA9" "clar\xC3\xA9" "es deux fois */ ");
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 2; k++)
            strbuf_printf(out, "class L%zu { [Key] string Id; }; ", i);
    strbuf_adds(out, "\n");
}

/* FNV-1a of the bytes with bit 0x20 set (as name_hash), on the low
 * FLOOD_BITS bits of the state only: what those bits become depends on
 * nothing else. */
enum { FLOOD_BITS = 20, FLOOD_BLOCK = 4 };
#define FLOOD_MASK ((UINT64_C(1) << FLOOD_BITS) - 1)

static uint64_t flood_step(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = ((h ^ ((unsigned char)s[i] | 0x20)) * UINT64_C(1099511628211)) & FLOOD_MASK;
    return h;
}

static void flood_block(char *b, unsigned long k)
{
    static const char alpha[] = "abcdefghijklmnopqrstuvwxyz0123456789_";
    for (int i = 0; i < FLOOD_BLOCK; i++, k /= sizeof alpha - 1)
        b[i] = alpha[k % (sizeof alpha - 1)];
}

void mof_shape_flood(strbuf *out, size_t n)
{
    size_t m = 0;
    while (((size_t)1 << m) < n)
        m++;
    /* pair[i][0..1]: two blocks that take the low bits of the state from
     * where the blocks before leave them to the same place. */
    char(*pair)[2][FLOOD_BLOCK] = calloc(m ? m : 1, sizeof *pair);
    uint32_t *seen = malloc(sizeof(uint32_t) << FLOOD_BITS);
    if (!pair || !seen)
        abort();
    uint64_t h = flood_step(UINT64_C(1469598103934665603) & FLOOD_MASK, "F", 1);
    for (size_t i = 0; i < m; i++) {
        memset(seen, 0, sizeof(uint32_t) << FLOOD_BITS);
        for (unsigned long k = 0;; k++) {
            char b[FLOOD_BLOCK];
            flood_block(b, k);
            uint64_t to = flood_step(h, b, FLOOD_BLOCK);
            if (seen[to]) {
                flood_block(pair[i][0], seen[to] - 1);
                memcpy(pair[i][1], b, FLOOD_BLOCK);
                h = to;
                break;
            }
            seen[to] = (uint32_t)k + 1;
        }
    }
    free(seen);
    for (size_t j = 0; j < n; j++) {
        strbuf_adds(out, "class F");
        for (size_t i = 0; i < m; i++)
            strbuf_add(out, pair[i][(j >> i) & 1], FLOOD_BLOCK);
        strbuf_adds(out, " {\n  [Key] string Id;\n};\n");
    }
    free(pair);
}
