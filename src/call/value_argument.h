// Arguments the V8 13+ fast path receives as a v8::Local<v8::Value> and the stub
// resolves by calling back into C++ (through the jit resolver routine): buffers,
// which V8 13 no longer passes to fast calls, and 64-bit integers of functions
// without a 64-bit result, which then accept numbers as well as bigints on the
// fast path. A value the contract refuses throws the general path's TypeError.
#pragma once
#include <cstdint>
#include <string>

#include "jit/resolver.h"
#include "types/native_type.h"

namespace zerocall {

// What one resolved parameter's stub passes to the resolver. Safety: the stub
// embeds this address, so it lives as long as the stub (see FastBinding).
struct ValueArgumentContext {
  jit::ResolveContext base;  // first: the resolver routine reads `resolve` from here
  const std::string* key;    // the symbol key, for the error message
  uint32_t index;            // the parameter index, for the error message
  NativeType type;           // kBuffer, or a 64-bit integer kind
};

// The stub's reject handler for an integer argument that arrived as a double and is
// NaN, infinite or out of range: throws the general path's TypeError, returns 0.
uint64_t RejectIntegerArgument(uint64_t context, double value);

ValueArgumentContext MakeValueArgumentContext(const std::string* key, uint32_t index,
                                              NativeType type);

}  // namespace zerocall
