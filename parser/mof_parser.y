/* MOF grammar: DSP0004 v2 plus Microsoft's WMI dialect, one grammar for
 * both (the dialect is decided per file afterwards). Pure parser, spans as
 * locations, no conflicts. Type, scope and flavor names are identifiers
 * checked in the actions, so that they stay usable as qualifier names. */
%define api.pure full
%define api.prefix {mof_yy}
%define api.location.type {mof_loc}
%define parse.error custom
%define lr.default-reduction consistent
%locations
%expect 0
%initial-action { @$.start = @$.end = 0; }
%param {void *scanner}
%parse-param {parse_state *ps}

%code requires {
#include "parser/parse_state.h"
}

%code provides {
int mof_yylex(MOF_YYSTYPE *lval, MOF_YYLTYPE *lloc, void *scanner);
}

%code {
#include "parser/parse_actions.h"
#include "common/strbuf.h"
#include <string.h>
/* A node's span runs from its first non-empty part (an empty optional
 * qualifier list has no text) to its last. */
#define YYLLOC_DEFAULT(Cur, Rhs, N) do {                               \
    if (N) { int i_ = 1;                                                \
             while (i_ < (N) && YYRHSLOC(Rhs, i_).start == YYRHSLOC(Rhs, i_).end) \
                 i_++;                                                  \
             (Cur).start = YYRHSLOC(Rhs, i_).start;                     \
             (Cur).end = YYRHSLOC(Rhs, N).end; }                        \
    else   { (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end; }          \
} while (0)
#define PUSH(v, T, x) (*(T *)plist_push(ps, (v), sizeof(T)) = (x))
/* Values are pointer-sized and locations two offsets (bison copies both
 * for every token and reduction); the nodes' spans and names are made
 * from them here. */
#define SP(l) ((mof_span){ps->file->id, (l).start, (l).end})
#define ID(name, l) ((ast_ident){(name), SP(l)})
/* An optional name: none has no span. */
#define OPT_ID(name, l) ((ast_ident){(name), (name) ? SP(l) : (mof_span){0, 0, 0}})
/* A qualifier list (NULL: none written) as the node keeps it. */
#define QUALS(v, l) act_quals(ps, &(v), SP(l))
static void mof_yyerror(MOF_YYLTYPE *loc, void *scanner, parse_state *ps, const char *msg);
}

%union {
    ast_value *val;
    const char *name;     /* IDENT, ALIAS_NAME: the span is the location */
    uint32_t end;         /* STRING_LIT and runs: where decoding ends (an
                             unclosed literal decodes as "") */
    plist *vec;
    ast_qualifier *qual;
    ast_feature *feat;
    ast_param *param;
    ast_instance *inst;
    ast_prop_value *pval;
    ast_pragma_arg *parg;
}

/* Lists grow in malloc'd scratch and are copied to the arena at their
 * exact size once complete; what error recovery drops is freed here. */
%destructor { plist_release(ps, &$$); } <vec>
%destructor { qd_attrs_release(ps, &$$); } qd_attrs

%token <name> IDENT "identifier" ALIAS_NAME "alias"
%token <end> STRING_LIT "string"
%token <val> INT_LIT "integer" REAL_LIT "real number" CHAR_LIT "char16 literal"
%token CLASS "class" INSTANCE "instance" OF "of" QUALIFIER "qualifier" AS "as"
%token REF "ref" NULL_ "null" TRUE_ "true" FALSE_ "false"
%token PRAGMA "#pragma" HASH_INCLUDE "#include"

%type <val> value array_value opt_default
%type <end> string_run
%type <vec> value_list qualifiers flavors ident_seq features params param_list
%type <vec> prop_values pragma_args qd_attrs ident_list
%type <name> scope_ident
%type <vec> qualifier_list opt_qualifiers
%type <qual> qualifier
/* NULL, act_unsized_array() for "[]", or the size's INT_LIT */
%type <val> opt_array
%type <feat> feature
%type <param> param
%type <inst> instance_body
%type <pval> prop_value
%type <parg> pragma_arg
/* the location is the name's: "as $A" is at $A */
%type <name> opt_alias opt_super

/* qualifier, param, prop_value and feature are built in one scratch node
 * each (in parse_state) and copied into their list by the very next
 * reduction, so no node is allocated twice. */
%%

unit
    : %empty
    | unit item
    ;

item
    : pragma
    | qualifier_decl
    | class_decl
    | instance_decl
    /* No yyerrok: a declaration that went wrong often goes wrong again
     * right after the ';' bison resynchronised at ("clas A { ... };"), and
     * bison stays quiet for three tokens after an error. */
    | error ';'
    ;

/* ---- pragmas ---------------------------------------------------------- */

pragma
    : PRAGMA IDENT '(' pragma_args ')'      { act_pragma(ps, &ID($2, @2), &$4, true, SP(@$)); }
    | PRAGMA IDENT                          { plist *none = NULL;
                                              act_pragma(ps, &ID($2, @2), &none, false, SP(@$)); }
    | HASH_INCLUDE '(' pragma_args ')'      { ast_ident n = {"include", SP(@1)};
                                              act_hash_include(ps, &n, &$3, SP(@$)); }
    ;

pragma_args
    : pragma_arg                            { $$ = NULL; PUSH(&$$, ast_pragma_arg, *$1); }
    | pragma_args ',' pragma_arg            { $$ = $1; PUSH(&$$, ast_pragma_arg, *$3); }
    ;

/* built in ps's scratch, copied by the very next reduction */
pragma_arg
    : STRING_LIT                            { $$ = &ps->scratch_parg;
                                              *$$ = (ast_pragma_arg){false, parse_string_value(
                                                  ps, (mof_span){ps->file->id, @1.start, $1}), {0}}; }
    | string_run                            { $$ = &ps->scratch_parg;
                                              *$$ = (ast_pragma_arg){false, parse_string_value(
                                                  ps, (mof_span){ps->file->id, @1.start, $1}), {0}}; }
    | INT_LIT                               { $$ = &ps->scratch_parg;
                                              *$$ = (ast_pragma_arg){false, $1, {0}}; }
    | IDENT                                 { $$ = &ps->scratch_parg;
                                              *$$ = (ast_pragma_arg){true, NULL, ID($1, @1)}; }
    ;

/* ---- qualifier declarations ------------------------------------------ */

qualifier_decl
    : QUALIFIER IDENT ':' ident_seq opt_array opt_default qd_attrs ';'
                                            { ast_array a = act_array_type($5, SP(@5));
                                              act_qualifier_decl(ps, &ID($2, @2), &$4, &a, $6, &$7, SP(@$)); }
    ;

ident_seq
    : IDENT                                 { $$ = NULL; PUSH(&$$, ast_ident, ID($1, @1)); }
    | ident_seq IDENT                       { $$ = $1; PUSH(&$$, ast_ident, ID($2, @2)); }
    ;

/* ", Scope(...)" and ", Flavor(...)": one list of (keyword, names) pairs. */
qd_attrs
    : %empty                                { $$ = NULL; }
    | qd_attrs ',' IDENT '(' ident_list ')' { $$ = $1; act_qd_attr(ps, &$$, &ID($3, @3), &$5); }
    ;

ident_list
    : scope_ident                           { $$ = NULL; PUSH(&$$, ast_ident, ID($1, @1)); }
    | ident_list ',' scope_ident            { $$ = $1; PUSH(&$$, ast_ident, ID($3, @3)); }
    ;

/* Scope(class, qualifier, ...): two scope names are keywords. */
scope_ident
    : IDENT
    | CLASS                                 { $$ = "class"; }
    | QUALIFIER                             { $$ = "qualifier"; }
    ;

/* ---- qualifier lists --------------------------------------------------- */

/* The list's node is made by the rule that takes it (QUALS), at the
 * list's location (the brackets). */
opt_qualifiers
    : %empty                                { $$ = NULL; }
    | qualifier_list
    ;

qualifier_list
    : '[' qualifiers ']'                    { $$ = $2; }
    ;

qualifiers
    : qualifier                             { $$ = NULL; PUSH(&$$, ast_qualifier, *$1); }
    | qualifiers ',' qualifier              { $$ = $1; PUSH(&$$, ast_qualifier, *$3); }
    ;

/* Written out, not as optional parts: each empty part was one more
 * reduction for every qualifier of a schema. */
qualifier
    : IDENT                                 { $$ = act_qualifier(ps, &ID($1, @1), NULL, NULL, SP(@$)); }
    | IDENT ':' flavors                     { $$ = act_qualifier(ps, &ID($1, @1), NULL, &$3, SP(@$)); }
    | IDENT '(' value ')'                   { $$ = act_qualifier(ps, &ID($1, @1), $3, NULL, SP(@$)); }
    | IDENT '(' value ')' ':' flavors       { $$ = act_qualifier(ps, &ID($1, @1), $3, &$6, SP(@$)); }
    | IDENT array_value                     { $$ = act_qualifier(ps, &ID($1, @1), $2, NULL, SP(@$)); }
    | IDENT array_value ':' flavors         { $$ = act_qualifier(ps, &ID($1, @1), $2, &$4, SP(@$)); }
    ;

flavors
    : IDENT                                 { $$ = NULL; PUSH(&$$, ast_ident, ID($1, @1)); }
    | flavors IDENT                         { $$ = $1; PUSH(&$$, ast_ident, ID($2, @2)); }
    ;

/* ---- classes ----------------------------------------------------------- */

class_decl
    : opt_qualifiers CLASS IDENT opt_alias opt_super '{' features '}' ';'
                                            { ast_qual_list q = QUALS($1, @1);
                                              act_class(ps, &q, &ID($3, @3), &OPT_ID($4, @4),
                                                        &OPT_ID($5, @5), &$7, SP(@$)); }
    /* An error right before the closing brace ends the class there. */
    | opt_qualifiers CLASS IDENT opt_alias opt_super '{' features error '}' ';'
                                            { ast_qual_list q = QUALS($1, @1);
                                              act_class(ps, &q, &ID($3, @3), &OPT_ID($4, @4),
                                                        &OPT_ID($5, @5), &$7, SP(@$));
                                              yyerrok; }
    ;

opt_alias
    : %empty                                { $$ = NULL; }
    | AS ALIAS_NAME                         { $$ = $2; @$ = @2; }
    ;

opt_super
    : %empty                                { $$ = NULL; }
    | ':' IDENT                             { $$ = $2; @$ = @2; }
    ;

features
    : %empty                                { $$ = NULL; }
    | features feature                      { $$ = $1; PUSH(&$$, ast_feature, *$2); }
    | features error ';'                    { $$ = $1; yyerrok; }
    ;

feature
    : opt_qualifiers IDENT IDENT opt_array opt_default ';'
                                            { ast_qual_list q = QUALS($1, @1);
                                              ast_array a = act_array_type($4, SP(@4));
                                              $$ = act_property(ps, &q, &ID($2, @2), &ID($3, @3), &a, $5, SP(@$)); }
    | opt_qualifiers IDENT REF IDENT opt_array opt_default ';'
                                            { ast_qual_list q = QUALS($1, @1);
                                              ast_array a = act_array_type($5, SP(@5));
                                              $$ = act_reference(ps, &q, &ID($2, @2), &ID($4, @4), &a, $6, SP(@$)); }
    | opt_qualifiers IDENT IDENT '(' params ')' ';'
                                            { ast_qual_list q = QUALS($1, @1);
                                              $$ = act_method(ps, &q, &ID($2, @2), &ID($3, @3), &$5, SP(@$)); }
    ;

opt_array
    : %empty                                { $$ = NULL; }
    | '[' ']'                               { $$ = act_unsized_array(); }
    | '[' INT_LIT ']'                       { act_fixed_array(ps, $2); $$ = $2; }
    ;

opt_default
    : %empty                                { $$ = NULL; }
    | '=' value                             { $$ = $2; }
    ;

params
    : %empty                                { $$ = NULL; }
    | param_list
    ;

param_list
    : param                                 { $$ = NULL; PUSH(&$$, ast_param, *$1); }
    | param_list ',' param                  { $$ = $1; PUSH(&$$, ast_param, *$3); }
    ;

param
    : opt_qualifiers IDENT IDENT opt_array opt_default
                                            { ast_qual_list q = QUALS($1, @1);
                                              ast_array a = act_array_type($4, SP(@4));
                                              $$ = act_param(ps, &q, &ID($2, @2), false, &ID($3, @3), &a, $5, SP(@$)); }
    | opt_qualifiers IDENT REF IDENT opt_array opt_default
                                            { ast_qual_list q = QUALS($1, @1);
                                              ast_array a = act_array_type($5, SP(@5));
                                              $$ = act_param(ps, &q, &ID($2, @2), true, &ID($4, @4), &a, $6, SP(@$)); }
    ;

/* ---- instances --------------------------------------------------------- */

instance_decl
    : opt_qualifiers instance_body ';'      { ast_qual_list q = QUALS($1, @1);
                                              act_instance(ps, &q, $2, SP(@$)); }
    ;

instance_body
    : INSTANCE OF IDENT opt_alias '{' prop_values '}'
                                            { $$ = act_instance_body(ps, &ID($3, @3), &OPT_ID($4, @4), &$6,
                                                                     !plist_damaged($6), SP(@$)); }
    | INSTANCE OF IDENT opt_alias '{' prop_values error '}'
                                            { $$ = act_instance_body(ps, &ID($3, @3), &OPT_ID($4, @4), &$6,
                                                                     false, SP(@$));
                                              yyerrok; }
    ;

prop_values
    : %empty                                { $$ = NULL; }
    | prop_values prop_value                { $$ = $1; PUSH(&$$, ast_prop_value, *$2); }
    | prop_values error ';'                 { $$ = $1; plist_damage(ps, &$$); yyerrok; }
    ;

/* WMI's DYNPROPS instances name a property with its qualifiers and no
 * value: a dynamic property provider supplies it (act_prop_no_value). */
prop_value
    : opt_qualifiers IDENT '=' value ';'    { $$ = &ps->scratch_pval;
                                              *$$ = (ast_prop_value){QUALS($1, @1), ID($2, @2), $4, SP(@$)}; }
    | opt_qualifiers IDENT ';'              { ast_qual_list q = QUALS($1, @1);
                                              $$ = act_prop_no_value(ps, &q, &ID($2, @2), SP(@$)); }
    ;

/* ---- values ------------------------------------------------------------ */

/* One rule for each kind of value, not chains of unit rules (value:
 * literal: string: STRING_LIT): a reduction costs as much as a token. */
value
    : INT_LIT
    | REAL_LIT
    | CHAR_LIT
    | STRING_LIT                            { $$ = parse_string_value(ps, (mof_span){ps->file->id, @1.start, $1}); }
    | string_run                            { $$ = parse_string_value(ps, (mof_span){ps->file->id, @1.start, $1}); }
    | TRUE_                                 { $$ = act_bool(ps, true, SP(@$)); }
    | FALSE_                                { $$ = act_bool(ps, false, SP(@$)); }
    | NULL_                                 { $$ = act_null(ps, SP(@$)); }
    | array_value
    | ALIAS_NAME                            { $$ = act_alias_value(ps, &ID($1, @1)); }
    | instance_body                         { $$ = act_embedded(ps, $1, SP(@$)); }
    ;

/* Adjacent literals concatenate (two or more here; one is STRING_LIT);
 * decoded once, when the run ends. */
string_run
    : STRING_LIT STRING_LIT                 { $$ = $2; }
    | string_run STRING_LIT                 { $$ = $2; }
    ;

array_value
    : '{' '}'                               { plist *none = NULL; $$ = act_array(ps, &none, SP(@$)); }
    | '{' value_list '}'                    { $$ = act_array(ps, &$2, SP(@$)); }
    ;

value_list
    : value                                 { $$ = NULL; PUSH(&$$, ast_value *, $1); }
    | value_list ',' value                  { $$ = $1; if (act_array_room(ps, &$$, SP(@3)))
                                                  PUSH(&$$, ast_value *, $3); }
    ;

%%

static void mof_yyerror(MOF_YYLTYPE *loc, void *scanner, parse_state *ps, const char *msg)
{
    (void)scanner;
    /* Only bison's own failures come here ("memory exhausted" when the
     * nesting is too deep); syntax errors go through the custom report. */
    diag_report(&ps->ctx->diag, DIAG_LIMIT, SP(*loc), "%s (nesting too deep)", msg);
}

/* Syntax errors in gcc's words: "expected ';' after property declaration"
 * right after the previous token when a ';' is missing, otherwise the
 * tokens that could come, before the one that came. */
static const char *symbol_text(parse_state *ps, yysymbol_kind_t k)
{
    switch (k) {
    case YYSYMBOL_IDENT: return "identifier";
    case YYSYMBOL_ALIAS_NAME: return "alias";
    case YYSYMBOL_STRING_LIT: case YYSYMBOL_INT_LIT: case YYSYMBOL_REAL_LIT:
    case YYSYMBOL_CHAR_LIT: case YYSYMBOL_TRUE_: case YYSYMBOL_FALSE_:
    case YYSYMBOL_NULL_:
        return "a value";
    case YYSYMBOL_YYEOF: return "end of file";
    default: {
        /* keywords come as "class" (double quotes): show them as 'class' */
        const char *name = yysymbol_name(k);
        size_t len = strlen(name);
        if (len > 2 && name[0] == '"')
            return arena_printf(&ps->ctx->arena, "'%.*s'", (int)(len - 2), name + 1);
        if (name[0] != '\'')
            return arena_printf(&ps->ctx->arena, "'%s'", name);
        return name;
    }
    }
}

static const char *after_what(parse_state *ps)
{
    if (ps->in_qualifier_decl)
        return "qualifier declaration";
    int body = -1;
    if (ps->cur_tok == '}')
        body = (int)ps->closed;
    else if (ps->cur_tok == '{')
        body = ps->depth >= 2 && ps->depth - 2 < BRACE_STACK ? (int)ps->braces[ps->depth - 2] : -1;
    else
        body = ps->depth >= 1 && ps->depth - 1 < BRACE_STACK ? (int)ps->braces[ps->depth - 1] : -1;
    if (ps->prev_tok == '}') {
        brace_kind closed = ps->cur_tok == '}' ? BR_ARRAY : ps->closed;
        if (ps->cur_tok != '}' && closed == BR_CLASS)
            return "class declaration";
        if (ps->cur_tok != '}' && closed == BR_INSTANCE)
            return body == BR_INSTANCE ? "property value" : "instance declaration";
    }
    if (body == BR_CLASS)
        return ps->prev_tok == ')' ? "method declaration" : "property declaration";
    if (body == BR_INSTANCE)
        return "property value";
    return NULL;
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, parse_state *ps)
{
    (void)scanner;
    if (ps->ctx->diag.stopped || ps->abandoned)
        return 0;
    yysymbol_kind_t exp[YYNTOKENS];
    int n = yypcontext_expected_tokens(yyctx, exp, YYNTOKENS);
    yysymbol_kind_t la = yypcontext_token(yyctx);
    mof_span at = SP(*yypcontext_location(yyctx));
    if (la == YYSYMBOL_STRING_LIT && ps->lit_first_end > at.start && ps->lit_first_end < at.end)
        at.end = ps->lit_first_end;   /* literals the lexer joined: the first one's */
    bool semi = false;
    for (int i = 0; i < n; i++)
        semi |= !strcmp(yysymbol_name(exp[i]), "';'");
    const char *what = semi ? after_what(ps) : NULL;
    if (what) {
        mof_span sp = {ps->file->id, ps->prev_end, ps->prev_end};
        diag_report(&ps->ctx->diag, DIAG_SYNTAX, sp, "expected ';' after %s", what);
        return 0;
    }
    /* Where a declaration starts, name the kinds rather than the tokens. */
    bool top = false;
    for (int i = 0; i < n; i++)
        top |= exp[i] == YYSYMBOL_QUALIFIER;
    for (int i = 0; top && i < n; i++)
        top = exp[i] != YYSYMBOL_IDENT;
    if (top && la != YYSYMBOL_YYEOF) {
        size_t len = at.end - at.start > 32 ? 32 : at.end - at.start;
        diag_report(&ps->ctx->diag, DIAG_SYNTAX, at,
                    "expected a class, instance or qualifier declaration or a pragma before '%.*s'",
                    (int)len, ps->file->text + at.start);
        return 0;
    }
    /* The list of what could come, values collapsed into "a value". */
    strbuf list = STRBUF_INIT;
    const char *seen[YYNTOKENS];
    int k = 0;
    for (int i = 0; i < n && k == 0; i++)   /* "a value" reads best first */
        if (!strcmp(symbol_text(ps, exp[i]), "a value"))
            seen[k++] = "a value";
    for (int i = 0; i < n; i++) {
        const char *t = symbol_text(ps, exp[i]);
        bool dup = false;
        for (int j = 0; j < k; j++)
            dup |= !strcmp(seen[j], t);
        if (!dup)
            seen[k++] = t;
    }
    for (int i = 0; i < k; i++) {
        if (i)
            strbuf_adds(&list, i == k - 1 ? " or " : ", ");
        strbuf_adds(&list, seen[i]);
    }
    if (la == YYSYMBOL_YYEOF) {
        if (k && k <= 6)
            diag_report(&ps->ctx->diag, DIAG_SYNTAX, at, "expected %s at end of file", list.data);
        else
            diag_report(&ps->ctx->diag, DIAG_SYNTAX, at, "unexpected end of file");
    } else {
        size_t len = at.end - at.start;
        const char *text = ps->file->text + at.start;
        const char *ell = len > 32 ? "..." : "";
        if (len > 32)
            len = 32;
        if (k && k <= 6)
            diag_report(&ps->ctx->diag, DIAG_SYNTAX, at, "expected %s before '%.*s'", list.data,
                        (int)len, text);
        else
            diag_report(&ps->ctx->diag, DIAG_SYNTAX, at, "unexpected '%.*s%s'", (int)len, text, ell);
    }
    strbuf_free(&list);
    return 0;
}
