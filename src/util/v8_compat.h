// The few V8 API calls whose signatures differ between the supported V8 versions.
#pragma once
#include <v8.h>

#include <cstddef>
#include <utility>

namespace zerocall {

// V8 13 lets JS run inside a fast call and leaves a callback's exception pending
// until the innermost foreign call returns to JS (callback/callback_exception.h);
// before 13 a callback's exception is caught and rethrown by the general call.
inline constexpr bool kCallbackExceptionStaysPending = V8_MAJOR_VERSION >= 13;

// Whether an exception is pending on the isolate (V8 13+; never asked before).
inline bool HasPendingException(v8::Isolate* isolate) {
#if V8_MAJOR_VERSION >= 13
  return isolate->HasPendingException();
#else
  (void)isolate;
  return false;
#endif
}

// V8 14 added a type tag to aligned pointers in internal fields.
inline void SetInternalPointer(v8::Local<v8::Object> object, int index, void* value) {
#if V8_MAJOR_VERSION >= 14
  object->SetAlignedPointerInInternalField(index, value, v8::kEmbedderDataTypeTagDefault);
#else
  object->SetAlignedPointerInInternalField(index, value);
#endif
}

inline void* GetInternalPointer(v8::Local<v8::Object> object, int index) {
#if V8_MAJOR_VERSION >= 14
  return object->GetAlignedPointerFromInternalField(index, v8::kEmbedderDataTypeTagDefault);
#else
  return object->GetAlignedPointerFromInternalField(index);
#endif
}

// V8 14 tags the pointers in v8::External; zerocall uses the default tag, which is
// also what V8's fast calls use for pointer results.
inline void* ExternalValue(v8::Local<v8::Value> external) {
#if V8_MAJOR_VERSION >= 14
  return external.As<v8::External>()->Value(v8::kExternalPointerTypeTagDefault);
#else
  return external.As<v8::External>()->Value();
#endif
}

inline v8::Local<v8::External> NewExternal(v8::Isolate* isolate, void* value) {
#if V8_MAJOR_VERSION >= 14
  return v8::External::New(isolate, value, v8::kExternalPointerTypeTagDefault);
#else
  return v8::External::New(isolate, value);
#endif
}

// The address of an ArrayBuffer's memory, null when it has none. V8 11 answers
// Data() = null for a zero-length buffer over foreign memory (what
// UnsafePointerView.getArrayBuffer(p, 0) makes), whose backing store still has p.
inline void* ArrayBufferData(v8::Local<v8::ArrayBuffer> buffer) {
  void* data = buffer->Data();
#if V8_MAJOR_VERSION < 12
  if (data == nullptr && buffer->ByteLength() == 0) data = buffer->GetBackingStore()->Data();
#endif
  return data;
}

// The first byte and the length of a view whose buffer is off the V8 heap. V8 13
// reads them without making a handle.
inline std::pair<void*, size_t> OffHeapViewBytes(v8::Local<v8::ArrayBufferView> view) {
#if V8_MAJOR_VERSION >= 13
  v8::MemorySpan<uint8_t> contents = view->GetContents({});
  return {contents.data(), contents.size()};
#else
  auto* base = static_cast<uint8_t*>(ArrayBufferData(view->Buffer()));
  return {base ? base + view->ByteOffset() : nullptr, view->ByteLength()};
#endif
}

// An ArrayBuffer whose bytes the caller writes in full (V8 13 can skip zeroing them).
inline v8::Local<v8::ArrayBuffer> NewUninitializedArrayBuffer(v8::Isolate* isolate, size_t size) {
#if V8_MAJOR_VERSION >= 13
  return v8::ArrayBuffer::New(isolate, size, v8::BackingStoreInitializationMode::kUninitialized);
#else
  return v8::ArrayBuffer::New(isolate, size);
#endif
}

}  // namespace zerocall
