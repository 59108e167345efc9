// C values <-> JS values at a callback's boundary: arguments the C caller passed
// (read from where they arrived) and the result handed back to it.
#pragma once
#include <v8.h>

#include "types/native_type.h"

namespace zerocall {

// The JS value of a C argument of a scalar or address `type` found at `slot` (its
// low bytes hold the value, as in a register image or a libffi argument).
v8::Local<v8::Value> ArgumentSlotToJs(v8::Isolate* isolate, NativeType type, const void* slot);

// Writes a converted result into the caller's result slot, widened to a full
// register as C callers (and libffi) expect narrow integer results.
union NativeValue;
void WriteResultSlot(NativeType type, const NativeValue& value, void* result);
// A zero result of the signature's type (and size, for structs).
void WriteZeroResultSlot(const Signature& signature, void* result);

}  // namespace zerocall
