// Natives behind UnsafePointer and UnsafePointerView: pointer values (v8::External
// or null), C strings, aliasing ArrayBuffers, copies both ways, statics.
#pragma once
#include <v8.h>

namespace zerocall {

void PointerCreate(const v8::FunctionCallbackInfo<v8::Value>& info);   // (bigint|number)
void PointerValue(const v8::FunctionCallbackInfo<v8::Value>& info);    // (p) -> bigint
void PointerEquals(const v8::FunctionCallbackInfo<v8::Value>& info);   // (a, b) -> bool
void PointerOffset(const v8::FunctionCallbackInfo<v8::Value>& info);   // (p, n) -> p'
void PointerOf(const v8::FunctionCallbackInfo<v8::Value>& info);       // (buffer) -> p
void PointerGetCString(const v8::FunctionCallbackInfo<v8::Value>& info);      // (p, offset, max)
void PointerGetArrayBuffer(const v8::FunctionCallbackInfo<v8::Value>& info);  // (p, len, offset)
void PointerCopyInto(const v8::FunctionCallbackInfo<v8::Value>& info);  // (p, dest, offset)
void PointerCopyFrom(const v8::FunctionCallbackInfo<v8::Value>& info);  // (p, source, offset)
void ReadStatic(const v8::FunctionCallbackInfo<v8::Value>& info);       // (address, code)

}  // namespace zerocall
