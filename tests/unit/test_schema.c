/* Validation: for each rule, input that breaks it (exact code, line,
 * column and message) and input that keeps it (no diagnostic). */
#include "tests/unit/fixture.h"
#include "tests/unit/mof_shapes.h"
#include "tests/unit/name_ops.h"
#include "common/strbuf.h"
#include "common/names.h"
#include <stdlib.h>
#include "schema/model.h"
#include "schema/class_tree.h"
#include "codegen/export.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct expect { const char *code; unsigned line, col; const char *msg; } expect;
typedef struct rule_case {
    const char *name;
    mof_dialect dialect;
    const char *src;
    expect want[4];     /* empty code ends the list; none: valid input */
} rule_case;

/* A few declarations DMTF-dialect cases share. */
#define QUALS \
    "Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);\n" \
    "Qualifier Description : string = null, Scope(any), Flavor(Translatable);\n" \
    "Qualifier Association : boolean = false, Scope(association), Flavor(DisableOverride, ToSubclass);\n" \
    "Qualifier Abstract : boolean = false, Scope(class, association, indication), Flavor(Restricted);\n" \
    "Qualifier Override : string = null, Scope(property, reference, method), Flavor(Restricted);\n" \
    "Qualifier ValueMap : string[], Scope(property, method, parameter);\n" \
    "Qualifier Values : string[], Scope(property, method, parameter), Flavor(Translatable);\n" \
    "Qualifier MaxLen : uint32 = null, Scope(property, method, parameter);\n" \
    "Qualifier In : boolean = true, Scope(parameter), Flavor(DisableOverride);\n" \
    "Qualifier EmbeddedInstance : string = null, Scope(property, method, parameter);\n" \
    "Qualifier Sticky : string = null, Scope(class), Flavor(DisableOverride, ToSubclass);\n"
/* QUALS is 11 lines: the cases' own text starts on line 12. */

static const rule_case cases[] = {
    /* qualifiers */
    {"unknown qualifier (DMTF)", DIALECT_DMTF, QUALS "[Colour (\"red\")] class A { };\n",
     {{"MOF2001", 12, 2, "qualifier 'Colour' is not declared"}}},
    {"unknown qualifier (WMI: a warning)", DIALECT_WMI, "[Colour (\"red\")] class A { };\n",
     {{"MOF2001", 1, 2, "qualifier 'Colour' is not declared"}}},
    {"standard qualifiers need no declaration", DIALECT_DMTF,
     "[Abstract, Description (\"d\")] class A { [Key, MaxLen (8)] string Id; };\n", {{0}}},
    {"WMI qualifiers are unknown to DMTF files", DIALECT_DMTF, "[Dynamic] class A { };\n",
     {{"MOF2001", 1, 2, "qualifier 'Dynamic' is not declared"}}},
    {"qualifier value type", DIALECT_DMTF, QUALS "class A { [MaxLen (\"ten\")] string S; };\n",
     {{"MOF2301", 12, 20, "qualifier 'MaxLen' needs an uint32 value, not a string"}}},
    {"qualifier value range", DIALECT_DMTF, QUALS "class A { [MaxLen (-1)] string S; };\n",
     {{"MOF2301", 12, 20, "value -1 does not fit in uint32"}}},
    {"boolean qualifier value", DIALECT_DMTF, QUALS "class A { [Key (1)] string S; };\n",
     {{"MOF2002", 12, 17, "qualifier 'Key' needs a boolean value"}}},
    {"array value for a scalar qualifier", DIALECT_DMTF, QUALS "class A { [MaxLen {1, 2}] string S; };\n",
     {{"MOF2002", 12, 19, "qualifier 'MaxLen' needs a single uint32 value, not an array"}}},
    {"qualifier scope", DIALECT_DMTF, QUALS "class A { [Key] uint8 M(); };\n",
     {{"MOF2003", 12, 12, "qualifier 'Key' is not allowed on a method (method 'A.M')"}}},
    {"class-scoped qualifier on a property", DIALECT_DMTF, QUALS "class A { [Abstract] string S; };\n",
     {{"MOF2003", 12, 12, "qualifier 'Abstract' is not allowed on a property (property 'A.S')"}}},
    {"qualifier given twice", DIALECT_DMTF, QUALS "class A { [Key, Description (\"a\"), key] string S; };\n",
     {{"MOF2004", 12, 36, "qualifier 'key' given twice on property 'A.S'"}}},
    {"qualifier redeclared differently", DIALECT_DMTF,
     QUALS "Qualifier MaxLen : uint16 = null, Scope(property);\n",
     {{"MOF2005", 12, 11, "qualifier 'MaxLen' declared again with a different type"}}},
    {"qualifier redeclared the same", DIALECT_DMTF,
     QUALS "Qualifier MaxLen : uint32 = null, Scope(property, method, parameter);\n", {{0}}},
    {"DisableOverride qualifier changed", DIALECT_DMTF,
     QUALS "[Sticky (\"a\")] class A { };\n[Sticky (\"b\")] class B : A { };\n",
     {{"MOF2006", 13, 2, "qualifier 'Sticky' cannot change value: it is DisableOverride in 'A'"}}},
    {"DisableOverride qualifier repeated with its value", DIALECT_DMTF,
     QUALS "[Sticky (\"a\")] class A { };\n[Sticky (\"a\")] class B : A { };\n", {{0}}},
    /* classes and features */
    {"unknown superclass", DIALECT_DMTF, "class B : A { };\n",
     {{"MOF2101", 1, 11, "superclass 'A' of 'B' is not declared (before this point)"}}},
    {"superclass declared later", DIALECT_DMTF, "class B : A { };\nclass A { };\n",
     {{"MOF2101", 1, 11, "superclass 'A' of 'B' is not declared (before this point)"}}},
    {"class declared twice", DIALECT_DMTF, "class A { };\nclass a { };\n",
     {{"MOF2102", 2, 7, "class 'a' is declared twice in namespace 'root/cimv2'"}}},
    {"same class in two namespaces", DIALECT_DMTF,
     "class A { };\n#pragma namespace (\"root/other\")\nclass A { };\n", {{0}}},
    {"feature declared twice", DIALECT_DMTF, "class A { uint8 X; uint8 M(); string x; };\n",
     {{"MOF2103", 1, 38, "'x' is declared twice in class 'A'"}}},
    {"property and method share one name space", DIALECT_DMTF, "class A { uint8 X; uint8 X(); };\n",
     {{"MOF2103", 1, 26, "'X' is declared twice in class 'A'"}}},
    {"parameter declared twice", DIALECT_DMTF, "class A { uint8 M(uint8 p, string P); };\n",
     {{"MOF2104", 1, 35, "parameter 'P' is declared twice in method 'M'"}}},
    {"override of nothing", DIALECT_DMTF,
     QUALS "class A { };\nclass B : A { [Override (\"X\")] uint8 X; };\n",
     {{"MOF2110", 13, 38, "'Override (\"X\")' on 'X': class 'B' inherits no property 'X'"}}},
    {"override with another type", DIALECT_DMTF,
     QUALS "class A { uint8 X; };\nclass B : A { [Override (\"X\")] uint16 X; };\n",
     {{"MOF2105", 13, 32, "'X' overrides 'A.X' with type uint16 instead of uint8"}}},
    {"override of another kind", DIALECT_DMTF,
     QUALS "class A { uint8 X; };\nclass B : A { [Override (\"X\")] uint8 X(); };\n",
     {{"MOF2105", 13, 38, "method 'X' cannot override the property 'X' of 'A'"}}},
    {"override narrowing a reference", DIALECT_DMTF,
     QUALS "class T { };\nclass U : T { };\nclass V { };\n"
           "[Association] class A { T REF x; T REF y; };\n"
           "[Association] class B : A { [Override (\"x\")] U REF x; };\n"
           "[Association] class C : A { [Override (\"y\")] V REF y; };\n",
     {{"MOF2206", 17, 46, "reference 'y' can narrow 'T' only to a subclass, and 'V' is not one"}}},
    {"hiding without Override", DIALECT_DMTF, "class A { uint8 X; };\nclass B : A { uint8 X; };\n",
     {{"MOF2106", 2, 21, "'X' hides the inherited property of 'A' without 'Override'"}}},
    {"key array", DIALECT_DMTF, QUALS "class A { [Key] string Ids[]; };\n",
     {{"MOF2107", 12, 24, "key property 'Ids' cannot be an array"}}},
    {"subclass adds a key", DIALECT_DMTF,
     QUALS "class A { [Key] string Id; };\nclass B : A { [Key] string Other; };\n",
     {{"MOF2108", 13, 28, "class 'B' cannot add key 'Other': 'A' already has keys"}}},
    {"subclass repeats an inherited key", DIALECT_DMTF,
     QUALS "class A { [Key] string Id; };\nclass B : A { [Key, Override (\"Id\")] string Id; };\n", {{0}}},
    /* associations and references */
    {"reference to an undeclared class", DIALECT_DMTF,
     QUALS "class T { };\n[Association] class A { T REF a; Nope REF b; };\n",
     {{"MOF2201", 13, 34, "reference 'b' names class 'Nope', which is not declared"}}},
    {"reference outside an association (DMTF)", DIALECT_DMTF, QUALS "class T { T REF r; };\n",
     {{"MOF2202", 12, 17, "reference property 'r' in 'T', which is not an association"}}},
    {"reference outside an association (WMI: warning)", DIALECT_WMI, "class T { T REF r; };\n",
     {{"MOF2202", 1, 17, "reference property 'r' in 'T', which is not an association"}}},
    {"REF parameters are fine anywhere", DIALECT_DMTF, "class T { uint32 M(T REF r); };\n", {{0}}},
    {"association with one reference", DIALECT_DMTF, QUALS "class T { };\n[Association] class A { T REF a; };\n",
     {{"MOF2203", 13, 21, "association 'A' needs at least two references, it has 1"}}},
    {"association deriving from a class", DIALECT_DMTF,
     QUALS "class T { };\n[Association] class A : T { T REF a; T REF b; };\n",
     {{"MOF2204", 13, 25, "association 'A' cannot derive from 'T', which is not an association"}}},
    {"EmbeddedInstance of an undeclared class", DIALECT_DMTF,
     QUALS "class A { [EmbeddedInstance (\"Nope\")] string E; };\n",
     {{"MOF2205", 12, 12, "EmbeddedInstance names class 'Nope', which is not declared"}}},
    {"EmbeddedInstance of a later class, other namespace", DIALECT_DMTF,
     QUALS "class A { [EmbeddedInstance (\"Later\")] string E; };\n#pragma namespace (\"root/x\")\nclass Later { };\n", {{0}}},
    /* values */
    {"uint8 out of range", DIALECT_DMTF, "class A { uint8 X = 256; };\n",
     {{"MOF2301", 1, 21, "value 256 does not fit in uint8"}}},
    {"sint8 limits", DIALECT_DMTF, "class A { sint8 X = -128; sint8 Y = 127; sint8 Z = -129; };\n",
     {{"MOF2301", 1, 52, "value -129 does not fit in sint8"}}},
    {"64-bit limits", DIALECT_DMTF,
     "class A { uint64 X = 18446744073709551615; sint64 Y = -9223372036854775808; "
     "sint64 Z = 9223372036854775808; };\n",
     {{"MOF2301", 1, 88, "value 9223372036854775808 does not fit in sint64"}}},
    {"negative unsigned", DIALECT_DMTF, "class A { uint32 X = -1; };\n",
     {{"MOF2301", 1, 22, "value -1 does not fit in uint32"}}},
    {"boolean value", DIALECT_DMTF, "class A { boolean X = 1; };\n",
     {{"MOF2301", 1, 23, "property 'A.X' needs a boolean value, not an integer"}}},
    {"real value", DIALECT_DMTF, "class A { real32 X = 1.5; real64 Y = 2; real64 Z = \"x\"; };\n",
     {{"MOF2301", 1, 52, "property 'A.Z' needs a real64 value, not a string"}}},
    {"char16 value", DIALECT_DMTF, "class A { char16 C = 'x'; char16 D = \"xy\"; };\n",
     {{"MOF2301", 1, 38, "property 'A.D' needs a char16 value, not a string"}}},
    {"datetime timestamp and interval", DIALECT_DMTF,
     "class A { datetime T = \"20240229123000.000000+060\"; datetime I = \"00000001020304.000000:000\";"
     " datetime W = \"2024**********.******+***\"; };\n", {{0}}},
    {"datetime malformed", DIALECT_DMTF, "class A { datetime T = \"20241301000000.000000+000\"; };\n",
     {{"MOF2302", 1, 24, "'20241301000000.000000+000' is not a datetime (yyyymmddhhmmss.mmmmmmsutc or ddddddddhhmmss.mmmmmm:000)"}}},
    {"array for a scalar", DIALECT_DMTF, "class A { uint8 X = {1}; };\n",
     {{"MOF2301", 1, 21, "property 'A.X' needs a single value, not an array"}}},
    {"scalar for an array", DIALECT_DMTF, "class A { uint8 X[] = 1; };\n",
     {{"MOF2304", 1, 23, "property 'A.X' is an array: 1 read as {1}"}}},
    {"scalar for an array (WMI: a warning)", DIALECT_WMI, "class A { uint8 X[] = 1; string S[] = \"a\"; };\n",
     {{"MOF2304", 1, 23, "property 'A.X' is an array: 1 read as {1}"},
      {"MOF2304", 1, 39, "property 'A.S' is an array: \"a\" read as {\"a\"}"}}},
    {"char16 as an integer (DSP0004 charValue)", DIALECT_DMTF,
     "class A { char16 C = 44; char16 D[] = {65, 'b', 0x263A}; };\n", {{0}}},
    {"char16 integers out of range", DIALECT_WMI,
     "class A { char16 C = 70000; char16 D = -1; char16 E = 0; char16 F = 0xD800; };\n",
     {{"MOF2301", 1, 22, "value 70000 does not fit in char16"},
      {"MOF2301", 1, 40, "value -1 does not fit in char16"},
      {"MOF2301", 1, 55, "value 0 for property 'A.E' is NUL (U+0000), not a char16 value"},
      {"MOF2301", 1, 69, "value 55296 for property 'A.F' is a UTF-16 surrogate, not a character"}}},
    {"char16 as a one-character string", DIALECT_DMTF, "class A { char16 C = \"c\"; };\n",
     {{"MOF2305", 1, 22, "property 'A.C' is a char16: \"c\" read as 'c'"}}},
    {"char16 as a one-character string (WMI: a warning)", DIALECT_WMI,
     "class A { char16 C = \"\xc3\xa9\"; char16 D = \"\"; };\n",
     {{"MOF2305", 1, 22, "property 'A.C' is a char16: \"\xc3\xa9\" read as '\xc3\xa9'"},
      {"MOF2301", 1, 38, "property 'A.D' needs a char16 value, not a string"}}},
    {"array elements checked", DIALECT_DMTF, "class A { uint8 X[] = {1, 2, 300}; };\n",
     {{"MOF2301", 1, 30, "value 300 does not fit in uint8"}}},
    {"null fits anything", DIALECT_DMTF, "class A { uint8 X = null; string S[] = null; };\n", {{0}}},
    /* ValueMap / Values */
    {"ValueMap and Values counts", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"0\", \"1\"}, Values {\"Zero\"}] uint8 X; };\n",
     {{"MOF2401", 12, 33, "ValueMap has 2 entries but Values has 1 (property 'A.X')"}}},
    {"ValueMap entry not an integer", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"0\", \"one\"}, Values {\"Zero\", \"One\"}] uint8 X; };\n",
     {{"MOF2402", 12, 27, "ValueMap entry 'one' is not an integer or a range"}}},
    {"ValueMap entry outside the type", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"0\", \"256\"}, Values {\"a\", \"b\"}] uint8 X; };\n",
     {{"MOF2403", 12, 27, "ValueMap entry '256' is outside uint8"}}},
    {"ValueMap negative on unsigned", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"-1\"}, Values {\"a\"}] uint8 X; };\n",
     {{"MOF2403", 12, 22, "ValueMap entry '-1' is outside uint8"}}},
    {"ValueMap duplicate", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"1\", \"0x1\"}, Values {\"a\", \"b\"}] uint8 X; };\n",
     {{"MOF2404", 12, 27, "ValueMap entry '0x1' is given twice (property 'A.X')"}}},
    {"ValueMap overlapping ranges", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"1..5\", \"5..9\"}, Values {\"a\", \"b\"}] uint8 X; };\n",
     {{"MOF2404", 12, 30, "ValueMap entry '5..9' overlaps '1..5' (property 'A.X')"}}},
    {"ValueMap value inside a range (warning)", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"3\", \"1..5\"}, Values {\"a\", \"b\"}] uint8 X; };\n",
     {{"MOF2405", 12, 27, "ValueMap range '1..5' also holds '3', listed on its own (property 'A.X')"}}},
    /* Each entry is reported against the first entry before it that it
     * overlaps, whatever the order of their bounds; faulty entries are
     * reported in place, in entry order. */
    {"ValueMap overlaps: the first earlier entry", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"8..9\", \"x\", \"1..10\", \"9\", \"..\", \"0..\"}] sint8 X; };\n",
     {{"MOF2402", 12, 30, "ValueMap entry 'x' is not an integer or a range"},
      {"MOF2404", 12, 35, "ValueMap entry '1..10' overlaps '8..9' (property 'A.X')"},
      {"MOF2405", 12, 44, "ValueMap range '8..9' also holds '9', listed on its own (property 'A.X')"},
      {"MOF2404", 12, 55, "ValueMap entry '0..' overlaps '8..9' (property 'A.X')"}}},
    {"ValueMap overlaps: signed order", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"-5..-1\", \"0..4\", \"-1\", \"..-6\", \"-128\"}] sint8 X; };\n",
     {{"MOF2405", 12, 40, "ValueMap range '-5..-1' also holds '-1', listed on its own (property 'A.X')"},
      {"MOF2405", 12, 54, "ValueMap range '..-6' also holds '-128', listed on its own (property 'A.X')"}}},
    {"ValueMap empty range", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"5..1\"}, Values {\"a\"}] uint8 X; };\n",
     {{"MOF2402", 12, 22, "ValueMap range '5..1' is empty"}}},
    {"ValueMap every form", DIALECT_DMTF,
     QUALS "class A { [ValueMap {\"-3\", \"0x10\", \"101b\", \"017\", \"20..29\", \"..-10\", \"100..\", \"..\"},"
           " Values {\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\"}] sint16 X;"
           " [ValueMap {\"a\", \"b\"}, Values {\"A\", \"B\"}] string S;"
           " [ValueMap {\"0\", \"7..4095\", \"4096\", \"4097..32767\", \"32768..65535\"},"
           " Values {\"ok\", \"r\", \"job\", \"m\", \"v\"}] uint32 M(); };\n", {{0}}},
    /* instances */
    {"instance of an undeclared class", DIALECT_DMTF, "instance of A { X = 1; };\n",
     {{"MOF2501", 1, 13, "instance of 'A', which is not declared in namespace 'root/cimv2'"}}},
    {"instance of an abstract class", DIALECT_DMTF, QUALS "[Abstract] class A { uint8 X; };\ninstance of A { X = 1; };\n",
     {{"MOF2109", 13, 13, "cannot create an instance of abstract class 'A'"}}},
    {"instance of an abstract class's subclass", DIALECT_DMTF,
     QUALS "[Abstract] class A { uint8 X; };\nclass B : A { };\ninstance of B { X = 1; };\n", {{0}}},
    {"unknown property", DIALECT_DMTF, "class A { uint8 X; };\ninstance of A { Y = 1; };\n",
     {{"MOF2502", 2, 17, "class 'A' has no property 'Y'"}}},
    {"inherited property is fine", DIALECT_DMTF,
     "class A { uint8 X; };\nclass B : A { };\ninstance of B { x = 1; };\n", {{0}}},
    {"instance value type", DIALECT_DMTF, "class A { uint8 X; };\ninstance of A { X = \"one\"; };\n",
     {{"MOF2301", 2, 21, "property 'X' needs an uint8 value, not a string"}}},
    {"property given twice", DIALECT_DMTF, "class A { uint8 X; };\ninstance of A { X = 1; X = 2; };\n",
     {{"MOF2507", 2, 24, "property 'X' is given twice"}}},
    {"alias defined twice", DIALECT_DMTF,
     "class A { uint8 X; };\ninstance of A as $a { X = 1; };\ninstance of A as $a { X = 2; };\n",
     {{"MOF2503", 3, 18, "alias '$a' is defined twice"}}},
    {"alias not defined", DIALECT_DMTF,
     QUALS "class T { };\n[Association] class A { T REF x; T REF y; };\ninstance of A { x = $nope; };\n",
     {{"MOF2504", 14, 21, "alias '$nope' is not defined"}}},
    {"alias forward reference", DIALECT_DMTF,
     QUALS "class T { uint8 X; };\n[Association] class A { T REF x; T REF y; };\n"
           "instance of A { x = $t; y = \"T.Name=\\\"t\\\"\"; };\ninstance of T as $t { X = 1; };\n", {{0}}},
    {"reference to the wrong class", DIALECT_DMTF,
     QUALS "class T { };\nclass U { uint8 X; };\n[Association] class A { T REF x; T REF y; };\n"
           "instance of U as $u { X = 1; };\ninstance of A { x = $u; y = \"U.Id=1\"; };\n",
     {{"MOF2303", 16, 21, "reference 'x' needs an instance of 'T', not of 'U'"},
      {"MOF2303", 16, 29, "reference 'y' needs an instance of 'T', not of 'U'"}}},
    {"duplicate keys", DIALECT_DMTF,
     QUALS "class A { [Key] string Id; uint8 X; };\ninstance of A { Id = \"k\"; X = 1; };\n"
           "instance of A { Id = \"k\"; X = 2; };\n",
     {{"MOF2505", 14, 1, "another instance of 'A' has the same keys (Id = \"k\")"}}},
    {"duplicate keys across a subclass", DIALECT_DMTF,
     QUALS "class A { [Key] string Id; };\nclass B : A { };\ninstance of A { Id = \"k\"; };\n"
           "instance of B { Id = \"k\"; };\n",
     {{"MOF2505", 15, 1, "another instance of 'A' has the same keys (Id = \"k\")"}}},
    {"different keys", DIALECT_DMTF,
     QUALS "class A { [Key] string Id; };\ninstance of A { Id = \"k\"; };\ninstance of A { Id = \"K\"; };\n", {{0}}},
    {"key unset (warning)", DIALECT_DMTF, QUALS "class A { [Key] string Id; uint8 X; };\ninstance of A { X = 1; };\n",
     {{"MOF2506", 13, 1, "instance of 'A' leaves key 'Id' unset"}}},
    {"WMI takes numbers in ValueMap", DIALECT_WMI,
     "class A { [ValueMap {0, 1, 2} : Amended, Values {\"Z\", \"O\", \"T\"} : Amended] uint32 N; };\n", {{0}}},
    {"DMTF does not", DIALECT_DMTF, "class A { [ValueMap {0}, Values {\"Z\"}] uint32 N; };\n",
     {{"MOF2301", 1, 22, "qualifier 'ValueMap' needs a string value, not an integer"}}},
    /* namespaces (WMI) */
    {"WMI child namespace and relative pragma", DIALECT_WMI,
     "#pragma namespace (\"\\\\\\\\.\\\\root\")\ninstance of __Namespace { Name = \"kid\"; };\n"
     "#pragma namespace (\"kid\")\nclass A : __EventConsumer { };\n", {{0}}},
};

static void rules(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const rule_case *c = &cases[i];
        fx f;
        fx_parse(&f, c->src, c->dialect);
        if (f.ctx.diag.n) {
            char buf[512];
            print_error("%s: syntax: %s\n", c->name, fx_describe(&f, 0, buf, sizeof buf));
            failures++;
            fx_done(&f);
            continue;
        }
        schema_model *m = schema_build(&f.ctx, &f.unit);
        size_t k = 0;
        for (; k < 4 && c->want[k].code; k++) {
            char want[512], got[512] = "(none)";
            snprintf(want, sizeof want, "%s %u:%u %s", c->want[k].code, c->want[k].line, c->want[k].col,
                     c->want[k].msg);
            if (k < f.ctx.diag.n)
                fx_describe(&f, k, got, sizeof got);
            if (strcmp(want, got)) {
                print_error("%s:\n  want: %s\n  got:  %s\n", c->name, want, got);
                failures++;
            }
        }
        for (; k < f.ctx.diag.n; k++) {
            char got[512];
            print_error("%s: unexpected: %s\n", c->name, fx_describe(&f, k, got, sizeof got));
            failures++;
        }
        f.checked = f.ctx.diag.n;
        schema_free(m);
        fx_done(&f);
    }
    assert_int_equal(failures, 0);
}

/* Severity follows the dialect: DSP0004 rules mofcomp does not enforce. */
static void dialect_severity(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f, "class T { T REF r; };\n", DIALECT_WMI);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.errors, 0);
    assert_int_equal(f.ctx.diag.warnings, 1);
    f.checked = 1;
    schema_free(m);
    fx_done(&f);
    fx_parse(&f, "class T { T REF r; };\n", DIALECT_DMTF);
    m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.errors, 1);
    f.checked = 1;
    schema_free(m);
    fx_done(&f);
}

/* The model holds what codegen needs: inheritance in order, overrides in
 * place, parsed ValueMaps, effective qualifiers with their origin. */
static void model_contents(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             QUALS
             "[Description (\"base\")] class A { [Key] string Id; uint8 X; [Description (\"m\")] uint32 M(); };\n"
             "class B : A { [Override (\"X\"), ValueMap {\"1\", \"2..4\"}, Values {\"One\", \"Some\"}] uint8 X;"
             " string Y; };\n",
             DIALECT_DMTF);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.n, 0);
    assert_int_equal(m->nns, 1);
    const model_class *b = model_find_class(m->ns[0], "b");
    assert_non_null(b);
    assert_string_equal(b->name, "B");
    assert_int_equal(b->nfeatures, 4);
    const model_feature **bf = model_class_features(b);
    assert_string_equal(bf[0]->name, "Id");
    assert_string_equal(bf[1]->name, "X");
    assert_ptr_equal(bf[1]->origin, b);
    assert_string_equal(bf[2]->name, "M");
    assert_string_equal(bf[3]->name, "Y");
    assert_ptr_equal(model_find_feature(b, "x"), bf[1]);
    assert_int_equal(b->nkeys, 1);
    const model_valuemap *vm = bf[1]->vmap;
    free((void *)bf);
    assert_non_null(vm);
    assert_int_equal(vm->n, 2);
    assert_int_equal(vm->items[1].kind, VM_RANGE);
    assert_true(vm->items[1].lo == 2 && vm->items[1].hi == 4);
    assert_string_equal(vm->items[1].name, "Some");
    /* Description (ToSubclass by default here) reaches B from A. */
    const model_qualifier *d = model_find_qualifier(&b->quals, "Description");
    assert_non_null(d);
    assert_string_equal(d->from->name, "A");
    assert_true(d->flavors & FL_TRANSLATABLE);
    schema_free(m);
    fx_done(&f);
}

/* Inherited features are shared, not copied: a subclass holds its own
 * ones; lookups and the flattened order see through to the superclasses. */
static void shared_features(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             QUALS
             "class A { [Key] string Id; uint8 X; uint8 W; };\n"
             "class B : A { };\n"
             "class C : B { [Override (\"X\")] uint8 Z; uint8 V; };\n"
             "class D : C { [Override (\"Id\")] string Id; };\n",
             DIALECT_DMTF);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.n, 0);
    const model_class *a = model_find_class(m->ns[0], "A"), *b = model_find_class(m->ns[0], "B");
    const model_class *c = model_find_class(m->ns[0], "C"), *d = model_find_class(m->ns[0], "D");
    assert_int_equal(b->nown, 0);
    assert_ptr_equal(b->fmap, a->fmap);
    assert_ptr_equal(model_find_feature(b, "X"), model_find_feature(a, "X"));
    /* Override ("X") on Z: Z takes X's place, X is gone from C on. */
    assert_null(model_find_feature(c, "X"));
    assert_null(model_find_feature(d, "X"));
    assert_non_null(model_find_feature(a, "X"));
    assert_int_equal(d->nfeatures, 4);
    const model_feature **df = model_class_features(d);
    assert_string_equal(df[0]->name, "Id");
    assert_ptr_equal(df[0]->origin, d);
    assert_string_equal(df[1]->name, "Z");
    assert_ptr_equal(df[1]->origin, c);
    assert_string_equal(df[2]->name, "W");
    assert_ptr_equal(df[2]->origin, a);
    assert_string_equal(df[3]->name, "V");
    assert_int_equal(d->nkeys, 1);
    free((void *)df);
    schema_free(m);
    fx_done(&f);
}

/* Arena bytes of checking a chain of n classes, each adding a property and
 * looking one up (an override of the root's). */
static size_t chain_bytes(size_t n)
{
    strbuf src = STRBUF_INIT;
    strbuf_adds(&src, QUALS "class C0 { [Key] string Id; uint32 P0; };\n");
    for (size_t i = 1; i < n; i++)
        strbuf_printf(&src, "class C%zu : C%zu { uint32 P%zu; [Override (\"P0\")] uint32 P0; };\n", i,
                      i - 1, i);
    fx f;
    fx_parse(&f, src.data, DIALECT_DMTF);
    strbuf_free(&src);
    size_t before = f.ctx.arena.used;
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.n, 0);
    const model_class *last = m->ns[0]->class_list[n - 1];
    assert_int_equal(last->nfeatures, n + 1);
    assert_non_null(model_find_feature(last, "P1"));
    size_t used = f.ctx.arena.used - before;
    schema_free(m);
    fx_done(&f);
    return used;
}

/* cost(n) against cost(4n), counted, not timed: at most 5x (linear with
 * slack; a pairwise cost gives 16x). Returns cost(4n). */
static size_t expect_linear(size_t (*cost)(size_t), size_t n, const char *what)
{
    size_t small = cost(n), big = cost(4 * n);
    if (big >= 5 * small)
        fail_msg("%s: %zu -> %zu for 4x the input", what, small, big);
    return big;
}

/* Checking memory grows as n log n with a deep hierarchy: 4.45x here for
 * 4x the classes, the feature maps' tries one level deeper (it grew as n^2
 * when every class copied its inherited features: over 10x). Counted in
 * arena bytes, not time, so the test is exact. */
static void chain_linear(void **state)
{
    (void)state;
    expect_linear(chain_bytes, 1000, "arena bytes of an inheritance chain");
}

/* ---- cost linear in every shape of input, counted, not timed ----------
 * Each shape is built at n and 4n; the name operations (comparisons,
 * hashes, table lookups and inserts from outside names.c) and the bytes
 * malloc'd outside the arena must grow about 4x. A pairwise scan or a
 * per-element walk of the flattened class grows 16x. */
static void build_cost(mof_shape_fn *write, size_t n, size_t *ops, size_t *bytes)
{
    strbuf src = STRBUF_INIT;
    strbuf_adds(&src, QUALS);
    write(&src, n);
    fx f;
    fx_parse(&f, src.data, DIALECT_DMTF);
    strbuf_free(&src);
    size_t ops0 = name_ops, bytes0 = alloc_bytes, arena0 = f.ctx.arena.total;
    schema_model *m = schema_build(&f.ctx, &f.unit);
    *ops = name_ops - ops0;
    *bytes = alloc_bytes - bytes0 - (f.ctx.arena.total - arena0);
    assert_int_equal(f.ctx.diag.errors, 0);
    diag_clear(&f.ctx.diag);
    schema_free(m);
    fx_done(&f);
}

static void assert_linear(mof_shape_fn *write, const char *what)
{
    size_t ops1, bytes1, ops4, bytes4;
    build_cost(write, 300, &ops1, &bytes1);
    build_cost(write, 1200, &ops4, &bytes4);
    if (ops4 > 5 * ops1 || bytes4 > 5 * bytes1 + 65536)
        fail_msg("%s: name operations %zu -> %zu, bytes %zu -> %zu for 4x the input", what, ops1, ops4,
                 bytes1, bytes4);
}

static void shapes_linear(void **state)
{
    (void)state;
    assert_linear(mof_shape_quals, "qualifiers on a property");
    assert_linear(mof_shape_class_quals, "qualifiers on a class and its subclass");
    assert_linear(mof_shape_params, "parameters of a method");
    assert_linear(mof_shape_instances, "values of an instance, instances of a wide class");
    assert_linear(mof_shape_overrides, "override chain with instances");
}

/* Bytes scanned to give the diagnostics of n classes declared twice on
 * one long line of UTF-8 text their columns, in every format, and to dump
 * the tree (each node's start and end). Each column was counted from the
 * line start unless it came after the one asked before, and each note
 * points back: 4x the classes scanned 16x the bytes. */
static size_t columns_scanned(size_t n)
{
    strbuf src = STRBUF_INIT;
    strbuf_adds(&src, QUALS);
    mof_shape_one_line(&src, n);
    fx f;
    fx_parse(&f, src.data, DIALECT_DMTF);
    f.ctx.diag.max_errors = 0;
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.errors, n);
    /* The last error, at the name of the second L<n-1>: its column counts
     * characters, the comment's two letters of two bytes count one each. */
    char want[64], got[512];
    snprintf(want, sizeof want, "class L%zu ", n - 1);
    const char *at = strstr(strstr(src.data, want) + 1, want), *bol = at;
    while (bol[-1] != '\n')
        bol--;
    snprintf(want, sizeof want, "MOF2102 12:%zu ", (size_t)(at + strlen("class ") - bol) + 1 - 2);
    fx_describe(&f, f.ctx.diag.n - 1, got, sizeof got);
    if (strncmp(got, want, strlen(want)))
        fail_msg("last error: %s, not %s", got, want);
    size_t before = utf8_bytes;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    for (diag_format fmt = DIAG_TEXT; fmt <= DIAG_GITHUB; fmt++)
        diag_print(&f.ctx.diag, out, fmt, false);
    mof_ast_dump(&f.ctx, &f.unit, out);
    fclose(out);
    free(text);
    size_t scanned = utf8_bytes - before;
    strbuf_free(&src);
    diag_clear(&f.ctx.diag);
    schema_free(m);
    fx_done(&f);
    return scanned;
}

static void columns_linear(void **state)
{
    (void)state;
    expect_linear(columns_scanned, 300, "columns: bytes scanned for the diagnostics on one line");
}

/* A lookup in a name table passes the slots of its run (open addressing,
 * linear probing): the sum over the table's runs of L(L+1)/2 bounds the
 * slots passed to find every name once. Names made to agree in the low
 * bits of their hash (mof_shape_flood) started at one slot when a lookup
 * started at hash & (size - 1): one run of n, n^2/2. Counted, not timed. */
static size_t flood_run_cost(size_t n)
{
    strbuf src = STRBUF_INIT;
    mof_shape_flood(&src, n);
    name_table t;
    names_init(&t);
    size_t added = 0;
    for (char *p = src.data; (p = strstr(p, "class ")) != NULL; added++) {
        char *name = p + strlen("class "), *end = strchr(name, ' ');
        *end = '\0';
        assert_null(names_put(&t, name, name));
        p = end + 1;
    }
    assert_int_equal(added, n);
    assert_int_equal(t.count, n);
    size_t start = 0, cost = 0, run = 0;
    while (t.slots[start].key)   /* a run ends at an empty slot */
        start++;
    for (size_t k = 1; k <= t.cap; k++) {
        run = t.slots[(start + k) & (t.cap - 1)].key ? run + 1 : 0;
        cost += run;
    }
    names_free(&t);
    strbuf_free(&src);
    return cost;
}

static void names_flood_linear(void **state)
{
    (void)state;
    size_t big = expect_linear(flood_run_cost, 1024, "name table runs: slots passed to find every name");
    if (big > 8 * 4096)
        fail_msg("name table runs: %zu slots to find 4096 names", big);
}

/* A namespace of one class costs a few small tables, not tables sized for
 * a big schema: 40,000 such namespaces took 70x the source in RSS when
 * each name table started at 64 slots (3.5 KB of tables a namespace). */
static void small_namespaces(void **state)
{
    (void)state;
    enum { N = 2000 };
    strbuf src = STRBUF_INIT;
    strbuf_adds(&src, QUALS);
    for (size_t i = 0; i < N; i++)
        strbuf_printf(&src, "#pragma namespace (\"root/ns%zu\")\nclass C%zu { [Key] string Id; };\n", i, i);
    fx f;
    fx_parse(&f, src.data, DIALECT_DMTF);
    strbuf_free(&src);
    size_t bytes0 = alloc_bytes, arena0 = f.ctx.arena.total;
    schema_model *m = schema_build(&f.ctx, &f.unit);
    size_t bytes = alloc_bytes - bytes0 - (f.ctx.arena.total - arena0);
    assert_int_equal(f.ctx.diag.errors, 0);
    assert_true(m->nns >= N);
    if (bytes > (size_t)N * 1024)
        fail_msg("%zu bytes of tables for %d one-class namespaces (%zu each)", bytes, N, bytes / N);
    schema_free(m);
    fx_done(&f);
}

/* mofc export of a shape of size n: the bytes malloc'd while exporting
 * (the output's buffer included); *out gets the document. */
static size_t export_alloc(mof_shape_fn *write, size_t n, strbuf *out)
{
    strbuf src = STRBUF_INIT;
    strbuf_adds(&src, QUALS);
    write(&src, n);
    fx f;
    fx_parse(&f, src.data, DIALECT_DMTF);
    strbuf_free(&src);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.errors, 0);
    size_t bytes0 = alloc_bytes;
    export_cimxml_buf(m, true, out);
    size_t bytes = alloc_bytes - bytes0;
    diag_clear(&f.ctx.diag);
    schema_free(m);
    fx_done(&f);
    return bytes;
}

/* mofc export of n instances of a class of n properties, each giving its
 * key only: each instance costs what it gives and the class's defaults, not
 * the flattened class (that was n^2 for output of size n). */
static size_t export_bytes(size_t n)
{
    strbuf out = STRBUF_INIT;
    size_t bytes = export_alloc(mof_shape_instances, n, &out);
    assert_non_null(strstr(out.data, "<VALUE>k7</VALUE>"));
    strbuf_free(&out);
    return bytes;
}

static void export_linear(void **state)
{
    (void)state;
    expect_linear(export_bytes, 300, "export: bytes allocated");
}

/* mofc export of a chain of embedded instances (each $alias embeds the
 * one before): the last one's text holds every other, escaped once more a
 * level. Each piece is written escaped as often as its depth asks, in one
 * pass: the bytes allocated stay within a few times the output's (the
 * buffer's doubling; 3.0 and 2.7 here), where escaping each level's
 * finished text again allocated 21.7 and 80.6 times the output. */
static double embedded_chain_alloc_per_byte(size_t n)
{
    strbuf out = STRBUF_INIT;
    size_t bytes = export_alloc(mof_shape_embedded_chain, n, &out);
    /* The innermost value, n - 1 levels down in the last instance: its
     * '<' escaped n times. */
    strbuf want = STRBUF_INIT;
    strbuf_adds(&want, "&");
    for (size_t i = 1; i < n; i++)
        strbuf_adds(&want, "amp;");
    strbuf_adds(&want, "lt;");
    assert_non_null(strstr(out.data, want.data));
    double per_byte = (double)bytes / (double)out.len;
    strbuf_free(&want);
    strbuf_free(&out);
    return per_byte;
}

static void export_embedded_chain_linear(void **state)
{
    (void)state;
    double small = embedded_chain_alloc_per_byte(20), big = embedded_chain_alloc_per_byte(80);
    if (small > 4 || big > 4)
        fail_msg("export of an embedded chain: %.1f / %.1f bytes allocated per byte of output "
                 "(depth 20 / 80)", small, big);
}

/* A class's features come from its own map: the superclasses' own lists
 * are not walked (an override chain made that O(depth) a class). */
static void features_from_map(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             QUALS "class O0 { [Key] string Id; uint32 P; };\n"
                   "class O1 : O0 { [Override (\"P\")] uint32 P; };\n"
                   "class O2 : O1 { [Override (\"P\")] uint32 P; };\n"
                   "class O3 : O2 { [Override (\"P\")] uint32 Q; };\n",
             DIALECT_DMTF);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.n, 0);
    model_class *root = m->ns[0]->class_list[0];
    const model_class *o3 = m->ns[0]->class_list[3];
    size_t nown = root->nown;
    root->nown = 0;   /* no longer findable by walking up */
    const model_feature **all = model_class_features(o3);
    root->nown = nown;
    assert_int_equal(o3->nfeatures, 2);
    assert_string_equal(all[0]->name, "Id");
    assert_string_equal(all[1]->name, "Q");   /* Override ("P") on Q: Q takes P's place */
    assert_null(model_find_feature(o3, "P"));
    assert_non_null(model_find_feature(m->ns[0]->class_list[2], "P"));
    free((void *)all);
    schema_free(m);
    fx_done(&f);
}

/* Subclass questions from jump pointers: the same answers as walking up,
 * in O(log depth) lookups (a walk per reference to the root of a chain of
 * n classes was n^2/2 steps for n references). */
static void subclass_jumps(void **state)
{
    (void)state;
    strbuf src = STRBUF_INIT;
    strbuf_adds(&src, QUALS "class C0 { [Key] string Id; };\nclass D0 : C0 { };\n");
    for (int i = 1; i < 4096; i++)
        strbuf_printf(&src, "class C%d : C%d { };\n", i, i - 1);
    fx f;
    fx_parse(&f, src.data, DIALECT_DMTF);
    strbuf_free(&src);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.n, 0);
    model_class **cl = m->ns[0]->class_list;   /* C0, D0, C1, C2 ... */
    class_tree t = {PTR_MAP_INIT};
    for (size_t i = 0; i < m->ns[0]->nclasses; i += 97)
        for (size_t j = 0; j < m->ns[0]->nclasses; j += 89)
            assert_int_equal(class_tree_is_subclass(&t, &f.ctx.arena, cl[i], cl[j]),
                             model_is_subclass(cl[i], cl[j]));
    const model_class *leaf = cl[m->ns[0]->nclasses - 1];
    size_t before = map_gets;
    assert_true(class_tree_is_subclass(&t, &f.ctx.arena, leaf, cl[0]));
    assert_false(class_tree_is_subclass(&t, &f.ctx.arena, leaf, cl[1]));
    assert_true(class_tree_is_subclass(&t, &f.ctx.arena, leaf, cl[2]));
    if (map_gets - before > 3 * 4 * 12)
        fail_msg("%zu lookups for 3 questions on a chain of 4096", map_gets - before);
    class_tree_free(&t);
    schema_free(m);
    fx_done(&f);
}

/* Repeated names are found in short lists and long ones alike, the note
 * at the first. */
static void repeated_names(void **state)
{
    (void)state;
    strbuf src = STRBUF_INIT;
    strbuf_adds(&src, QUALS);
    for (int i = 0; i < 12; i++)
        strbuf_printf(&src, "Qualifier Q%d : uint32 = 0, Scope(any);\n", i);
    strbuf_adds(&src, "class A {\n[");   /* line 25 */
    for (int i = 0; i < 12; i++)
        strbuf_printf(&src, "Q%d(%d), ", i, i);
    strbuf_adds(&src, "q3(3)] uint32 P;\n"
                      "uint32 M(uint32 A0, uint32 A1, uint32 A2, uint32 A3, uint32 A4, uint32 A5, "
                      "uint32 A6, uint32 A7, uint32 A8, uint32 A9, uint32 a1);\n};\n");
    fx f;
    fx_parse(&f, src.data, DIALECT_DMTF);
    strbuf_free(&src);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    fx_expect(&f, "MOF2004", 25, 90, "qualifier 'q3' given twice on property 'A.P'");
    fx_expect(&f, "MOF2104", 26, 127, "parameter 'a1' is declared twice in method 'M'");
    assert_int_equal(f.ctx.diag.n, 2);
    schema_free(m);
    fx_done(&f);
}

/* A real beyond its type is an error at the value, as an integer is (it
 * read as infinity, exported as "inf"); more values than a fixed-size
 * array holds is a warning, fewer are accepted. */
static void value_ranges(void **state)
{
    (void)state;
    for (int wmi = 0; wmi < 2; wmi++) {
        fx f;
        fx_parse(&f,
                 QUALS "Qualifier Q : uint32[3] = {1, 2, 3, 4}, Scope(property);\n"
                       "class A {\n"
                       "  [Key] string K;\n"
                       "  real32 R = 1e999; real64 S = -1e400; real32 T = 3.5e38;\n"
                       "  real32 Big = 3.4e38; real64 Small = -1e-400; real64 Most = 1.7e308;\n"
                       "  [Q {1, 2, 3, 4, 5}] uint8 F[2] = {1, 2, 3};\n"
                       "  [Q {1}] uint8 G[4] = {1};\n"
                       "};\n"
                       "instance of A { K = \"a\"; F = {1, 2, 3, 4}; G = {1, 2, 3, 4}; };\n",
                 wmi ? DIALECT_WMI : DIALECT_DMTF);
        schema_model *m = schema_build(&f.ctx, &f.unit);
        fx_expect(&f, "MOF2306", 12, 27, "default value is a fixed-size array of 3 elements: 4 values given");
        fx_expect(&f, "MOF2301", 15, 14,
                  "value does not fit in real32: its magnitude is beyond 3.40282347e+38");
        fx_expect(&f, "MOF2301", 15, 32,
                  "value does not fit in real64: its magnitude is beyond 1.79769313e+308");
        fx_expect(&f, "MOF2301", 15, 51, "value 3.5e+38 does not fit in real32 (at most 3.40282347e+38)");
        fx_expect(&f, "MOF2306", 17, 6, "qualifier 'Q' is a fixed-size array of 3 elements: 5 values given");
        fx_expect(&f, "MOF2306", 17, 36, "property 'A.F' is a fixed-size array of 2 elements: 3 values given");
        fx_expect(&f, "MOF2306", 20, 30, "property 'F' is a fixed-size array of 2 elements: 4 values given");
        assert_int_equal(f.ctx.diag.errors, 3);
        assert_int_equal(f.ctx.diag.warnings, 4);
        schema_free(m);
        fx_done(&f);
    }
}

/* Flavors decide what reaches instances: ToInstance does, others do not. */
static void to_instance(void **state)
{
    (void)state;
    fx f;
    fx_parse(&f,
             "[Description (\"d\") : ToInstance, Locale (0x409) : ToSubclass] class A { string S; };\n"
             "instance of A { S = \"x\"; };\n",
             DIALECT_WMI);
    schema_model *m = schema_build(&f.ctx, &f.unit);
    assert_int_equal(f.ctx.diag.n, 0);
    assert_int_equal(m->ninstances, 1);
    const model_quals *q = &m->instances[0]->quals;
    assert_non_null(model_find_qualifier(q, "Description"));
    assert_null(model_find_qualifier(q, "Locale"));
    schema_free(m);
    fx_done(&f);
}

/* The value leniencies sfcb's MOFs need: severities per dialect and the
 * converted values the model keeps. */
static void value_leniencies(void **state)
{
    (void)state;
    const char *src = "class A { [Key] string K; uint16 Kinds[]; char16 C; char16 Sep = 44; };\n"
                      "instance of A { K = \"k\"; Kinds = 3; C = \"c\"; };\n";
    for (int wmi = 0; wmi < 2; wmi++) {
        fx f;
        fx_parse(&f, src, wmi ? DIALECT_WMI : DIALECT_DMTF);
        assert_int_equal(f.ctx.diag.n, 0);
        schema_model *m = schema_build(&f.ctx, &f.unit);
        assert_int_equal(f.ctx.diag.n, 2);
        assert_int_equal(f.ctx.diag.errors, wmi ? 0 : 2);
        assert_int_equal(f.ctx.diag.warnings, wmi ? 2 : 0);
        fx_expect(&f, "MOF2304", 2, 34, "property 'Kinds' is an array: 3 read as {3}");
        fx_expect(&f, "MOF2305", 2, 41, "property 'C' is a char16: \"c\" read as 'c'");
        const model_class *a = model_find_class(m->ns[0], "A");
        const ast_value *sep = model_find_feature(a, "Sep")->def;
        assert_int_equal(sep->kind, VAL_CHAR16);
        assert_int_equal(sep->u.c16, ',');
        assert_int_equal(m->ninstances, 1);
        const model_instance *in = m->instances[0];
        assert_int_equal(in->props[1].value->kind, VAL_ARRAY);
        assert_int_equal(in->props[1].value->u.arr.n, 1);
        assert_int_equal(in->props[1].value->u.arr.items[0]->u.i.mag, 3);
        assert_int_equal(in->props[2].value->kind, VAL_CHAR16);
        assert_int_equal(in->props[2].value->u.c16, 'c');
        schema_free(m);
        fx_done(&f);
    }
}


/* A string qualifier's value in the model; "(none)" when there is none. */
static const char *qual_text(const model_quals *q, const char *name)
{
    const model_qualifier *x = model_find_qualifier(q, name);
    return x && x->value && x->value->kind == VAL_STRING ? x->value->u.str.s : "(none)";
}

/* ---- file by file (mofc check, gen, export) ------------------------------ */

/* The path of a span's file ("-" for none): file by file, a built-in
 * dialect file read for a class an earlier file names comes before the
 * later files, so ids may differ where paths do not. */
static const char *path_of(mofc_ctx *ctx, uint32_t file)
{
    const source_file *f = source_get(&ctx->sources, file);
    return f ? f->path : "-";
}

/* The diagnostics of ctx as one text: code, file, place, message and notes. */
static char *diag_text(mofc_ctx *ctx)
{
    strbuf s = STRBUF_INIT;
    for (size_t i = 0; i < ctx->diag.n; i++) {
        const diagnostic *d = &ctx->diag.items[i];
        strbuf_printf(&s, "%s %d %s %u-%u %s\n", diag_code(d->id), (int)d->sev, path_of(ctx, d->span.file),
                      d->span.start, d->span.end, d->msg);
        for (const diag_note *n = d->notes; n; n = n->next)
            strbuf_printf(&s, "  note %s %u-%u %s\n", path_of(ctx, n->span.file), n->span.start, n->span.end,
                          n->msg);
    }
    strbuf_printf(&s, "%zu errors, %zu warnings (%zu dropped), %zu notes\n", ctx->diag.errors,
                  ctx->diag.warnings, ctx->diag.warnings_dropped, ctx->diag.notes);
    return s.data ? s.data : calloc(1, 1);
}

static void each_item(void *b, const ast_item *item, bool kept) { schema_build_item(b, item, kept); }

/* Checks path as `mofc check` does, file by file (keep_text: as gen and
 * export), or from one whole tree as before (--dump-model); returns the
 * diagnostics and, in *m, the model. */
static char *check_path(mofc_ctx *ctx, const char *path, mof_dialect d, bool by_file, bool keep_text,
                        size_t max_errors, size_t max_warnings, schema_model **m)
{
    mofc_ctx_init(ctx);
    ctx->dialect = d;
    ctx->diag.max_errors = max_errors;
    ctx->diag.max_warnings = max_warnings;
    const char *paths[] = {path};
    *m = NULL;
    if (by_file) {
        schema_builder *b = schema_build_begin(ctx, keep_text);
        bool ok = mof_parse_files_each(ctx, paths, 1, each_item, b);
        *m = schema_build_end(b, ok && mof_parse_tree_whole(ctx));
    } else {
        ast_unit unit = {0};
        bool ok = mof_parse_files(ctx, paths, 1, &unit);
        if (ok && mof_parse_tree_whole(ctx))
            *m = schema_build(ctx, &unit);
    }
    return diag_text(ctx);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Both ways give the same diagnostics, in the same order, with the same
 * counts, whatever the limits. */
static int same_diagnostics(const char *name, const char *path, mof_dialect d, size_t max_errors,
                            size_t max_warnings)
{
    mofc_ctx a, b;
    schema_model *ma, *mb;
    char *ta = check_path(&a, path, d, false, false, max_errors, max_warnings, &ma);
    char *tb = check_path(&b, path, d, true, false, max_errors, max_warnings, &mb);
    int bad = strcmp(ta, tb) != 0 || !ma != !mb;
    if (bad)
        print_error("%s (max %zu errors, %zu warnings):\n-- whole tree:\n%s-- file by file:\n%s", name,
                    max_errors, max_warnings, ta, tb);
    free(ta);
    free(tb);
    schema_free(ma);
    schema_free(mb);
    mofc_ctx_free(&a);
    mofc_ctx_free(&b);
    return bad;
}

/* Every rule case, and a schema of several files with diagnostics of both
 * kinds in each, check to the same diagnostics file by file as from one
 * whole tree: validation's come after every parse diagnostic, and the
 * error and warning limits cut the same list. */
static void by_file_same_diagnostics(void **state)
{
    (void)state;
    char dir[] = "/tmp/mofc-byfile-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[512];
    /* included, so that its tree is freed once built (the last file named
     * keeps its tree when it includes nothing) */
    write_file(dir, "case_main.mof", "#pragma include (\"case.mof\")\n");
    snprintf(path, sizeof path, "%s/case_main.mof", dir);
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(dir, "case.mof", cases[i].src);
        failures += same_diagnostics(cases[i].name, path, cases[i].dialect, 50, 1000);
    }
    /* Validation errors and warnings in three files, a bad escape (a parse
     * error that leaves the tree whole) in the last one, and a class whose
     * superclass is in an earlier file. */
    write_file(dir, "a.mof", QUALS "[Colour (\"red\")] class A { [Key] string Id; string Id; };\n"
                             "[Abstract] class A2 { uint32 X = \"no\"; };\n");
    write_file(dir, "b.mof", "class B : A { [Shade (1)] uint32 Y; [Key] string K; };\n"
                             "class B2 : Nothing { };\n");
    write_file(dir, "c.mof", "[Description (\"bad \\q escape\")] class C : B { uint8 Z = 300; };\n"
                             "class C2 { [Override (\"None\")] string S; };\n");
    write_file(dir, "main.mof", "#pragma include (\"a.mof\")\n#pragma include (\"b.mof\")\n"
                                "#pragma include (\"c.mof\")\n");
    snprintf(path, sizeof path, "%s/main.mof", dir);
    size_t limits[][2] = {{50, 1000}, {0, 0}, {1, 1000}, {2, 1000}, {3, 1}, {4, 2}, {50, 1}};
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        failures += same_diagnostics("three files", path, DIALECT_DMTF, limits[i][0], limits[i][1]);
        failures += same_diagnostics("three files (wmi)", path, DIALECT_WMI, limits[i][0], limits[i][1]);
        failures += same_diagnostics("three files (auto)", path, DIALECT_AUTO, limits[i][0], limits[i][1]);
    }
    /* A syntax error in the last file: nothing validation found is said. */
    write_file(dir, "c.mof", "class C : B { uint8 Z = 300 };\n");
    failures += same_diagnostics("syntax error last", path, DIALECT_DMTF, 50, 1000);
    mofc_ctx ctx;
    schema_model *m;
    char *t = check_path(&ctx, path, DIALECT_DMTF, true, false, 50, 1000, &m);
    assert_null(m);
    assert_int_equal(ctx.diag.n, 1);   /* the syntax error alone */
    free(t);
    mofc_ctx_free(&ctx);
    for (const char *const *f = (const char *const[]){"a.mof", "b.mof", "c.mof", "main.mof", "case.mof", "case_main.mof", NULL};
         *f; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, *f);
        remove(path);
    }
    rmdir(dir);
    assert_int_equal(failures, 0);
}

/* File by file, the model owns what it keeps (each tree is freed once
 * built): names and values read right after the trees are gone. Without
 * keep_text (mofc check) documentation qualifiers hold an empty value,
 * except where a subclass's value is compared with theirs
 * (DisableOverride); with it (gen, export) their text. */
static void by_file_model(void **state)
{
    (void)state;
    char dir[] = "/tmp/mofc-byfile-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "a.mof", QUALS
               "[Description (\"Class A.\"), Sticky (\"s\")]\n"
               "class A { [Key, Description (\"The key.\")] string Id;\n"
               "  [ValueMap {\"1\", \"2\"}, Values {\"One\", \"Two\"}, Description (\"A map.\")] uint8 M = 2;\n"
               "  [Description (\"Kept.\") : DisableOverride] string D; };\n");
    write_file(dir, "b.mof", "class B : A { [Override (\"M\")] uint8 M; string Extra = \"x\"; };\n");
    write_file(dir, "main.mof", "#pragma include (\"a.mof\")\n#pragma include (\"b.mof\")\n");
    char path[512];
    snprintf(path, sizeof path, "%s/main.mof", dir);
    for (int keep_text = 0; keep_text <= 1; keep_text++) {
        mofc_ctx ctx;
        schema_model *m;
        char *t = check_path(&ctx, path, DIALECT_DMTF, true, keep_text, 50, 1000, &m);
        assert_string_equal(t, "0 errors, 0 warnings (0 dropped), 0 notes\n");
        free(t);
        assert_non_null(m);
        const model_class *a = model_find_class(m->ns[0], "A"), *b = model_find_class(m->ns[0], "B");
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a->name, "A");
        assert_ptr_equal(b->super, a);
        assert_string_equal(qual_text(&a->quals, "Sticky"), "s");
        assert_string_equal(qual_text(&b->quals, "Sticky"), "s");
        assert_string_equal(qual_text(&a->quals, "Description"), keep_text ? "Class A." : "");
        const model_feature *bm = model_find_feature(b, "M");
        assert_non_null(bm);
        assert_int_equal(bm->vmap->n, 2);
        assert_string_equal(bm->vmap->items[1].text, "2");
        assert_string_equal(bm->vmap->items[1].name, "Two");
        assert_int_equal(bm->def->u.i.mag, 2);
        assert_string_equal(qual_text(&bm->quals, "Description"), keep_text ? "A map." : "");
        assert_string_equal(model_find_feature(b, "Extra")->def->u.str.s, "x");
        assert_string_equal(qual_text(&model_find_feature(b, "D")->quals, "Description"), "Kept.");
        assert_string_equal(model_find_feature(b, "Id")->name, "Id");
        schema_free(m);
        mofc_ctx_free(&ctx);
    }
    remove(path);
    snprintf(path, sizeof path, "%s/a.mof", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/b.mof", dir);
    remove(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules),
        cmocka_unit_test(dialect_severity),
        cmocka_unit_test(model_contents),
        cmocka_unit_test(shared_features),
        cmocka_unit_test(chain_linear),
        cmocka_unit_test(shapes_linear),
        cmocka_unit_test(columns_linear),
        cmocka_unit_test(names_flood_linear),
        cmocka_unit_test(features_from_map),
        cmocka_unit_test(export_linear),
        cmocka_unit_test(export_embedded_chain_linear),
        cmocka_unit_test(small_namespaces),
        cmocka_unit_test(repeated_names),
        cmocka_unit_test(subclass_jumps),
        cmocka_unit_test(value_ranges),
        cmocka_unit_test(to_instance),
        cmocka_unit_test(value_leniencies),
        cmocka_unit_test(by_file_same_diagnostics),
        cmocka_unit_test(by_file_model),
    };
    return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
