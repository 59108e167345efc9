// Arguments the V8 13+ fast path receives as a v8::Local<v8::Value> and the stub
// resolves by calling back into C++ (through the jit resolver routine): buffers,
// which V8 13 no longer passes to fast calls, structs by value (the stub gets
// the address of their bytes and passes them on as the ABI says), and 64-bit
// integers of functions without a 64-bit result, which then accept numbers as
// well as bigints on the fast path. A value the contract refuses throws the
// general path's TypeError.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "jit/resolver.h"
#include "types/native_type.h"

namespace zerocall {

// What one resolved parameter's stub passes to the resolver. Safety: the stub
// embeds this address, so it lives as long as the stub (see FastBinding).
struct ValueArgumentContext {
  jit::ResolveContext base;  // first: the resolver routine reads `resolve` from here
  const std::string* key;    // the symbol key, for the error message
  uint32_t index;            // the parameter index, for the error message
  NativeType type;           // kBuffer, kStruct, a string kind or a 64-bit integer kind
  bool first_string = false;  // string kinds: the signature's first (c_string.h)
  std::shared_ptr<const StructLayout> layout;  // kStruct: its size and its name in errors
};
// The routine reads `base` through a pointer to the whole context.
static_assert(std::is_standard_layout_v<ValueArgumentContext>);

// The stub's reject handler for an integer argument that arrived as a double and is
// NaN, infinite or out of range: throws the general path's TypeError, returns 0.
uint64_t RejectIntegerArgument(uint64_t context, double value);

// For parameter `index` of `signature`, of a kind the resolver converts.
ValueArgumentContext MakeValueArgumentContext(const std::string* key, const Signature& signature,
                                              uint32_t index);
// For a struct parameter: resolves to the address of the struct's bytes.
ValueArgumentContext MakeStructArgumentContext(const std::string* key, uint32_t index,
                                               std::shared_ptr<const StructLayout> layout);

}  // namespace zerocall
