// NativeType: the primitive C types a signature is made of (see primitives.inc),
// with their names, sizes and classes. Pure data: no V8, no libffi.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace zerocall {

enum class NativeType : uint8_t {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi) kind,
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
  kStruct,  // a struct by value (not a primitive: its StructLayout says the rest)
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

// A C struct passed by value: fields (primitives or nested structs) at their natural
// C alignment (x86-64 SysV and AAPCS64 agree: a primitive aligns to its size).
struct StructLayout {
  struct Field {
    NativeType type;
    std::shared_ptr<const StructLayout> nested;  // for kStruct fields
    size_t offset = 0;
  };
  std::vector<Field> fields;
  size_t size = 0;
  size_t alignment = 1;

  // Computes offsets, size and alignment; null for an empty struct.
  static std::shared_ptr<const StructLayout> Build(std::vector<Field> fields);
  // "{ struct: [i32, { struct: [f64] }] }"
  std::string Describe() const;
};

// A C function signature: result and parameters, with the layout of each struct.
struct Signature {
  NativeType result = NativeType::kVoid;
  std::vector<NativeType> params;
  std::shared_ptr<const StructLayout> result_struct;                // kStruct result
  std::vector<std::shared_ptr<const StructLayout>> param_structs;  // per param, or null

  const StructLayout* ParamStruct(size_t i) const {
    return i < param_structs.size() ? param_structs[i].get() : nullptr;
  }
  bool HasStructs() const;
};

}  // namespace zerocall
