// See js_errors.h.
#include "util/js_errors.h"


namespace zerocall {

v8::Local<v8::String> NewString(v8::Isolate* isolate, const char* utf8) {
  return v8::String::NewFromUtf8(isolate, utf8).ToLocalChecked();
}

v8::Local<v8::String> NewString(v8::Isolate* isolate, const std::string& utf8) {
  return v8::String::NewFromUtf8(isolate, utf8.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(utf8.size()))
      .ToLocalChecked();
}

void ThrowTypeError(v8::Isolate* isolate, const std::string& message) {
  isolate->ThrowException(v8::Exception::TypeError(NewString(isolate, message)));
}

void ThrowError(v8::Isolate* isolate, const std::string& message) {
  isolate->ThrowException(v8::Exception::Error(NewString(isolate, message)));
}


std::string DescribeValue(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (value->IsUndefined()) return "undefined";
  if (value->IsNull()) return "null";
  if (value->IsTrue()) return "true";
  if (value->IsFalse()) return "false";
  if (value->IsNumber() || value->IsBigInt()) {
    // Numbers as JS prints them (String(n)); bigints with their "n".
    v8::String::Utf8Value text(isolate, value);
    return std::string(*text ? *text : "?") + (value->IsBigInt() ? "n" : "");
  }
  if (value->IsString()) return "a string";
  if (value->IsSymbol()) return "a symbol";
  if (value->IsFunction()) return "a function";
  return "an object";
}

}  // namespace zerocall
