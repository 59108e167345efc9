// See pointer_reads.h.
#include "memory/pointer_reads.h"

#include <cstdint>
#include <cstring>

#include "call/marshal.h"
#include "util/js_errors.h"

namespace zerocall {

namespace {

// The offset arrives as an f64 (a float parameter is fast on every V8, also beside a
// 64-bit result), already checked by JS to be a safe integer. Unaligned reads are
// allowed, as through a DataView.
template <typename T>
T ReadAt(const uint8_t* base, double offset) {
  T value;
  std::memcpy(&value, base + static_cast<int64_t>(offset), sizeof value);
  return value;
}

bool ReadBool(const uint8_t* base, double offset) { return ReadAt<uint8_t>(base, offset) != 0; }
void* ReadPointer(const uint8_t* base, double offset) { return ReadAt<void*>(base, offset); }

const TypedAddress kReaders[] = {
    {"bool", reinterpret_cast<void*>(&ReadBool)},
    {"u8", reinterpret_cast<void*>(&ReadAt<uint8_t>)},
    {"i8", reinterpret_cast<void*>(&ReadAt<int8_t>)},
    {"u16", reinterpret_cast<void*>(&ReadAt<uint16_t>)},
    {"i16", reinterpret_cast<void*>(&ReadAt<int16_t>)},
    {"u32", reinterpret_cast<void*>(&ReadAt<uint32_t>)},
    {"i32", reinterpret_cast<void*>(&ReadAt<int32_t>)},
    {"u64", reinterpret_cast<void*>(&ReadAt<uint64_t>)},
    {"i64", reinterpret_cast<void*>(&ReadAt<int64_t>)},
    {"f32", reinterpret_cast<void*>(&ReadAt<float>)},
    {"f64", reinterpret_cast<void*>(&ReadAt<double>)},
    {"pointer", reinterpret_cast<void*>(&ReadPointer)},
};

}  // namespace

v8::Local<v8::Object> AddressTable(v8::Isolate* isolate, std::span<const TypedAddress> entries) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Object> table = v8::Object::New(isolate);
  for (const TypedAddress& entry : entries) {
    table->Set(context, NewString(isolate, entry.type), PointerToJs(isolate, entry.address)).Check();
  }
  return table;
}

void PointerReaders(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(AddressTable(info.GetIsolate(), kReaders));
}

}  // namespace zerocall
