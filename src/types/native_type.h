// NativeType: the primitive C types a signature is made of (see primitives.inc),
// with their names, sizes and classes; Type: one parameter's or result's type, a
// primitive or a struct with its layout. Pure data: no V8, no libffi.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "abi/struct_passing.h"

namespace zerocall {

enum class NativeType : uint8_t {
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi, type_class) kind,
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
  kStruct,  // a struct by value (not a primitive: its StructLayout says the rest)
};

inline constexpr size_t kNativeTypeCount = 0
#define ZEROCALL_PRIMITIVE(kind, name, size, ffi, type_class) +1
#include "types/primitives.inc"
#undef ZEROCALL_PRIMITIVE
    ;

// How a value travels: the distinction every ABI and the V8 Fast API draw.
enum class TypeClass : uint8_t {
  kNone,       // void
  kInteger,    // bool and the integers: integer registers
  kFloat,      // f32, f64: FP registers
  kAddress,    // pointer, buffer, function: a machine address in an integer register
  kAggregate,  // a struct: as the ABI's struct rules say
};

// The JS spelling of a type ("i32", "pointer", ...).
const char* NativeTypeName(NativeType type);
// Size in bytes of the C value (0 for void and structs: see Type::size).
size_t NativeTypeSize(NativeType type);
TypeClass NativeTypeClass(NativeType type);
// Numbering shared with JS: returns false for an out-of-range code.
bool NativeTypeFromCode(uint32_t code, NativeType* out);

inline bool IsFloatKind(NativeType type) { return NativeTypeClass(type) == TypeClass::kFloat; }
// pointer, buffer and function: passed as a machine address.
inline bool IsAddressKind(NativeType type) { return NativeTypeClass(type) == TypeClass::kAddress; }
// Types whose JS value is a bigint when returned.
bool IsInt64Kind(NativeType type);
// i8 u8 i16 u16 i32 u32: the integers a JS number always holds exactly.
bool IsSmallIntegerKind(NativeType type);

struct StructLayout;

// One parameter's, result's or field's type.
struct Type {
  NativeType kind = NativeType::kVoid;
  std::shared_ptr<const StructLayout> layout;  // kStruct only

  Type() = default;
  Type(NativeType primitive) : kind(primitive) {}  // NOLINT(google-explicit-constructor)
  static Type Struct(std::shared_ptr<const StructLayout> layout);

  bool is_struct() const { return kind == NativeType::kStruct; }
  // The struct's layout, or null for a primitive.
  const StructLayout* struct_layout() const { return layout.get(); }
  size_t size() const;
  size_t alignment() const;
  TypeClass type_class() const { return NativeTypeClass(kind); }
  // "i32", or "{ struct: [i32, f64] }"
  std::string Describe() const;
};

// A C struct passed by value: fields (primitives or nested structs) at their natural
// C alignment (x86-64 SysV and AAPCS64 agree: a primitive aligns to its size).
struct StructLayout {
  struct Field {
    Type type;
    size_t offset = 0;
  };
  std::vector<Field> fields;
  size_t size = 0;
  size_t alignment = 1;

  // Computes offsets, size and alignment; null for an empty struct.
  static std::shared_ptr<const StructLayout> Build(std::vector<Type> field_types);
  // "{ struct: [i32, { struct: [f64] }] }"
  std::string Describe() const;
};

// The struct as the ABIs' classifiers see it (abi/struct_passing.h): its size and
// its scalar fields at their offsets, nested structs flattened.
abi::StructShape StructShapeOf(const StructLayout& layout);

// A C function signature.
struct Signature {
  Type result;
  std::vector<Type> params;
  // A variadic function ("..." in the definition): params[0, fixed_params) are its
  // fixed parameters, the rest one call shape of its variable part, already in
  // their promoted types (lib/internal/definition.js checks that).
  std::optional<size_t> fixed_params;

  bool variadic() const { return fixed_params.has_value(); }
  bool HasStructs() const;
};

}  // namespace zerocall
