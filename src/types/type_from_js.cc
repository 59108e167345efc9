// See type_from_js.h.
#include "types/type_from_js.h"

namespace zerocall {

namespace {
constexpr int kMaxStructDepth = 16;

bool TypeFromJsAt(v8::Local<v8::Context> context, v8::Local<v8::Value> value, int depth,
                  NativeType* type, std::shared_ptr<const StructLayout>* layout) {
  layout->reset();
  if (value->IsUint32()) return NativeTypeFromCode(value.As<v8::Uint32>()->Value(), type);
  if (!value->IsArray() || depth > kMaxStructDepth) return false;
  auto array = value.As<v8::Array>();
  std::vector<StructLayout::Field> fields;
  for (uint32_t i = 0; i < array->Length(); i++) {
    v8::Local<v8::Value> element;
    StructLayout::Field field;
    if (!array->Get(context, i).ToLocal(&element) ||
        !TypeFromJsAt(context, element, depth + 1, &field.type, &field.nested) ||
        field.type == NativeType::kVoid) {
      return false;
    }
    fields.push_back(std::move(field));
  }
  *layout = StructLayout::Build(std::move(fields));
  *type = NativeType::kStruct;
  return *layout != nullptr;
}
}  // namespace

bool TypeFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> value, NativeType* type,
                std::shared_ptr<const StructLayout>* layout) {
  return TypeFromJsAt(context, value, 0, type, layout);
}

bool SignatureFromJs(v8::Local<v8::Context> context, v8::Local<v8::Value> result,
                     v8::Local<v8::Value> params, Signature* signature) {
  if (!TypeFromJs(context, result, &signature->result, &signature->result_struct) ||
      !params->IsArray()) {
    return false;
  }
  auto array = params.As<v8::Array>();
  for (uint32_t i = 0; i < array->Length(); i++) {
    v8::Local<v8::Value> element;
    NativeType type;
    std::shared_ptr<const StructLayout> layout;
    if (!array->Get(context, i).ToLocal(&element) ||
        !TypeFromJs(context, element, &type, &layout) || type == NativeType::kVoid) {
      return false;
    }
    signature->params.push_back(type);
    signature->param_structs.push_back(std::move(layout));
  }
  return true;
}

}  // namespace zerocall
