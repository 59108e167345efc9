// The result a callback hands back to its C caller (its arguments convert with
// ValueAtToJs, call/marshal.h, from where they arrived).
#pragma once
#include <cstddef>

#include "types/native_type.h"

namespace zerocall {

// Writes a converted result into the caller's result slot, widened to a full
// register as C callers (and libffi) expect narrow integer results.
union NativeValue;
void WriteResultSlot(NativeType type, const NativeValue& value, void* result);
// The bytes of a callback's result slot: 0 for void, a struct's size, else a full
// register (ffi_arg), as libffi and the register entry provide it.
size_t ResultSlotBytes(const Signature& signature);
// A zero result of the signature's type (ResultSlotBytes of zeros).
void WriteZeroResultSlot(const Signature& signature, void* result);

}  // namespace zerocall
