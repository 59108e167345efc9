// Tables derived from primitives.inc.
#include "types/native_type.h"

namespace zerocall {

namespace {
constexpr const char* kNames[] = {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi, type_class) name,
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
};
constexpr size_t kSizes[] = {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi, type_class) size,
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
};
constexpr TypeClass kClasses[] = {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi, type_class) TypeClass::type_class,
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == kNativeTypeCount);
}  // namespace

const char* NativeTypeName(NativeType type) {
  return type == NativeType::kStruct ? "struct" : kNames[static_cast<size_t>(type)];
}
size_t NativeTypeSize(NativeType type) {
  return type == NativeType::kStruct ? 0 : kSizes[static_cast<size_t>(type)];
}
TypeClass NativeTypeClass(NativeType type) {
  return type == NativeType::kStruct ? TypeClass::kAggregate : kClasses[static_cast<size_t>(type)];
}

bool NativeTypeFromCode(uint32_t code, NativeType* out) {
  if (code >= kNativeTypeCount) return false;
  *out = static_cast<NativeType>(code);
  return true;
}

bool IsInt64Kind(NativeType type) {
  return NativeTypeClass(type) == TypeClass::kInteger && NativeTypeSize(type) == 8;
}

bool IsSmallIntegerKind(NativeType type) {
  return type != NativeType::kBool && NativeTypeClass(type) == TypeClass::kInteger &&
         NativeTypeSize(type) <= 4;
}

Type Type::Struct(std::shared_ptr<const StructLayout> layout) {
  Type type(NativeType::kStruct);
  type.layout = std::move(layout);
  return type;
}

size_t Type::size() const { return layout ? layout->size : NativeTypeSize(kind); }
size_t Type::alignment() const { return layout ? layout->alignment : NativeTypeSize(kind); }
std::string Type::Describe() const { return layout ? layout->Describe() : NativeTypeName(kind); }

std::shared_ptr<const StructLayout> StructLayout::Build(std::vector<Type> field_types) {
  if (field_types.empty()) return nullptr;
  auto layout = std::make_shared<StructLayout>();
  size_t offset = 0;
  for (Type& type : field_types) {
    const size_t alignment = type.alignment();
    offset = (offset + alignment - 1) / alignment * alignment;
    const size_t size = type.size();
    layout->fields.push_back({std::move(type), offset});
    offset += size;
    if (alignment > layout->alignment) layout->alignment = alignment;
  }
  layout->size = (offset + layout->alignment - 1) / layout->alignment * layout->alignment;
  return layout;
}

std::string StructLayout::Describe() const {
  std::string text = "{ struct: [";
  for (size_t i = 0; i < fields.size(); i++) {
    if (i > 0) text += ", ";
    text += fields[i].type.Describe();
  }
  return text + "] }";
}

bool Signature::HasStructs() const {
  if (result.is_struct()) return true;
  for (const Type& param : params) {
    if (param.is_struct()) return true;
  }
  return false;
}

namespace {

void FlattenStruct(const StructLayout& layout, uint32_t base, std::vector<abi::ScalarField>* out) {
  for (const StructLayout::Field& field : layout.fields) {
    const auto offset = static_cast<uint32_t>(base + field.offset);
    if (const StructLayout* nested = field.type.struct_layout()) {
      FlattenStruct(*nested, offset, out);
    } else {
      out->push_back({offset, static_cast<uint8_t>(field.type.size()), IsFloatKind(field.type.kind)});
    }
  }
}

}  // namespace

abi::StructShape StructShapeOf(const StructLayout& layout) {
  abi::StructShape shape;
  shape.size = static_cast<uint32_t>(layout.size);
  FlattenStruct(layout, 0, &shape.fields);
  return shape;
}

}  // namespace zerocall
