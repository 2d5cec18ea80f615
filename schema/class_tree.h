/* Whether a class derives from another in O(log depth), not a walk up
 * the superclasses per question (a reference to the root class of a
 * chain of n classes, checked for n instances of its leaf, was n^2/2
 * steps): each class gets its depth and a jump pointer to an ancestor
 * (skew-binary jumps, Myers 1983), made once per class, on first use,
 * from its superclass's. Superclass links never change once a class is
 * built, so what is made stays true while later classes are added. */
#ifndef MOFC_SCHEMA_CLASS_TREE_H
#define MOFC_SCHEMA_CLASS_TREE_H
#include "common/arena.h"
#include "common/ptr_map.h"
#include "schema/model.h"

typedef struct class_tree {
    ptr_map at;                /* model_class -> its node (in the arena) */
} class_tree;                  /* all zero: empty */

void class_tree_free(class_tree *t);
/* model_is_subclass(c, ancestor), answered from t's nodes (made in a). */
bool class_tree_is_subclass(class_tree *t, arena *a, const model_class *c, const model_class *ancestor);
#endif
