// The entry of a traced fast-call stub (ZEROCALL_TRACE_FAST=1, call/fast_trace.h):
// it stores a constant into a word in memory and jumps to the stub, leaving every
// argument register and stack slot as V8 passed them (the stub itself is the
// untraced one, byte for byte). Scratch registers, free at stub entry since no
// argument travels in them: x86-64 rax and r11; AArch64 x16 and x17 (IP0/IP1).
#pragma once
#include <cstdint>
#include <vector>

namespace zerocall::jit {

struct TracePrefixRequest {
  uint64_t word = 0;   // address of the 8-byte word the prefix stores into
  uint64_t value = 0;  // what it stores there
  uint64_t stub = 0;   // where it continues (AArch64: 4-byte aligned)
  // Final address of the prefix's first byte, enabling a pc-relative jump when the
  // stub is in reach; 0 = unknown (absolute jump). A nonzero value never makes the
  // prefix longer than 0 does (size with 0, then emit for the final address).
  uint64_t code_address = 0;
};

std::vector<uint8_t> EmitX64TracePrefix(const TracePrefixRequest& request);
std::vector<uint8_t> EmitAArch64TracePrefix(const TracePrefixRequest& request);

}  // namespace zerocall::jit
