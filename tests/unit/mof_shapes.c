/* MOF inputs of one shape at a size n (mof_shapes.h). */
#include "tests/unit/mof_shapes.h"

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
