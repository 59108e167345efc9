// See type_from_js.h.
#include "types/type_from_js.h"

#include "util/js_errors.h"

namespace zerocall {

namespace {

bool TypeFromJsAt(v8::Local<v8::Context> context, v8::Local<v8::Value> value, int depth, Type* type) {
  *type = Type();
  if (value->IsUint32()) return NativeTypeFromCode(value.As<v8::Uint32>()->Value(), &type->kind);
  if (!value->IsArray() || depth >= kMaxStructNesting) return false;
  auto array = value.As<v8::Array>();
  std::vector<Type> fields;
  for (uint32_t i = 0; i < array->Length(); i++) {
    v8::Local<v8::Value> element;
    Type field;
    if (!array->Get(context, i).ToLocal(&element) ||
        !TypeFromJsAt(context, element, depth + 1, &field) || field.kind == NativeType::kVoid) {
      return false;
    }
    fields.push_back(std::move(field));
  }
  std::shared_ptr<const StructLayout> layout = StructLayout::Build(std::move(fields));
  if (!layout) return false;
  *type = Type::Struct(std::move(layout));
  return true;
}

// The native stack the arguments take in a libffi call (at most; registers take some).
size_t ArgumentBytes(const Signature& signature) {
  size_t bytes = 0;
  for (const Type& param : signature.params) {
    bytes += param.is_struct() ? (param.size() + 7) & ~size_t{7} : 8;
  }
  return bytes;
}

std::string LimitProblem(const Signature& signature) {
  const size_t bytes = ArgumentBytes(signature);
  if (bytes <= kMaxArgumentBytes) return "";
  return "the parameters take " + std::to_string(bytes) + " bytes, more than the limit of " +
         std::to_string(kMaxArgumentBytes);
}

}  // namespace

bool TypeFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> value, Type* type) {
  return TypeFromJsAt(context, value, 0, type);
}

bool SignatureFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> result,
                     v8::Local<v8::Value> params, Signature* signature, std::string* problem) {
  if (!TypeFromJs(context, result, &signature->result) || !params->IsArray() ||
      params.As<v8::Array>()->Length() > kMaxParameters) {
    return false;
  }
  auto array = params.As<v8::Array>();
  for (uint32_t i = 0; i < array->Length(); i++) {
    v8::Local<v8::Value> element;
    Type type;
    if (!array->Get(context, i).ToLocal(&element) || !TypeFromJs(context, element, &type) ||
        type.kind == NativeType::kVoid) {
      return false;
    }
    signature->params.push_back(std::move(type));
  }
  std::string over = LimitProblem(*signature);
  if (problem != nullptr) *problem = over;
  return over.empty();
}

void CheckSignature(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Signature signature;
  std::string problem;
  if (SignatureFromJs(isolate->GetCurrentContext(), info[0], info[1], &signature, &problem)) return;
  info.GetReturnValue().Set(NewString(isolate, problem.empty() ? "malformed signature" : problem));
}

void StructSize(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Type type;
  if (!TypeFromJs(info.GetIsolate()->GetCurrentContext(), info[0], &type) || !type.is_struct()) return;
  info.GetReturnValue().Set(static_cast<double>(type.size()));
}

v8::Local<v8::Object> SignatureLimitsToJs(v8::Local<v8::Context> context) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::Local<v8::Object> limits = v8::Object::New(isolate);
  limits->Set(context, NewString(isolate, "maxParameters"), v8::Integer::NewFromUnsigned(isolate, kMaxParameters))
      .Check();
  limits->Set(context, NewString(isolate, "maxStructNesting"), v8::Integer::New(isolate, kMaxStructNesting))
      .Check();
  return limits;
}

}  // namespace zerocall
