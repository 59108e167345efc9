// See pointer_writes.h.
#include "memory/pointer_writes.h"

#include <cstdint>
#include <cstring>

#include "memory/pointer_reads.h"

namespace zerocall {

namespace {

// The offset arrives as an f64 already checked by JS to be a safe integer (see
// pointer_reads.cc). Stores go through memcpy: unaligned, in native byte order.
template <typename T>
void WriteAt(uint8_t* base, T value, double offset) {
  std::memcpy(base + static_cast<int64_t>(offset), &value, sizeof value);
}

void WriteBool(uint8_t* base, bool value, double offset) {
  WriteAt<uint8_t>(base, value ? 1 : 0, offset);
}

// The same write returning the value: a 64-bit result is what makes V8 12 pass a
// bigint argument on the fast path (its BigInt representation, fast_call.cc).
template <typename T>
T WriteAtReturning(uint8_t* base, T value, double offset) {
  WriteAt<T>(base, value, offset);
  return value;
}

const TypedAddress kWriters[] = {
    {"bool", reinterpret_cast<void*>(&WriteBool)},
    {"u8", reinterpret_cast<void*>(&WriteAt<uint8_t>)},
    {"i8", reinterpret_cast<void*>(&WriteAt<int8_t>)},
    {"u16", reinterpret_cast<void*>(&WriteAt<uint16_t>)},
    {"i16", reinterpret_cast<void*>(&WriteAt<int16_t>)},
    {"u32", reinterpret_cast<void*>(&WriteAt<uint32_t>)},
    {"i32", reinterpret_cast<void*>(&WriteAt<int32_t>)},
    {"u64", reinterpret_cast<void*>(&WriteAt<uint64_t>)},
    {"i64", reinterpret_cast<void*>(&WriteAt<int64_t>)},
    {"f32", reinterpret_cast<void*>(&WriteAt<float>)},
    {"f64", reinterpret_cast<void*>(&WriteAt<double>)},
    {"pointer", reinterpret_cast<void*>(&WriteAt<void*>)},
    {"u64 returning", reinterpret_cast<void*>(&WriteAtReturning<uint64_t>)},
    {"i64 returning", reinterpret_cast<void*>(&WriteAtReturning<int64_t>)},
};

}  // namespace

void PointerWriters(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(AddressTable(info.GetIsolate(), kWriters));
}

}  // namespace zerocall
