// ZEROCALL_JIT=0 in the environment: no machine code is made at run time (no fast-call
// stubs, no callback thunks); every call takes the general path and callbacks use
// libffi closures.
#pragma once
#include <cstdlib>
#include <cstring>

namespace zerocall {

inline bool JitDisabledByEnvironment() {
  static const bool disabled = [] {
    const char* setting = std::getenv("ZEROCALL_JIT");
    return setting != nullptr && std::strcmp(setting, "0") == 0;
  }();
  return disabled;
}

}  // namespace zerocall
