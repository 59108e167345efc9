// See fast_host.h.
#include "call/fast_host.h"

#include <cstring>
#include <v8.h>

#include "abi/host.h"
#include "jit/exec_memory.h"
#include "util/jit_setting.h"
#include "v8abi/fast_api.h"

namespace zerocall {

namespace {

bool RunningV8MatchesHeaders() {
  const std::string expected = std::string(v8abi::CompiledV8Version()) + ".";
  return std::strncmp(v8::V8::GetVersion(), expected.c_str(), expected.size()) == 0;
}

// A Smi's payload sits in the upper 32 bits of a tagged word when V8 is built
// without pointer compression (Node's builds): the stub can then untag small
// integers inline instead of calling the resolver. 0 = no such shortcut.
constexpr uint8_t SmiShiftForStubs() {
#if defined(V8_ENABLE_DIRECT_HANDLE)
  return 0;  // a Local would hold the value itself, not a slot's address
#else
  constexpr int shift = v8::internal::kSmiTagSize + v8::internal::kSmiShiftSize;
  return shift == 32 ? static_cast<uint8_t>(shift) : 0;
#endif
}

}  // namespace

const char* FastPathDisabledReason() {
  static const char* const reason = []() -> const char* {
    if (!ZEROCALL_FAST_API) return "no verified Fast API layout for this V8";
    if (JitDisabledByEnvironment()) return "the fast path is disabled (ZEROCALL_JIT=0)";
    if (!RunningV8MatchesHeaders()) return "the running V8 is not the one zerocall was built for";
    if (!jit::ExecArena::ProcessAllowsExecutableMemory()) return "executable memory is refused";
    return nullptr;
  }();
  return reason;
}

FastCallTarget HostFastCallTarget() {
#if ZEROCALL_FAST_API
  return {v8abi::kTraits, &abi::kHostAbi, SmiShiftForStubs()};
#else
  return {};
#endif
}

std::optional<jit::EmittedStub> EmitHostStub(const jit::StubRequest& request, std::string* why_not) {
  if constexpr (abi::kHostIsa == abi::Isa::kX64) {
    return jit::EmitX64SysVStub(request, why_not);
  } else {
    return jit::EmitAArch64Stub(request, why_not);
  }
}

std::vector<uint8_t> EmitHostClosedStub(const jit::ClosedStubArgument& argument, uint64_t handler) {
  if constexpr (abi::kHostIsa == abi::Isa::kX64) {
    return jit::EmitX64ClosedStub(argument, handler);
  } else {
    return jit::EmitAArch64ClosedStub(argument, handler);
  }
}

}  // namespace zerocall
