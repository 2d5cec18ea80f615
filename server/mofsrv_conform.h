/* libmofsrv: an instance a client gives the store (CreateInstance,
 * ModifyInstance) checked against its class and typed as declared, so the
 * store keeps, journals and serves only what the schema allows (DSP0200
 * 5.3.2.6 / 5.3.2.8: NewInstance / ModifiedInstance shall be a correct
 * instance of the class, DSP0004; anything else is CIM_ERR_INVALID_PARAMETER).
 *
 * Every property must be declared by the class (own or inherited). Its
 * value must have the declared type and shape (scalar or array): an
 * untyped value (CIM-XML VALUE without TYPE, as wbemcli sends) is typed
 * from the declaration, a typed one of another type is refused. A
 * reference must name an instance of the declared class or a subclass,
 * every key of that class and no other, each key value typed as that
 * class declares it (a KEYVALUE VALUETYPE="numeric" 1 of a uint32 key is
 * a uint32, range-checked). An embedded instance (EmbeddedInstance /
 * EmbeddedObject) must be of a known, non-abstract class, the declared one
 * or a subclass, and its properties are checked the same way. */
#ifndef MOFSRV_CONFORM_H
#define MOFSRV_CONFORM_H

#include "server/mofsrv_schema.h"

enum {
    /* every declared property the instance does not give gets the class's
     * MOF default (CreateInstance: as for instances loaded from MOF) */
    MOFSRV_CONFORM_DEFAULTS = 1u << 0
};

/* The typed copy of `in` as an instance of class c (its class name is c's;
 * in->path is not copied) in *out, or -1 with err: CIM_ERR_INVALID_PARAMETER
 * naming the property (and, nested, the embedded property or reference key)
 * at fault, CIM_ERR_FAILED when out of memory. */
int mofsrv_conform(const mofsrv_schema *s, const mofsrv_class *c, const mofrt_instance *in, unsigned flags,
                   mofrt_instance **out, mofrt_error *err);

/* ModifyInstance / SetProperty (DSP0200 5.3.2.8: the instance name says
 * which instance; its keys cannot change): each key of class c that `in`
 * gives a value (not NULL) must have, typed as c declares it, the value of
 * that key in `name` (untyped "7" and a KEYVALUE 7 of a uint32 key are
 * equal). 0, or -1 with CIM_ERR_INVALID_PARAMETER naming the key (as
 * pywbem_mock, pywbem's mock WBEM server, answers a changed key). */
int mofsrv_conform_keys(const mofsrv_schema *s, const mofsrv_class *c, const mofrt_instance *in,
                        const mofrt_path *name, mofrt_error *err);

/* An instance name a client gives (InvokeMethod's target, DSP0200 5.3.3:
 * LOCALINSTANCEPATH) typed as its class declares its keys, as a reference
 * property is: of class c or a subclass, every key of that class and no
 * other, each value read again as the key's type (a KEYVALUE
 * VALUETYPE="numeric" 7 of a uint16 key is uint16 7, 65536 is refused).
 * The new path in *out (the caller frees it; host and namespace kept), or
 * -1 with CIM_ERR_INVALID_PARAMETER naming the key, CIM_ERR_FAILED when out
 * of memory. */
int mofsrv_conform_name(const mofsrv_schema *s, const mofsrv_class *c, const mofrt_path *name, mofrt_path **out,
                        mofrt_error *err);

/* The value a declared property takes when it is not given: its class's
 * MOF default (d->def), else NULL of its type and shape. ModifyInstance
 * sets it to a property its PropertyList names and ModifiedInstance lacks
 * (DSP0200 5.3.2.8). 0, or -1 with err (CIM_ERR_FAILED: the schema's
 * default does not read as its type; out of memory). */
int mofsrv_conform_default(const mofsrv_schema *s, const mofrt_prop_desc *d, mofrt_value *out, mofrt_error *err);

struct mofsrv;

/* After the store is loaded (a --state file written under an older
 * schema): a stored instance's property that its class no longer declares
 * is dropped, durably (one transaction through mofsrv_store_commit), and
 * said in report (NULL: not said) as one line per class and property:
 * "warning: class C has no property P any more: dropped from N stored
 * instance(s)". (An instance of a class the schema no longer has refuses
 * start-up before this, in mofsrv_store_apply.) 0, or -1 with err. */
int mofsrv_conform_stored(struct mofsrv *s, mofrt_buf *report, mofrt_error *err);

#endif
