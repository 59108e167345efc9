// Reads the type descriptions lib/internal/definition.js sends: a primitive's numeric
// code, or an array of field descriptions for a struct (nested arrays for nested
// structs). lib/ has validated them; malformed input just fails.
#pragma once
#include <v8.h>

#include "types/native_type.h"

namespace zerocall {

bool TypeFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> value, Type* type);

// A whole signature: result description and array of parameter descriptions.
bool SignatureFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> result,
                     v8::Local<v8::Value> params, Signature* signature);

}  // namespace zerocall
