// Reads the type descriptions lib/internal/definition.js sends: a primitive's numeric
// code, or an array of field descriptions for a struct (nested arrays for nested
// structs). lib/ has validated them; malformed input just fails.
#pragma once
#include <string>
#include <v8.h>

#include "types/native_type.h"

namespace zerocall {

// The limits of a signature (docs/api.md), so that the arguments of any call fit on
// any thread's native stack, where libffi copies them (8 bytes per parameter, a
// struct parameter's whole size): a definition over them is a definition error.
inline constexpr uint32_t kMaxParameters = 1024;
inline constexpr int kMaxStructNesting = 16;  // a struct inside a struct is 2 levels
inline constexpr size_t kMaxArgumentBytes = 64 * 1024;

bool TypeFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> value, Type* type);


// A whole signature: result description and array of parameter descriptions. Fails
// too for a signature over the limits (`problem`, if given, then says which).
bool SignatureFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> result,
                     v8::Local<v8::Value> params, Signature* signature,
                     std::string* problem = nullptr);

// checkSignature(resultCode, paramCodes) -> undefined, or what is over a limit (the
// end of an "Invalid definition" message; lib/ checks the count and nesting itself).
void CheckSignature(const v8::FunctionCallbackInfo<v8::Value>& info);
// structSize(structCode) -> the struct's size in bytes (undefined for anything else),
// for the result buffer lib/internal/wrap.js allocates.
void StructSize(const v8::FunctionCallbackInfo<v8::Value>& info);
// { maxParameters, maxStructNesting }, for lib/internal/definition.js.
v8::Local<v8::Object> SignatureLimitsToJs(v8::Local<v8::Context> context);

}  // namespace zerocall
