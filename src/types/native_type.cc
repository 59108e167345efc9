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

const char* NativeTypeName(NativeType type) { return kNames[static_cast<size_t>(type)]; }
size_t NativeTypeSize(NativeType type) { return kSizes[static_cast<size_t>(type)]; }

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
