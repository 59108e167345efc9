// The V8 Fast API type numbers shared by every supported V8 version (11.3 to 14.6).
// Node ships no v8-fast-api-calls.h, so zerocall declares the layouts itself; the
// per-version files (v8_11.h ... v8_14.h) hold what differs. Numbers were read off
// the node binaries (see shared/design/v8-fast-api.md); V8 10.x numbered differently.
#pragma once
#include <cstdint>

namespace zerocall::v8abi {

enum class CType : uint8_t {
  kVoid = 0,
  kBool = 1,
  kUint8 = 2,
  kInt32 = 3,
  kUint32 = 4,
  kInt64 = 5,
  kUint64 = 6,
  kFloat32 = 7,
  kFloat64 = 8,
  kPointer = 9,
  kV8Value = 10,
  kSeqOneByteString = 11,
  kApiObject = 12,
  kAny = 13,
  kCallbackOptions = 255,  // CTypeInfo::kCallbackOptionsType
};

// CTypeInfo::Flags.
enum TypeFlags : uint8_t {
  kFlagNone = 0,
  kFlagAllowShared = 1 << 0,
  // Out-of-range, NaN and infinite numbers take the slow callback instead of
  // wrapping silently (measured on 11.3-14.6); fractions are still truncated.
  kFlagEnforceRange = 1 << 1,
  kFlagClamp = 1 << 2,
  kFlagIsRestricted = 1 << 3,
};

// CFunctionInfo::Int64Representation (V8 >= 12).
enum class Int64Representation : uint8_t { kNumber = 0, kBigInt = 1 };

}  // namespace zerocall::v8abi
