/* A class's key properties, and its properties that have a default, in
 * their order (declaration order, inherited first: by slot), without
 * flattening the class: made from the superclass's list and the class's
 * own features, and the superclass's list itself when the class changes
 * none of them. So the lists of every class of a schema cost O(classes +
 * own features + the lists of the classes that change them), whatever
 * the depth, and two classes with one pointer have the same list. */
#ifndef MOFC_SCHEMA_CLASS_KEYS_H
#define MOFC_SCHEMA_CLASS_KEYS_H
#include "common/arena.h"
#include "common/ptr_map.h"
#include "schema/model.h"

typedef struct class_keys {
    arena *a;                  /* the lists live here */
    ptr_map made;              /* model_class -> its keys */
    ptr_map space;             /* model_class -> its key space */
    ptr_map defaults;          /* model_class -> its properties with a default */
} class_keys;

void class_keys_init(class_keys *k, arena *a);
void class_keys_free(class_keys *k);   /* the tables; the lists stay in the arena */
/* c's keys, NULL-terminated (c->nkeys of them on a model without
 * errors); valid as long as the arena. */
const model_feature *const *class_keys_of(class_keys *k, const model_class *c);
/* The class whose instances c's instances share their keys with: the top
 * keyed class of c's chain (c itself when its superclass has no key). */
const model_class *class_key_space(class_keys *k, const model_class *c);
/* c's properties and references that have a default value, NULL-terminated. */
const model_feature *const *class_defaults_of(class_keys *k, const model_class *c);
#endif
