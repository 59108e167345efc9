// struct_passing_x64_sysv.cc: the x86-64 System V struct classification
// (psABI 3.2.3, "Classification" and the post-merger cleanup).

#include "abi/struct_passing.h"

#include <algorithm>

namespace zerocall::abi {

StructPassing ClassifyX64SysV(const StructShape& shape) {
  constexpr uint32_t kEightbyte = 8;
  StructPassing passing;
  // Larger than two eightbytes with no SSEUP part: the whole struct is MEMORY.
  passing.kind = shape.size > 2 * kEightbyte ? StructPassing::Kind::kStack
                                             : StructPassing::Kind::kRegisters;
  for (uint32_t offset = 0; offset < shape.size; offset += kEightbyte) {
    const auto bytes = static_cast<uint8_t>(std::min(kEightbyte, shape.size - offset));
    // Merging (rule 4): INTEGER wins over SSE, so an eightbyte is SSE only when
    // it holds floats alone. Padding alone never fills an eightbyte (no field
    // is aligned to more than 8), so NO_CLASS does not occur.
    bool any_float = false;
    bool any_integer = false;
    for (const ScalarField& field : shape.fields) {
      if (field.offset / kEightbyte != offset / kEightbyte) continue;
      (field.is_float ? any_float : any_integer) = true;
    }
    const bool sse = passing.kind == StructPassing::Kind::kRegisters && any_float && !any_integer;
    passing.parts.push_back({offset, bytes, sse});
  }
  return passing;
}

}  // namespace zerocall::abi
