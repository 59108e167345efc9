// The few V8 API calls whose signatures differ between the supported V8 versions.
#pragma once
#include <v8.h>

namespace zerocall {

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

}  // namespace zerocall
