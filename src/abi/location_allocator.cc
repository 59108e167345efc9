// See abi.h.
#include "abi/abi.h"

namespace zerocall::abi {

ArgLocation LocationAllocator::Next(bool is_float) {
  uint16_t& used = is_float ? fp_used_ : gp_used_;
  const uint16_t limit = is_float ? abi_->fp_arg_regs : abi_->gp_arg_regs;
  if (used < limit) {
    return {is_float ? ArgLocation::Kind::kFpr : ArgLocation::Kind::kGpr, used++};
  }
  // Every stack argument takes one 8-byte slot, floats and narrow ints included
  // (psABI 3.2.3 eightbytes; AAPCS64 C.16 rounds sizes up to 8 on Linux).
  return {ArgLocation::Kind::kStack, stack_used_++};
}

std::vector<StructPartLocation> LocationAllocator::NextStruct(const StructPassing& passing) {
  uint16_t gp_needed = 0;
  uint16_t fp_needed = 0;
  for (const StructPart& part : passing.parts) ++(part.is_float ? fp_needed : gp_needed);
  const bool in_registers = passing.kind == StructPassing::Kind::kRegisters &&
                            gp_used_ + gp_needed <= abi_->gp_arg_regs &&
                            fp_used_ + fp_needed <= abi_->fp_arg_regs;
  std::vector<StructPartLocation> locations;
  if (in_registers) {
    for (const StructPart& part : passing.parts) locations.push_back({part, Next(part.is_float)});
    return locations;
  }
  if (passing.kind == StructPassing::Kind::kRegisters && passing.stack_closes_registers) {
    if (gp_needed > 0) gp_used_ = abi_->gp_arg_regs;
    if (fp_needed > 0) fp_used_ = abi_->fp_arg_regs;
  }
  const bool own_stack_parts =
      passing.kind == StructPassing::Kind::kRegisters && !passing.stack_parts.empty();
  for (const StructPart& part : own_stack_parts ? passing.stack_parts : passing.parts) {
    locations.push_back({part, {ArgLocation::Kind::kStack, stack_used_++}});
  }
  return locations;
}

}  // namespace zerocall::abi
