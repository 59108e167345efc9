// Buffer arguments on the fast path of V8 13+, which no longer passes typed arrays to
// fast calls: the value arrives as a v8::Local<v8::Value>, and the stub asks
// ResolveBufferArgument (through the jit resolver routine) for the address of its
// first byte, or for a TypeError when it is not a buffer.
#pragma once
#include <cstdint>
#include <string>

#include "jit/resolver.h"

namespace zerocall {

// What one buffer parameter's stub passes to the resolver. Safety: the stub embeds
// this address, so it lives as long as the stub (see FastBinding).
struct BufferArgumentContext {
  jit::ResolveContext base;  // first: the resolver routine reads `resolve` from here
  const std::string* key;    // the symbol key, for the error message
  uint32_t index;            // the parameter index, for the error message
};

BufferArgumentContext MakeBufferArgumentContext(const std::string* key, uint32_t index);

}  // namespace zerocall
