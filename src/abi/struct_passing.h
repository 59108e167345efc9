// struct_passing.h: how a C struct passed by value reaches the callee, per ABI.
// The classifiers read only a flattened description of the struct (no V8, no
// libffi), so the stub planner (src/jit/stub_plan.cc) and its tests can use
// them anywhere. One classifier per ABI; an ABI without one keeps struct
// parameters off the fast path.

#ifndef ZEROCALL_ABI_STRUCT_PASSING_H_
#define ZEROCALL_ABI_STRUCT_PASSING_H_

#include <cstdint>
#include <vector>

namespace zerocall::abi {

// One scalar field of a struct, nested structs flattened into their fields.
struct ScalarField {
  uint32_t offset;  // from the start of the outermost struct
  uint8_t size;     // 1, 2, 4 or 8 bytes, naturally aligned
  bool is_float;    // f32 / f64 (everything else is an integer or an address)
};

// A struct as the classifiers see it: C's size (tail padding included) and its
// scalar fields in any order.
struct StructShape {
  uint32_t size = 0;
  std::vector<ScalarField> fields;

  friend bool operator==(const StructShape&, const StructShape&) = default;
};

// One piece of the struct as C receives it: `bytes` bytes from `offset`, in one
// register or one 8-byte stack slot, zero-extended (the callee ignores the
// bits past `bytes`).
struct StructPart {
  uint32_t offset;
  uint8_t bytes;     // 1..8; less than 8 only for the last part of a struct
  bool is_float;     // in the next FP register (else the next GP register)

  friend bool operator==(const StructPart&, const StructPart&) = default;
};

struct StructPassing {
  enum class Kind : uint8_t {
    // Each part in the next register of its class when there are registers
    // left for all of them; otherwise every part in the next stack slots, in
    // order, and no register is used (x86-64 psABI 3.2.3: "If there are no
    // registers available for any eightbyte of an argument, the whole argument
    // is passed on the stack").
    kRegisters,
    // Every part in the next stack slots, in order (a copy of the struct in
    // the argument area: psABI class MEMORY).
    kStack,
  };
  Kind kind = Kind::kRegisters;
  std::vector<StructPart> parts;  // consecutive 8-byte pieces covering the struct

  friend bool operator==(const StructPassing&, const StructPassing&) = default;
};

// x86-64 System V psABI 3.2.3: a struct of up to 16 bytes is split into
// eightbytes, each SSE when every field in it is a float or double, else
// INTEGER; a bigger one is MEMORY (zerocall's fields are at most 8 bytes and
// naturally aligned, so there are no SSEUP, X87 or unaligned cases).
StructPassing ClassifyX64SysV(const StructShape& shape);

}  // namespace zerocall::abi

#endif  // ZEROCALL_ABI_STRUCT_PASSING_H_
