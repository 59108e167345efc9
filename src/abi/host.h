// host.h: the one place that asks which CPU this build runs on. Everything else
// uses kHostIsa / kHostAbi (with `if constexpr` where code differs), so a port adds
// a branch here and its ABI description in abi.h.

#ifndef ZEROCALL_ABI_HOST_H_
#define ZEROCALL_ABI_HOST_H_

#include "abi/abi.h"

namespace zerocall::abi {

enum class Isa : uint8_t { kX64, kArm64 };

#if defined(__x86_64__)
inline constexpr Isa kHostIsa = Isa::kX64;
inline constexpr const Abi& kHostAbi = kX64SysV;
#elif defined(__aarch64__)
inline constexpr Isa kHostIsa = Isa::kArm64;
inline constexpr const Abi& kHostAbi = kAapcs64;
#else
#error "zerocall: no ABI description for this CPU (see src/abi/host.h)"
#endif

}  // namespace zerocall::abi

#endif  // ZEROCALL_ABI_HOST_H_
