// golden_fixed_code.cc: the closed stubs and callback thunks behind the last
// cases of each golden listing. Each closed stub loads the handler's argument
// from one place (a constant, a register, a V8 stack slot); the thunks read a
// data page 4 KiB and 64 KiB (AArch64's largest page) above them.

#include <cstdio>
#include <optional>

#include "callback/callback_thunks.h"
#include "golden_cases.h"
#include "jit/closed_stub.h"

namespace zerocall::jit::test {
namespace {

using ClosedEmitter = std::vector<uint8_t> (*)(const ClosedStubArgument&, uint64_t);
using ThunkEmitter = std::optional<ThunkCode> (*)(uint32_t);

GoldenCode Closed(const std::string& name, ClosedEmitter emit, const ClosedStubArgument& argument) {
  char what[96];
  if (argument.is_constant) {
    std::snprintf(what, sizeof what, "constant 0x%llx", static_cast<unsigned long long>(argument.constant));
  } else {
    std::snprintf(what, sizeof what, "%s %u",
                  argument.location.kind == ArgLocation::Kind::kGpr ? "register" : "V8 stack slot",
                  static_cast<unsigned>(argument.location.index));
  }
  std::vector<uint8_t> code = emit(argument, kGoldenRejectHandler);
  char description[192];
  std::snprintf(description, sizeof description, "closed stub: handler(%s) handler=0x%llx size=%zu", what,
                static_cast<unsigned long long>(kGoldenRejectHandler), code.size());
  return {name, description, std::move(code)};
}

GoldenCode Thunk(const std::string& name, ThunkEmitter emit, uint32_t data_distance) {
  const std::optional<ThunkCode> thunk = emit(data_distance);
  char description[128];
  std::snprintf(description, sizeof description, "callback thunk: {context, entry} at +0x%x size=16",
                data_distance);
  return {name, description, thunk ? std::vector<uint8_t>(thunk->begin(), thunk->end()) : std::vector<uint8_t>{}};
}

ClosedStubArgument From(ArgLocation::Kind kind, uint16_t index) {
  ClosedStubArgument argument;
  argument.is_constant = false;
  argument.location = ArgLocation{kind, index};
  return argument;
}

}  // namespace

std::vector<GoldenCode> GoldenFixedCodeFor(const std::string& abi) {
  if (abi == "apple_arm64") return {};
  const bool x64 = abi == "x64_sysv";
  const ClosedEmitter closed = x64 ? EmitX64ClosedStub : EmitAArch64ClosedStub;
  const ThunkEmitter thunk = x64 ? X64CallbackThunk : A64CallbackThunk;
  ClosedStubArgument key;
  key.constant = kGoldenRejectContext;
  return {
      // V8 13+: the handler throws "<key>: library is closed".
      Closed("closed_constant", closed, key),
      // V8 11-12: the options pointer V8 passed (here its 4th GP register, or
      // the third stack slot), whose fallback flag the handler sets.
      Closed("closed_options_register", closed, From(ArgLocation::Kind::kGpr, 3)),
      Closed("closed_options_stack", closed, From(ArgLocation::Kind::kStack, 2)),
      Thunk("callback_thunk_4k", thunk, 0x1000),
      Thunk("callback_thunk_64k", thunk, 0x10000),
  };
}

}  // namespace zerocall::jit::test
