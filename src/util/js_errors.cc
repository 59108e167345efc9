// See js_errors.h.
#include "util/js_errors.h"

#include <cmath>
#include <cstdio>

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

namespace {
// Formats a double the way JS prints it for the values errors show (integers
// exactly, NaN and Infinity by name, fractions shortest round-trip).
std::string FormatNumber(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  if (d == std::trunc(d) && std::fabs(d) < 1e21) {
    snprintf(buf, sizeof buf, "%.0f", d == 0 ? 0.0 : d);
    return buf;
  }
  for (int precision = 1; precision <= 17; precision++) {
    snprintf(buf, sizeof buf, "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  return buf;
}
}  // namespace

std::string DescribeValue(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (value->IsUndefined()) return "undefined";
  if (value->IsNull()) return "null";
  if (value->IsTrue()) return "true";
  if (value->IsFalse()) return "false";
  if (value->IsNumber()) return FormatNumber(value.As<v8::Number>()->Value());
  if (value->IsBigInt()) {
    v8::String::Utf8Value text(isolate, value);
    return std::string(*text ? *text : "?") + "n";
  }
  if (value->IsString()) return "a string";
  if (value->IsSymbol()) return "a symbol";
  if (value->IsFunction()) return "a function";
  return "an object";
}

}  // namespace zerocall
