// NativeType: the primitive C types a signature is made of (see primitives.inc),
// with their names, sizes and classes. Pure data: no V8, no libffi.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace zerocall {

enum class NativeType : uint8_t {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi) kind,
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
};

inline constexpr size_t kNativeTypeCount = 0
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi) +1
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
    ;

// The JS spelling of a type ("i32", "pointer", ...).
const char* NativeTypeName(NativeType type);
// Size in bytes of the C value (0 for void).
size_t NativeTypeSize(NativeType type);
// Numbering shared with JS: returns false for an out-of-range code.
bool NativeTypeFromCode(uint32_t code, NativeType* out);

// Types whose JS value is a bigint when returned.
bool IsInt64Kind(NativeType type);
// pointer, buffer and function: passed as a machine address.
bool IsAddressKind(NativeType type);

// A C function signature: result and parameters.
struct Signature {
  NativeType result = NativeType::kVoid;
  std::vector<NativeType> params;
};

}  // namespace zerocall
