// struct_passing_aapcs64.cc: the AAPCS64 (Linux) struct classification
// (5.9.5 "Homogeneous Aggregates", 6.8.2 stages B and C).

#include "abi/struct_passing.h"

#include <algorithm>

namespace zerocall::abi {
namespace {

constexpr uint32_t kDoubleword = 8;
constexpr size_t kMaxHfaMembers = 4;

// 1-4 floats or 1-4 doubles and nothing else. Members of one size, naturally
// aligned, that fill the struct exactly: no padding, so no other field hides.
bool IsHfa(const StructShape& shape) {
  if (shape.fields.empty() || shape.fields.size() > kMaxHfaMembers) return false;
  const uint8_t size = shape.fields.front().size;
  for (const ScalarField& field : shape.fields) {
    if (!field.is_float || field.size != size) return false;
  }
  return shape.fields.size() * size == shape.size;
}

// The struct as it lies in memory, one piece per 8-byte register or slot.
std::vector<StructPart> Doublewords(uint32_t size) {
  std::vector<StructPart> parts;
  for (uint32_t offset = 0; offset < size; offset += kDoubleword) {
    parts.push_back({offset, static_cast<uint8_t>(std::min(kDoubleword, size - offset)), false});
  }
  return parts;
}

}  // namespace

StructPassing ClassifyAapcs64(const StructShape& shape) {
  StructPassing passing;
  passing.stack_closes_registers = true;
  if (IsHfa(shape)) {
    // C.2/C.3: each member in its own s or d register; on the stack the
    // struct is laid out as in memory.
    std::vector<ScalarField> members = shape.fields;
    std::sort(members.begin(), members.end(),
              [](const ScalarField& a, const ScalarField& b) { return a.offset < b.offset; });
    for (const ScalarField& member : members) passing.parts.push_back({member.offset, member.size, true});
    passing.stack_parts = Doublewords(shape.size);
    return passing;
  }
  if (shape.size > 2 * kDoubleword) {
    passing.kind = StructPassing::Kind::kByReference;  // B.4
    passing.stack_closes_registers = false;
    return passing;
  }
  passing.parts = Doublewords(shape.size);  // C.12/C.13, floats included
  return passing;
}

}  // namespace zerocall::abi
