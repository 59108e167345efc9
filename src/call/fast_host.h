// fast_host.h: what this build and process can do on the fast path: the running
// V8's traits and the host ABI for the planner (fast_plan.h), whether fast calls are
// on at all, and the host ISA's stub emitters.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "call/fast_plan.h"
#include "jit/closed_stub.h"
#include "jit/fast_stub.h"

namespace zerocall {

// Why the fast path is off in this process, or null: ZEROCALL_JIT=0, executable
// memory refused, or a running V8 other than the one the addon was compiled for
// (or one whose Fast API layout zerocall has not verified).
const char* FastPathDisabledReason();

// The planner's view of this process (valid when FastPathDisabledReason() is null).
FastCallTarget HostFastCallTarget();

std::optional<jit::EmittedStub> EmitHostStub(const jit::StubRequest& request, std::string* why_not);
std::vector<uint8_t> EmitHostClosedStub(const jit::ClosedStubArgument& argument, uint64_t handler);

}  // namespace zerocall
