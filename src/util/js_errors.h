// Throwing JS errors from the addon, and describing a JS value in an error message
// (docs/errors.md fixes the wording).
#pragma once
#include <string>
#include <v8.h>

namespace zerocall {

void ThrowTypeError(v8::Isolate* isolate, const std::string& message);
void ThrowError(v8::Isolate* isolate, const std::string& message);
// `undefined`, `null`, `true`, `1.5`, `5n`, `a string`, `an object`, ...
std::string DescribeValue(v8::Isolate* isolate, v8::Local<v8::Value> value);

v8::Local<v8::String> NewString(v8::Isolate* isolate, const char* utf8);
v8::Local<v8::String> NewString(v8::Isolate* isolate, const std::string& utf8);

}  // namespace zerocall
