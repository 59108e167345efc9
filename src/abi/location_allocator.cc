// See abi.h.
#include "abi/abi.h"

namespace zerocall::abi {
namespace {

// An AAPCS64 HFA: passed in registers, one FP register per member.
bool IsHfa(const StructPassing& passing) {
  if (passing.kind != StructPassing::Kind::kRegisters || passing.parts.empty()) return false;
  for (const StructPart& part : passing.parts) {
    if (!part.is_float) return false;
  }
  return true;
}

}  // namespace

ArgLocation LocationAllocator::Next(bool is_float, uint32_t bytes) {
  uint16_t& used = is_float ? fp_used_ : gp_used_;
  const uint16_t limit = is_float ? abi_->fp_arg_regs : abi_->gp_arg_regs;
  if (used < limit) {
    return {is_float ? ArgLocation::Kind::kFpr : ArgLocation::Kind::kGpr, used++};
  }
  // Apple arm64: the argument's own size at its natural alignment.
  if (abi_->packs_stack_arguments) return NextStack(bytes, bytes);
  // Linux: every stack argument takes one 8-byte slot, floats and narrow ints
  // included (psABI 3.2.3 eightbytes; AAPCS64 C.16 rounds sizes up to 8).
  return {ArgLocation::Kind::kStack, stack_used_++};
}

ArgLocation LocationAllocator::NextVariadic(bool is_float) {
  if (!abi_->variadic_arguments_on_stack) return Next(is_float);
  // Apple arm64: registers are for the fixed arguments only; each variadic one
  // is promoted to an 8-byte slot so va_arg can step by 8.
  return abi_->packs_stack_arguments ? NextStack(8, 8) : ArgLocation{ArgLocation::Kind::kStack, stack_used_++};
}

ArgLocation LocationAllocator::NextStack(uint32_t bytes, uint32_t align) {
  const uint32_t offset = (stack_used_ + align - 1) / align * align;
  stack_used_ = static_cast<uint16_t>(offset + bytes);
  return {ArgLocation::Kind::kStack, static_cast<uint16_t>(offset)};
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
  if (abi_->packs_stack_arguments && IsHfa(passing)) {
    // Apple arm64 keeps an HFA on the stack packed like its members (clang's
    // Darwin lowering: an array of floats or doubles at the member's
    // alignment), so a 3-float HFA takes 12 bytes at a multiple of 4.
    for (const StructPart& part : passing.parts) locations.push_back({part, NextStack(part.bytes, part.bytes)});
    return locations;
  }
  // One 8-byte slot per part otherwise, also with packing: a composite's size
  // is rounded up to 8 (AAPCS64 B.5) and zerocall's fields are at most
  // 8-aligned, so each part starts at a multiple of 8.
  for (const StructPart& part : own_stack_parts ? passing.stack_parts : passing.parts) {
    locations.push_back({part, abi_->packs_stack_arguments ? NextStack(8, 8)
                                                           : ArgLocation{ArgLocation::Kind::kStack, stack_used_++}});
  }
  return locations;
}

}  // namespace zerocall::abi
