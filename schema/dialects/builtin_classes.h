/* Private to schema/: the classes a dialect's tool knows without a
 * declaration (WMI's system classes, DSC's base classes), as MOF text read
 * once per build when a file of that dialect first names one. */
#ifndef MOFC_BUILTIN_CLASSES_H
#define MOFC_BUILTIN_CLASSES_H
#include "common/dialect.h"

extern const char builtin_wmi_mof[];   /* wmi_classes.c */
extern const char builtin_mi_mof[];    /* mi_classes.c */
#endif
