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
  // 1..8; less than 8 only for the last part of a struct, or for a float of
  // an AAPCS64 HFA (4 bytes: an s register)
  uint8_t bytes;
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
    // A copy of the struct made by the caller, its address in the next GP
    // register or stack slot (AAPCS64 B.4: composites over 16 bytes that are
    // not HFAs). `parts` is empty.
    kByReference,
  };
  Kind kind = Kind::kRegisters;
  // kRegisters/kStack: the pieces covering the struct, in order: 8-byte pieces,
  // or one per member of an AAPCS64 HFA.
  std::vector<StructPart> parts;
  // kRegisters: the pieces when the struct goes on the stack after all, one per
  // 8-byte slot; empty when they are `parts` (x86-64).
  std::vector<StructPart> stack_parts;
  // kRegisters: a struct that goes on the stack uses up the registers of its
  // class, so later arguments of that class go on the stack too (AAPCS64 C.3
  // NSRN = 8, C.13 NGRN = 8); x86-64 leaves them for later arguments.
  bool stack_closes_registers = false;

  friend bool operator==(const StructPassing&, const StructPassing&) = default;
};

// x86-64 System V psABI 3.2.3: a struct of up to 16 bytes is split into
// eightbytes, each SSE when every field in it is a float or double, else
// INTEGER; a bigger one is MEMORY (zerocall's fields are at most 8 bytes and
// naturally aligned, so there are no SSEUP, X87 or unaligned cases).
StructPassing ClassifyX64SysV(const StructShape& shape);

// AAPCS64 (Linux) 5.9.5 and 6.8.2: an HFA (1-4 members, all float or all
// double, nested structs flattened) takes one FP register per member; any
// other struct of up to 16 bytes one GP register per 8 bytes; a bigger one is
// passed by reference to a copy. zerocall's fields are at most 8-byte aligned,
// so C.10's even-NGRN rule for 16-byte-aligned structs never applies.
StructPassing ClassifyAapcs64(const StructShape& shape);

}  // namespace zerocall::abi

#endif  // ZEROCALL_ABI_STRUCT_PASSING_H_
