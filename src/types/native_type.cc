// Tables derived from primitives.inc.
#include "types/native_type.h"

namespace zerocall {

namespace {
constexpr const char* kNames[] = {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi) name,
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
};
constexpr size_t kSizes[] = {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi) size,
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

std::shared_ptr<const StructLayout> StructLayout::Build(std::vector<Field> fields) {
  if (fields.empty()) return nullptr;
  auto layout = std::make_shared<StructLayout>();
  size_t offset = 0;
  for (Field& field : fields) {
    const size_t size = field.nested ? field.nested->size : NativeTypeSize(field.type);
    const size_t alignment = field.nested ? field.nested->alignment : size;
    offset = (offset + alignment - 1) / alignment * alignment;
    field.offset = offset;
    offset += size;
    if (alignment > layout->alignment) layout->alignment = alignment;
  }
  layout->size = (offset + layout->alignment - 1) / layout->alignment * layout->alignment;
  layout->fields = std::move(fields);
  return layout;
}

std::string StructLayout::Describe() const {
  std::string text = "{ struct: [";
  for (size_t i = 0; i < fields.size(); i++) {
    if (i > 0) text += ", ";
    text += fields[i].nested ? fields[i].nested->Describe() : NativeTypeName(fields[i].type);
  }
  return text + "] }";
}

bool Signature::HasStructs() const {
  if (result_struct) return true;
  for (const auto& layout : param_structs) {
    if (layout) return true;
  }
  return false;
}

bool NativeTypeFromCode(uint32_t code, NativeType* out) {
  if (code >= kNativeTypeCount) return false;
  *out = static_cast<NativeType>(code);
  return true;
}

bool IsInt64Kind(NativeType type) {
  return type == NativeType::kU64 || type == NativeType::kI64 || type == NativeType::kUsize ||
         type == NativeType::kIsize;
}

bool IsAddressKind(NativeType type) {
  return type == NativeType::kPointer || type == NativeType::kBuffer ||
         type == NativeType::kFunction;
}

}  // namespace zerocall
