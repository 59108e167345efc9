// The result a callback hands back to its C caller (its arguments convert with
// ValueAtToJs, call/marshal.h, from where they arrived).
#pragma once
#include "types/native_type.h"

namespace zerocall {

// Writes a converted result into the caller's result slot, widened to a full
// register as C callers (and libffi) expect narrow integer results.
union NativeValue;
void WriteResultSlot(NativeType type, const NativeValue& value, void* result);
// A zero result of the signature's type (and size, for structs).
void WriteZeroResultSlot(const Signature& signature, void* result);

}  // namespace zerocall
