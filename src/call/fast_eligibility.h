// Which signatures take the V8 Fast API path: one explicit predicate, pure (no V8),
// fed with what the running V8 can lower. Everything it refuses takes the general
// path, with the same results and errors.
#pragma once
#include <cstddef>

#include "types/native_type.h"

namespace zerocall {

// What a V8 version's Fast API lowers (measured: shared/design/v8-fast-api.md).
struct FastApiCapabilities {
  bool available = false;         // a verified CFunction layout for this V8
  bool bigint_arguments = false;  // i64/u64 arguments as BigInt (V8 >= 12)
  bool int64_results = false;     // i64/u64 results (V8 11.3 aborts in TurboFan)
  bool reentrant_calls = false;   // a fast call may re-enter JS (V8 >= 12.6)
  bool typed_array_arguments = false;  // Uint8Array arguments (V8 11-12)
  bool value_arguments = false;  // values the stub resolves: any buffer (V8 13+)
  // Structs by value as resolved values (V8 13+) or Uint8Arrays (V8 11-12),
  // passed on by a stub that knows the ISA's struct rules (x86-64, AArch64).
  bool struct_arguments = false;
};

// The most bytes of struct parameters one fast signature may have in all
// (jit::kMaxStubStructBytes): the stub copies them part by part.
inline constexpr size_t kMaxFastStructBytes = 128;

// Null when `signature` may take the fast path, else why not (for messages/tests).
// `may_call_back` is the definition's `callback: true`.
const char* FastPathBlocker(const Signature& signature, bool may_call_back,
                            const FastApiCapabilities& v8);

}  // namespace zerocall
