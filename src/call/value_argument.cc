// See value_argument.h. Runs inside a V8 fast call: allowed to make handles and to
// throw since V8 12.6, and only used from V8 13 on.
#include "call/value_argument.h"

#include <cstring>
#include <v8.h>

#include "call/c_string.h"
#include "call/marshal.h"
#include "util/js_errors.h"

namespace zerocall {

namespace {

// Only V8 13+ passes values (FastApiTraits::value_arguments); the planner never
// asks older ones for these routines.
v8::Local<v8::Value> LocalFromBits(uint64_t value) {
  v8::Local<v8::Value> local;
  static_assert(sizeof local == sizeof value);
  std::memcpy(static_cast<void*>(&local), &value, sizeof value);
  return local;
}

jit::ResolveResult Refuse(const ValueArgumentContext* context, v8::Local<v8::Value> value) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::HandleScope scope(isolate);
  const std::string expected =
      context->layout ? ExpectedStruct(*context->layout) : ExpectedArgument(context->type);
  ThrowTypeError(isolate, *context->key + ": parameter " + std::to_string(context->index) + " expects " +
                              expected + ", got " + DescribeRefusedArgument(isolate, context->type, value));
  return {0, 1};
}

// The address of a buffer argument's first byte, exactly as the general path
// finds it; anything else throws the general path's TypeError.
jit::ResolveResult ResolveBuffer(uint64_t bits, const jit::ResolveContext* base) {
  const auto* context = reinterpret_cast<const ValueArgumentContext*>(base);
  v8::Local<v8::Value> value = LocalFromBits(bits);
  if (value->IsNull()) return {0, 0};
  void* address;
  if (BufferAddress(value, &address, nullptr)) return {reinterpret_cast<uint64_t>(address), 0};
  return Refuse(context, value);
}

// A struct argument: the address of its bytes, from a buffer of exactly its
// size, exactly as the general path takes it.
jit::ResolveResult ResolveStruct(uint64_t bits, const jit::ResolveContext* base) {
  const auto* context = reinterpret_cast<const ValueArgumentContext*>(base);
  v8::Local<v8::Value> value = LocalFromBits(bits);
  void* bytes;
  if (StructArgumentFromJs(value, *context->layout, &bytes)) return {reinterpret_cast<uint64_t>(bytes), 0};
  return Refuse(context, value);
}

// A 64-bit integer argument: a bigint (wrapped) or an integral number, exactly
// as the general path converts it.
jit::ResolveResult ResolveInt64(uint64_t bits, const jit::ResolveContext* base) {
  const auto* context = reinterpret_cast<const ValueArgumentContext*>(base);
  v8::Local<v8::Value> value = LocalFromBits(bits);
  NativeValue converted;
  if (ArgumentFromJs(nullptr, value, context->type, &converted)) return {converted.u64, 0};
  return Refuse(context, value);
}

// A C string argument: a string's copy in the thread's scratch (c_string.h), or
// what the general path passes for the other accepted values.
jit::ResolveResult ResolveCString(uint64_t bits, const jit::ResolveContext* base) {
  const auto* context = reinterpret_cast<const ValueArgumentContext*>(base);
  if (context->first_string) ReleaseFastCallCStrings();
  v8::Local<v8::Value> value = LocalFromBits(bits);
  NativeValue converted;
  if (value->IsString()) {
    if (CStringFromJsForFastCall(v8::Isolate::GetCurrent(), value.As<v8::String>(), context->type, &converted.ptr)) {
      return {converted.u64, 0};
    }
  } else if (ArgumentFromJs(nullptr, value, context->type, &converted)) {
    return {converted.u64, 0};
  }
  return Refuse(context, value);
}

jit::ResolveResult (*ResolverFor(NativeType type))(uint64_t, const jit::ResolveContext*) {
  if (type == NativeType::kBuffer) return &ResolveBuffer;
  if (IsStringKind(type)) return &ResolveCString;
  return &ResolveInt64;
}

}  // namespace

uint64_t RejectIntegerArgument(uint64_t context_word, double value) {
  const auto* context = reinterpret_cast<const ValueArgumentContext*>(context_word);
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::HandleScope scope(isolate);
  Refuse(context, v8::Number::New(isolate, value));
  return 0;
}

ValueArgumentContext MakeValueArgumentContext(const std::string* key, const Signature& signature,
                                              uint32_t index) {
  ValueArgumentContext context{};
  const NativeType type = signature.params[index].kind;
  context.base.resolve = ResolverFor(type);
  context.key = key;
  context.index = index;
  context.type = type;
  context.first_string = IsStringKind(type);
  for (uint32_t i = 0; i < index; i++) {
    if (IsStringKind(signature.params[i].kind)) context.first_string = false;
  }
  return context;
}

ValueArgumentContext MakeStructArgumentContext(const std::string* key, uint32_t index,
                                               std::shared_ptr<const StructLayout> layout) {
  ValueArgumentContext context{};
  context.key = key;
  context.index = index;
  context.type = NativeType::kStruct;
  context.base.resolve = &ResolveStruct;
  context.layout = std::move(layout);
  return context;
}

}  // namespace zerocall
