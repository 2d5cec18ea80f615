/* libmofrt umbrella header: everything generated code and providers need.
 * Focused headers: mofrt_error.h (CIM status, error struct), mofrt_buf.h
 * (output buffer), mofrt_str.h (CIM name compare), mofrt_value.h (values,
 * datetime, instances), mofrt_path.h (object paths), mofrt_xml.h (CIM-XML
 * decode/encode, limits, writer), mofrt_desc.h (typed structs, dispatch),
 * mofrt_provider.h (the provider interface a CIM server host calls). */
#ifndef MOFRT_H
#define MOFRT_H

#include "mofrt_error.h"
#include "mofrt_buf.h"
#include "mofrt_str.h"
#include "mofrt_value.h"
#include "mofrt_path.h"
#include "mofrt_xml.h"
#include "mofrt_desc.h"
#include "mofrt_provider.h"

#endif
