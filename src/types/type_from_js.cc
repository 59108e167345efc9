// See type_from_js.h.
#include "types/type_from_js.h"

namespace zerocall {

namespace {
constexpr int kMaxStructDepth = 16;

bool TypeFromJsAt(v8::Local<v8::Context> context, v8::Local<v8::Value> value, int depth, Type* type) {
  *type = Type();
  if (value->IsUint32()) return NativeTypeFromCode(value.As<v8::Uint32>()->Value(), &type->kind);
  if (!value->IsArray() || depth > kMaxStructDepth) return false;
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
}  // namespace

bool TypeFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> value, Type* type) {
  return TypeFromJsAt(context, value, 0, type);
}

bool SignatureFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> result,
                     v8::Local<v8::Value> params, Signature* signature) {
  if (!TypeFromJs(context, result, &signature->result) || !params->IsArray()) return false;
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
  return true;
}

}  // namespace zerocall
