// fast_stub.h: machine-code trampolines ("stubs") that adapt a V8 Fast API call
// (receiver, params..., [options]) to a plain C call target(params...).
// Pure byte generation: every emitter compiles and runs on every host.

#ifndef ZEROCALL_JIT_FAST_STUB_H_
#define ZEROCALL_JIT_FAST_STUB_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "abi/abi.h"
#include "abi/struct_passing.h"

namespace zerocall::jit {

// The C type of one parameter or of the result, as the stub sees it.
// V8 passes bool as a C bool and the 8/16-bit kinds as a 32-bit integer.
enum class StubValue : uint8_t {
  kVoid,  // results only
  kBool,
  kI8,
  kU8,
  kI16,
  kU16,
  kI32,
  kU32,
  kI64,
  kU64,
  kPointer,
  // V8 passes a pointer to a typed-array descriptor { size_t length; void* data; }
  // (FastApiTypedArray, V8 11-12); C gets `data` (kTypedArrayDataOffset).
  kTypedArrayData,
  // V8 passes an opaque 64-bit value (a v8::Local<v8::Value>, V8 13+); the stub
  // calls StubRequest::resolver with it before anything else and C gets the
  // pointer it returns. On failure the stub returns 0 without calling the target
  // (src/jit/resolver.h has the resolver's contract).
  kResolvedPointer,
  // A 64-bit integer, passed like kResolvedPointer (the address of a slot holding
  // a tagged V8 value), with an inline shortcut: when the slot holds a Smi
  // (bit 0 clear) the stub untags it itself, C gets the word shifted right
  // arithmetically by StubRequest::smi_shift and the resolver is not called;
  // any other word goes through the resolver exactly as for kResolvedPointer.
  kResolvedInteger,
  // A struct by value, passed like kResolvedPointer (a v8::Local<v8::Value>
  // the resolver turns into the address of the struct's bytes, or fails); C
  // then gets the struct as the ABI passes it (StubParam::shape has its
  // shape, abi::Abi::classify_struct the rules): its 8-byte parts loaded into
  // registers or copied into stack slots. Refused by ABIs without a classifier.
  kResolvedStruct,
  // A struct by value that V8 passes as a byte typed array (a pointer to a
  // FastApiTypedArray descriptor, as for kTypedArrayData; V8 11-12). At entry
  // the stub requires the descriptor's length to be the struct's size
  // (StubParam::shape), otherwise rejects the param like a checked one
  // (RejectMode::kSetOptionsFlag only); then C gets the struct at `data` as
  // for kResolvedStruct. Refused by ABIs without a classifier.
  kTypedArrayStruct,
  kF32,
  kF64,
};

// How V8 passes one parameter to the stub.
enum class Arrival : uint8_t {
  kNative,  // as the C type says (8/16-bit kinds as a 32-bit integer)
  // A checked double: V8 passes an integer parameter (i8/u8/i16/u16/i32/u32
  // only) as a float64, in the next FP argument register or FP-class stack
  // slot, so that V8 itself needs no range check (V8 13+: declared as kFloat64
  // instead of an integer with kEnforceRange). The stub truncates it toward zero
  // to 64 bits and requires the result to fit int32 (i8/i16/i32) or uint32
  // (u8/u16/u32); NaN and +-Infinity never fit. C gets the result as a native
  // parameter of its kind would arrive (8/16-bit kinds wrap: i8 255.5 -> -1,
  // u8 256 -> 0). A double that does not fit is rejected as
  // StubRequest::reject_mode says (by default the stub tail-calls
  // reject_handler(the param's reject_context, the double) instead of the target, and
  // that call's return goes straight back to V8).
  kCheckedF64,
  // A checked int64: V8 passes the same integer kinds as a 64-bit integer in the
  // next GP argument register or GP-class stack slot, exactly where the native
  // kind would arrive (V8's kInt64 with Number representation: always an exact
  // integer). The stub requires it to fit int32 (i8/i16/i32: equal to its own
  // sign-extended low 32 bits) or uint32 (u8/u16/u32: equal to its zero-extended
  // low 32 bits); C then gets it as a native parameter of its kind would arrive
  // (8/16-bit kinds wrap: i8 255 -> -1, u8 256 -> 0). An int64 that does not fit
  // is rejected as for kCheckedF64 (a handler gets the int64 converted to a
  // double in the current FP rounding mode, to nearest by default).
  // GP-class on both sides: the param takes the same argument
  // locations as kNative, so only the entry check and the reject tail differ.
  kCheckedI64,
};

// What a stub does when a kCheckedF64/kCheckedI64 param does not fit.
enum class RejectMode : uint8_t {
  // Tail-call StubRequest::reject_handler(the param's reject_context, the value as a
  // double); its return goes straight back to V8 (V8 13+: the handler throws).
  kCallHandler,
  // Store 1 in the byte at StubRequest::reject_flag_offset of the options
  // argument and return 0 (V8 11-12: FastApiCallbackOptions::fallback, which
  // makes V8 re-run the call through the slow callback). Needs options_arg.
  kSetOptionsFlag,
};

// Where the length (in elements) and the data pointer sit in the typed-array
// descriptor of kTypedArrayData and kTypedArrayStruct.
inline constexpr uint32_t kTypedArrayLengthOffset = 0;
inline constexpr uint32_t kTypedArrayDataOffset = 8;

// Upper bound on StubRequest::reject_flag_offset (an unsigned 12-bit byte
// offset encodes on every ISA).
inline constexpr uint32_t kMaxRejectFlagOffset = 4095;

// Upper bound on StubRequest::params; longer signatures are refused.
inline constexpr size_t kMaxStubParams = 64;
// Upper bound on the bytes of all struct params of one request
// together: the stub copies them part by part, and must fit a page with room
// to spare whatever else the request holds.
inline constexpr size_t kMaxStubStructBytes = 128;

// One C parameter as the stub receives it from V8 and hands it to C.
struct StubParam {
  StubValue value = StubValue::kVoid;
  Arrival arrival = Arrival::kNative;  // kCheckedF64/kCheckedI64 on i8 u8 i16 u16 i32 u32 only
  // Struct kinds (kResolvedStruct, kTypedArrayStruct): the struct's shape. The
  // resolver's pointer (the typed array's data) must address at least `size`
  // readable bytes; the stub reads none past them.
  abi::StructShape shape;
  // Resolved kinds (kResolvedPointer, kResolvedInteger, kResolvedStruct): the
  // ResolveContext* the stub passes to StubRequest::resolver (nonzero).
  uint64_t resolver_context = 0;
  // Checked arrivals under RejectMode::kCallHandler: the word passed verbatim as
  // the handler's `context` when this param is rejected (any value, 0 included).
  uint64_t reject_context = 0;

  StubParam() = default;
  // A plain param of `value`: the common case, spelled as just the value.
  StubParam(StubValue v) : value(v) {}  // NOLINT(google-explicit-constructor)
  StubParam(StubValue v, Arrival a) : value(v), arrival(a) {}
};

struct StubRequest {
  uint64_t target = 0;        // address of the C function
  // Final address of the stub's first byte, enabling pc-relative branches (x64
  // rel32, a64 b/bl) when the target is in range; 0 = unknown, absolute forms only
  // (position-independent code). A nonzero value never makes a stub longer than 0
  // does, so callers may size a slot with 0 and re-emit for the final address.
  // AArch64 requires it to be 4-byte aligned.
  uint64_t code_address = 0;
  std::vector<StubParam> params;  // C parameters in order (no receiver, no options)
  StubValue result = StubValue::kVoid;
  bool options_arg = false;  // V8 appends FastApiCallbackOptions* as the last GP argument
  // Resolved params only: the resolver routine for the target ISA
  // (zerocall_jit_resolve_x64 / _aarch64, resolver.h).
  uint64_t resolver = 0;
  // kResolvedInteger params only (ignored otherwise): how far a Smi's payload is
  // shifted in a tagged word (v8::internal::kSmiTagSize + kSmiShiftSize: 32 without
  // pointer compression). The stub untags with a 64-bit arithmetic shift, so the
  // whole word must be the sign-extended payload shifted left by this much.
  // Must be 1..63 when a param is kResolvedInteger; otherwise the request is refused.
  uint8_t smi_shift = 0;
  // How a checked param that does not fit is rejected (ignored without
  // kCheckedF64/kCheckedI64 params). kSetOptionsFlag needs options_arg and
  // reject_flag_offset (at most kMaxRejectFlagOffset); reject_handler and the
  // params' reject_context are then ignored. Either way the checks of every param
  // and the resolver calls run at entry in param order, so the first failing param
  // (a rejected double or int64, or a failed resolve) is the one reported, the
  // target is not called, and nothing after it is resolved or checked.
  RejectMode reject_mode = RejectMode::kCallHandler;
  uint32_t reject_flag_offset = 0;
  // kTypedArrayData params only: when set, a descriptor of length 0 is rejected
  // at entry like a checked param (kSetOptionsFlag only), so that the slow
  // callback decides what an empty buffer passes: V8 11-12 give an empty
  // on-heap array's heap address, where the contract passes NULL.
  bool reject_empty_typed_arrays = false;
  // kCallHandler only (required with checked params): the address of a C
  // function `uint64_t handler(uint64_t context, double value)` that throws a
  // JS exception and returns 0; `context` is the rejected param's reject_context.
  uint64_t reject_handler = 0;
  // A variadic target: x86-64 stubs set %al to the number of vector registers
  // the call loads (psABI 3.5.7), which the callee's va_start reads; AAPCS64 on
  // Linux passes variadic arguments like fixed ones, so nothing changes there.
  bool variadic = false;
  // Both nonzero or both 0: after the call the stub copies the 32-bit word at
  // errno_address (the calling thread's errno), zero-extended, into the 64-bit
  // word at errno_slot. Such a stub calls the target in a frame of its own.
  uint64_t errno_address = 0;
  uint64_t errno_slot = 0;
  // The C function returns a struct by value, which V8 cannot take: V8's result
  // is kVoid (`result` must say so) and the last param is a buffer for the
  // struct's bytes (a struct kind whose shape is the result's), resolved or
  // length-checked at entry like any struct param but not a C argument. The
  // stub hands C its address as the hidden result pointer when the ABI returns
  // the struct in memory (x86-64: rdi; AArch64: x8), and otherwise stores the
  // result registers into it after the call (exactly `shape.size` bytes).
  bool struct_result = false;
};

using ArgLocation = abi::ArgLocation;

struct EmittedStub {
  std::vector<uint8_t> code;
  bool tail_call = false;  // true: no frame, the stub jumps to the target
  // Where V8 passes FastApiCallbackOptions* at stub entry (kNone unless options_arg).
  ArgLocation options_location;
};

// x86-64 System V (Linux, macOS Intel, BSDs).
std::optional<EmittedStub> EmitX64SysVStub(const StubRequest& request,
                                           std::string* why_not = nullptr);
// AArch64 AAPCS64 as used on Linux (every stack argument takes an 8-byte slot).
std::optional<EmittedStub> EmitAArch64Stub(const StubRequest& request,
                                           std::string* why_not = nullptr);
// AArch64 with Apple's rules (abi::kAppleArm64: stack arguments packed at their
// natural alignment, V8's as well as C's; variadic targets refused). Not used
// by the addon yet: tested under qemu against Linux, docs/design.md "Porting".
std::optional<EmittedStub> EmitAppleArm64Stub(const StubRequest& request,
                                              std::string* why_not = nullptr);

// True for the kinds passed in FP registers.
bool IsFloatKind(StubValue value);
// True for bool/i8/u8/i16/u16: the kinds a stub extends (params) or normalises (results).
bool IsNarrowKind(StubValue value);
// True for the kinds the stub hands to the resolver routine at entry
// (kResolvedPointer, kResolvedInteger, kResolvedStruct).
bool IsResolvedKind(StubValue value);
// True for the struct kinds (kResolvedStruct, kTypedArrayStruct): routed part
// by part as the ABI's classifier says.
bool IsStructKind(StubValue value);
// True for the kinds that may arrive as Arrival::kCheckedF64 or kCheckedI64
// (i8 u8 i16 u16 i32 u32).
bool IsCheckableKind(StubValue value);
// True for the arrivals the stub range-checks at entry, with a reject tail
// (kCheckedF64, kCheckedI64).
bool IsCheckedArrival(Arrival arrival);
// For a kCheckedF64 or kCheckedI64 param: true when the truncated double or the
// int64 must fit int32 (i8/i16/i32), false for uint32 (u8/u16/u32).
bool IsSignedCheck(StubValue value);

// Short name of an Arrival ("native", "checked_f64", "checked_i64").
const char* ArrivalName(Arrival arrival);

// Short name of a StubValue ("i32", "f64", "ptr", ...), for messages and tests.
const char* StubValueName(StubValue value);

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_FAST_STUB_H_
