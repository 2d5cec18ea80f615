/* libmofsrv: ModifyInstance as DSP0200 5.3.2.8 has it, and the two
 * single-property operations built on GetInstance and ModifyInstance,
 * GetProperty and SetProperty (DSP0200 5.3.2.18 / 5.3.2.19), for every
 * provider (modules and the instance store) alike. Each returns 0, or -1
 * with a CIM status in err. */
#ifndef MOFSRV_MODIFY_H
#define MOFSRV_MODIFY_H

#include "server/mofsrv_host.h"

/* ModifyInstance of inst (inst->path names the instance; op->class_name
 * is its class, op's PropertyList the client's). Before any provider is
 * called: every property of inst is one its class declares, every name of
 * the PropertyList too, and no key's value differs from the instance
 * name's (CIM_ERR_INVALID_PARAMETER naming it). The provider then gets
 * the keys and only the properties the PropertyList names (all without
 * one), so an unlisted property cannot change whatever the provider does
 * with op->props. */
int mofsrv_modify_instance(const mofsrv *s, const mofrt_op *op, const mofrt_instance *inst, mofrt_error *err);

struct mofsrv_props;

/* DSP0200 5.3.2.6 / 5.3.2.8: every property of inst is one of the class's
 * props (mofsrv_props_of), and with op (ModifyInstance; NULL for
 * CreateInstance) every name of its PropertyList too (a name the class
 * does not have is refused, not ignored as GetInstance's PropertyList
 * ignores one); CIM_ERR_INVALID_PARAMETER naming it. wanted (NULL: not
 * asked), one per property of props: the PropertyList names it (all true
 * without one). O((p + n) log p) for p properties and n names. */
int mofsrv_check_names(const struct mofsrv_props *props, const mofrt_op *op, const mofrt_instance *inst, bool *wanted,
                       mofrt_error *err);

/* GetProperty: the value of property `prop` of the instance `name` names,
 * fetched with GetInstance through its providers (op: the client's user;
 * PropertyList = prop) into *out (caller clears; a NULL value when the
 * instance has none). CIM_ERR_NOT_FOUND without the instance,
 * CIM_ERR_NO_SUCH_PROPERTY when the instance's class has no such
 * property. */
int mofsrv_get_property(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, const char *prop,
                        mofrt_value *out, mofrt_error *err);

/* SetProperty: v (NULL value: set NULL; may be untyped, as CIM-XML
 * IPARAMVALUEs are) typed and checked as the store's CreateInstance and
 * ModifyInstance check values (mofsrv_conform: type, shape, range,
 * reference and embedded classes), then ModifyInstance of the instance
 * with that property only and PropertyList = { prop }, as OpenPegasus and
 * OpenWBEM implement it (a provider sees MOFRT_OP_MODIFY_INSTANCE).
 * CIM_ERR_NOT_FOUND, CIM_ERR_NO_SUCH_PROPERTY as GetProperty;
 * CIM_ERR_TYPE_MISMATCH for a value the property cannot take (DSP0200's
 * list for SetProperty); CIM_ERR_INVALID_PARAMETER for a key given
 * another value than it has. */
int mofsrv_set_property(const mofsrv *s, const mofrt_op *op, const mofrt_path *name, const char *prop,
                        const mofrt_value *v, mofrt_error *err);

#endif
