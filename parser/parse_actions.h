/* Grammar actions: build AST nodes, check names read in context (types,
 * scopes, flavors, pragmas) and note WMI-only constructs. Kept out of the
 * grammar file so that it stays readable. */
#ifndef MOFC_PARSE_ACTIONS_H
#define MOFC_PARSE_ACTIONS_H
#include "parser/parse_state.h"

void act_pragma(parse_state *ps, ast_ident *name, plist **args, bool parens, mof_span sp);
void act_hash_include(parse_state *ps, ast_ident *name, plist **args, mof_span sp);
void act_qd_attr(parse_state *ps, plist **attrs, ast_ident *kw, plist **names);
void act_qualifier_decl(parse_state *ps, ast_ident *name, plist **seq, ast_array *arr,
                        ast_value *def, plist **attrs, mof_span sp);
/* flavors: NULL when the qualifier has none. */
ast_qualifier *act_qualifier(parse_state *ps, ast_ident *name, ast_value *v, plist **flavors,
                             mof_span sp);
void act_class(parse_state *ps, ast_qual_list *q, ast_ident *name, ast_ident *alias,
               ast_ident *super, plist **features, mof_span sp);
ast_feature *act_property(parse_state *ps, ast_qual_list *q, ast_ident *type, ast_ident *name,
                          ast_array *arr, ast_value *def, mof_span sp);
ast_feature *act_reference(parse_state *ps, ast_qual_list *q, ast_ident *cls, ast_ident *name,
                           ast_array *arr, ast_value *def, mof_span sp);
ast_feature *act_method(parse_state *ps, ast_qual_list *q, ast_ident *type, ast_ident *name,
                        plist **params, mof_span sp);
/* Checks the N of "[N]". */
void act_fixed_array(parse_state *ps, const ast_value *n);
/* What opt_array gives for "[]". */
ast_value *act_unsized_array(void);
/* The array part of a type from opt_array's value (NULL: not an array). */
ast_array act_array_type(const ast_value *v, mof_span sp);
/* A qualifier list's node (l NULL: none written, no span); takes *l. */
ast_qual_list act_quals(parse_state *ps, plist **l, mof_span sp);
ast_param *act_param(parse_state *ps, ast_qual_list *q, ast_ident *type, bool ref,
                     ast_ident *name, ast_array *arr, ast_value *def, mof_span sp);
void act_instance(parse_state *ps, ast_qual_list *q, ast_instance *inst, mof_span sp);
/* whole: the body parsed without error (an empty one is then reported). */
ast_instance *act_instance_body(parse_state *ps, ast_ident *cls, ast_ident *alias, plist **props,
                                bool whole, mof_span sp);
ast_prop_value *act_prop_no_value(parse_state *ps, ast_qual_list *q, ast_ident *name, mof_span sp);
ast_value *act_alias_value(parse_state *ps, ast_ident *alias);
ast_value *act_embedded(parse_state *ps, ast_instance *inst, mof_span sp);
ast_value *act_bool(parse_state *ps, bool b, mof_span sp);
ast_value *act_null(parse_state *ps, mof_span sp);
ast_value *act_array(parse_state *ps, plist **items, mof_span sp);
bool act_array_room(parse_state *ps, plist **items, mof_span sp);
#endif
