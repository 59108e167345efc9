// resolver.h: the resolver routines behind StubValue::kResolvedPointer and
// kResolvedInteger, and the C side of their contract. A stub calls the routine
// for its ISA once per kResolvedPointer parameter, and once per kResolvedInteger
// parameter whose slot does not hold a Smi, at entry, before it touches anything
// else; the routine saves the argument registers, calls context->resolve(value,
// context) as a normal C function, restores them and hands back the result.
// `pointer` is then the 64-bit word C gets (an integer for kResolvedInteger). Hand-written
// assembly (resolver_x64.S, resolver_aarch64.S) because its register interface
// is not a C calling convention.

#ifndef ZEROCALL_JIT_RESOLVER_H_
#define ZEROCALL_JIT_RESOLVER_H_

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "abi/host.h"

namespace zerocall::jit {

// What a resolve function returns: the pointer C gets, or failed != 0 (the
// function has thrown a JS exception; the stub returns 0 without calling C).
// Two INTEGER eightbytes: returned in rax:rdx (x86-64 psABI 3.2.3) and x0:x1
// (AAPCS64 6.9, composite of 16 bytes or less).
struct ResolveResult {
  uint64_t pointer;
  uint64_t failed;
};

// The block a StubRequest::resolver_context word points at. Callers embed it as
// the first member of a bigger struct carrying their own fields and cast back
// inside `resolve`. The routines read `resolve` at offset 0.
struct ResolveContext {
  ResolveResult (*resolve)(uint64_t value, const ResolveContext* context);
};

static_assert(sizeof(ResolveResult) == 16 && std::is_trivially_copyable_v<ResolveResult>);
static_assert(offsetof(ResolveContext, resolve) == 0);

}  // namespace zerocall::jit

extern "C" {

// Not callable from C: only their addresses are used, as StubRequest::resolver.
// Each is assembled only for its own ISA (binding.gyp conditions).
//
// x86-64, reached by `call` from a stub that has pushed nothing (rsp = 0 mod 16
// at entry; the routine realigns anyway):
//   in:  r10 = value, r11 = const ResolveContext*
//   out: r10 = pointer, r11 = failed (nonzero = failure)
//   preserves rdi rsi rdx rcx r8 r9, xmm0-xmm7 (all 128 bits), rsp and the
//   callee-saved registers; clobbers rax and the other caller-saved registers.
void zerocall_jit_resolve_x64();
//
// AArch64, reached by `adr x17, <after>; br x16` (x30 still holds the stub's
// own return address):
//   in:  x9 = value, x10 = const ResolveContext*, x17 = return address
//   out: x9 = pointer, x10 = failed (nonzero = failure); returns with `br x17`
//   preserves x0-x8, x30, q0-q7 (all 128 bits), sp and the callee-saved
//   registers; clobbers x16, x17 and the other caller-saved registers.
void zerocall_jit_resolve_aarch64();

}  // extern "C"

namespace zerocall::jit {

// The host ISA's resolver routine, as a StubRequest::resolver value (only the
// host's routine is assembled: the other branch is discarded).
inline uint64_t HostResolver() {
  if constexpr (abi::kHostIsa == abi::Isa::kX64) {
    return reinterpret_cast<uintptr_t>(&zerocall_jit_resolve_x64);
  } else {
    return reinterpret_cast<uintptr_t>(&zerocall_jit_resolve_aarch64);
  }
}

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_RESOLVER_H_
