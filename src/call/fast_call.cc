// See fast_call.h.
#include "call/fast_call.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include "call/fast_trace.h"
#include "call/value_argument.h"
#include "jit/closed_stub.h"
#include "util/jit_setting.h"
#include "jit/resolver.h"
#include "jit/stub_plan.h"
#include "jit/exec_memory.h"
#include "jit/fast_stub.h"
#include "util/js_errors.h"
#include "v8abi/fast_api.h"

namespace zerocall {

#if ZEROCALL_FAST_API

namespace {

using v8abi::CType;

// The fast call runs after close(): throw the closed-library error through the
// isolate (V8 >= 12.6 checks for an exception after every fast call).
uint64_t ThrowLibraryClosed(const std::string* key) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::HandleScope scope(isolate);
  ThrowError(isolate, *key + ": library is closed");
  return 0;
}

// The fast call runs after close() on V8 < 12.6: ask V8 to re-run the call on the
// general path, which throws the closed-library error.
uint64_t FallBackToGeneralPath(v8abi::FastApiCallbackOptions* options) {
  v8abi::RequestFallback(options);
  return 0;
}

// Integer parameters declare EnforceRange so that NaN, infinities and values past
// 32 bits leave the fast path (the general path then throws) instead of wrapping.
v8abi::CTypeInfo ParameterTypeInfo(NativeType type) {
  switch (type) {
    case NativeType::kU8:
    case NativeType::kU16:
    case NativeType::kU32: return v8abi::MakeTypeInfo(CType::kUint32, v8abi::kFlagEnforceRange);
    case NativeType::kI8:
    case NativeType::kI16:
    case NativeType::kI32: return v8abi::MakeTypeInfo(CType::kInt32, v8abi::kFlagEnforceRange);
    case NativeType::kU64:
    case NativeType::kUsize: return v8abi::MakeTypeInfo(CType::kUint64, v8abi::kFlagNone);
    case NativeType::kI64:
    case NativeType::kIsize: return v8abi::MakeTypeInfo(CType::kInt64, v8abi::kFlagNone);
    case NativeType::kF32: return v8abi::MakeTypeInfo(CType::kFloat32, v8abi::kFlagNone);
    case NativeType::kF64: return v8abi::MakeTypeInfo(CType::kFloat64, v8abi::kFlagNone);
    case NativeType::kPointer:
    case NativeType::kFunction: return v8abi::MakeTypeInfo(CType::kPointer, v8abi::kFlagNone);
    case NativeType::kBuffer:  // only as a result (parameters: see ParameterDelivery)
      return v8abi::MakeTypeInfo(CType::kPointer, v8abi::kFlagNone);
    case NativeType::kBool: return v8abi::MakeTypeInfo(CType::kBool, v8abi::kFlagNone);
    case NativeType::kVoid:
    case NativeType::kStruct:  // parameters: see ParameterDelivery; never a fast result
      return v8abi::MakeTypeInfo(CType::kVoid, v8abi::kFlagNone);
  }
  return v8abi::MakeTypeInfo(CType::kVoid, v8abi::kFlagNone);
}

// Narrow results are returned as 32-bit values (the stub normalises them); a
// buffer result is a plain pointer.
v8abi::CTypeInfo ResultTypeInfo(NativeType type) {
  if (type == NativeType::kBool) return v8abi::MakeTypeInfo(CType::kBool, v8abi::kFlagNone);
  if (IsAddressKind(type)) return v8abi::MakeTypeInfo(CType::kPointer, v8abi::kFlagNone);
  v8abi::CTypeInfo info = ParameterTypeInfo(type);
  info.flags = v8abi::kFlagNone;
  return info;
}

static_assert(offsetof(v8abi::FastApiTypedArrayLayout, data) == jit::kTypedArrayDataOffset);

jit::StubValue StubValueOf(NativeType type) {
  switch (type) {
    case NativeType::kVoid: return jit::StubValue::kVoid;
    case NativeType::kBool: return jit::StubValue::kBool;
    case NativeType::kU8: return jit::StubValue::kU8;
    case NativeType::kI8: return jit::StubValue::kI8;
    case NativeType::kU16: return jit::StubValue::kU16;
    case NativeType::kI16: return jit::StubValue::kI16;
    case NativeType::kU32: return jit::StubValue::kU32;
    case NativeType::kI32: return jit::StubValue::kI32;
    case NativeType::kU64:
    case NativeType::kUsize: return jit::StubValue::kU64;
    case NativeType::kI64:
    case NativeType::kIsize: return jit::StubValue::kI64;
    case NativeType::kF32: return jit::StubValue::kF32;
    case NativeType::kF64: return jit::StubValue::kF64;
    case NativeType::kPointer:
    case NativeType::kBuffer:
    case NativeType::kFunction: return jit::StubValue::kPointer;
    case NativeType::kStruct: return jit::StubValue::kVoid;  // see ParameterStubValue
  }
  return jit::StubValue::kVoid;
}

// How the fast path receives a parameter.
enum class Delivery {
  kDirect,      // as its C type
  kTypedArray,  // a Uint8Array's FastApiTypedArray (V8 11-12 buffers)
  kResolved,    // a v8::Local<v8::Value> the stub resolves (value_argument.h, V8 13+)
  kCheckedDouble,  // an 8/16/32-bit integer as a double the stub truncates and range-checks
  kCheckedInt64,   // an 8/16/32-bit integer as an exact int64 the stub range-checks
  kTypedArrayStruct,  // a struct as a Uint8Array's FastApiTypedArray (V8 11-12)
};

// V8 13+ no longer passes buffers; and a 64-bit parameter declared as BigInt sends
// every number argument to the slow callback, so where the result does not need the
// BigInt representation the stub resolves 64-bit parameters itself (numbers and
// bigints both stay fast). With a 64-bit result, V8's inline BigInt lowering wins.
// 64-bit values cross the fast path as BigInts only where the result is 64-bit.
// Otherwise they are numbers: V8 then passes integral numbers in range as they are
// and sends fractions, NaN, infinities, out-of-range numbers and BigInts to the slow
// callback (measured on 11.3-14.6), which is exactly where the general path's rules
// take over.
v8abi::Int64Representation Int64RepresentationOf(const Signature& signature) {
  return IsInt64Kind(signature.result) ? v8abi::Int64Representation::kBigInt
                                       : v8abi::Int64Representation::kNumber;
}

bool IsSmallInteger(NativeType type) {
  return type == NativeType::kI8 || type == NativeType::kU8 || type == NativeType::kI16 ||
         type == NativeType::kU16 || type == NativeType::kI32 || type == NativeType::kU32;
}

Delivery ParameterDelivery(NativeType type, const Signature& signature) {
  // Structs are fast only where the stub passes them (fast_eligibility.cc): resolved
  // values on V8 13+, Uint8Arrays of the struct's size before.
  if (type == NativeType::kStruct) {
    return v8abi::kTraits.value_arguments ? Delivery::kResolved : Delivery::kTypedArrayStruct;
  }
  if (type == NativeType::kBuffer) {
    return v8abi::kTraits.typed_array_arguments ? Delivery::kTypedArray : Delivery::kResolved;
  }
  if (IsInt64Kind(type) && v8abi::kTraits.value_arguments && !IsInt64Kind(signature.result)) {
    return Delivery::kResolved;
  }
  // V8 charges about 1 ns per argument for kEnforceRange (12.4-14.6); a value checked
  // in the stub gives the same results and errors for a fraction of it.
  // Where the function has no 64-bit result (Number representation), V8 passes an
  // integral number exactly as an int64 and sends fractions to the slow callback (the
  // general path truncates them): cheapest for integers. Otherwise a double (V8 13+;
  // on V8 12 such functions keep kEnforceRange). A value out of range throws from the
  // stub where fast calls can throw (V8 13+), else sets the options' fallback flag.
  if (!IsSmallInteger(type)) return Delivery::kDirect;
  if (!IsInt64Kind(signature.result)) return Delivery::kCheckedInt64;
  return v8abi::kTraits.value_arguments ? Delivery::kCheckedDouble : Delivery::kDirect;
}

v8abi::CTypeInfo ParameterTypeInfo(NativeType type, Delivery delivery) {
  switch (delivery) {
    case Delivery::kTypedArray:
    case Delivery::kTypedArrayStruct: return v8abi::MakeTypedArrayTypeInfo(CType::kUint8);
    case Delivery::kResolved: return v8abi::MakeTypeInfo(CType::kV8Value, v8abi::kFlagNone);
    case Delivery::kCheckedDouble: return v8abi::MakeTypeInfo(CType::kFloat64, v8abi::kFlagNone);
    case Delivery::kCheckedInt64: return v8abi::MakeTypeInfo(CType::kInt64, v8abi::kFlagNone);
    case Delivery::kDirect: break;
  }
  return ParameterTypeInfo(type);
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

jit::StubValue ParameterStubValue(NativeType type, Delivery delivery) {
  switch (delivery) {
    case Delivery::kTypedArray: return jit::StubValue::kTypedArrayData;
    case Delivery::kTypedArrayStruct: return jit::StubValue::kTypedArrayStruct;
    case Delivery::kResolved:
      if (type == NativeType::kStruct) return jit::StubValue::kResolvedStruct;
      if (type != NativeType::kBuffer && SmiShiftForStubs() != 0) {
        return jit::StubValue::kResolvedInteger;
      }
      return jit::StubValue::kResolvedPointer;
    case Delivery::kCheckedDouble:
    case Delivery::kCheckedInt64:
    case Delivery::kDirect: break;
  }
  return StubValueOf(type);
}

// A struct's scalar fields at their offsets in the outermost struct, for the
// ABI's classifier (src/abi/struct_passing.h).
void FlattenStruct(const StructLayout& layout, uint32_t base, std::vector<abi::ScalarField>* out) {
  for (const StructLayout::Field& field : layout.fields) {
    const auto offset = static_cast<uint32_t>(base + field.offset);
    if (field.nested) {
      FlattenStruct(*field.nested, offset, out);
    } else {
      out->push_back({offset, static_cast<uint8_t>(NativeTypeSize(field.type)),
                      field.type == NativeType::kF32 || field.type == NativeType::kF64});
    }
  }
}

abi::StructShape StructShapeOf(const StructLayout& layout) {
  abi::StructShape shape;
  shape.size = static_cast<uint32_t>(layout.size);
  FlattenStruct(layout, 0, &shape.fields);
  return shape;
}

// The host ISA's emitters (binding.gyp defines ZEROCALL_ARCH_*).
std::optional<jit::EmittedStub> EmitHostStub(const jit::StubRequest& request, std::string* why_not) {
#if defined(ZEROCALL_ARCH_X64)
  return jit::EmitX64SysVStub(request, why_not);
#elif defined(ZEROCALL_ARCH_ARM64)
  return jit::EmitAArch64Stub(request, why_not);
#else
  *why_not = "no fast-call emitter is enabled for this CPU yet";
  return std::nullopt;
#endif
}

std::vector<uint8_t> EmitHostClosedStub(const jit::ClosedStubArgument& argument, uint64_t handler) {
#if defined(ZEROCALL_ARCH_X64)
  return jit::EmitX64ClosedStub(argument, handler);
#elif defined(ZEROCALL_ARCH_ARM64)
  return jit::EmitAArch64ClosedStub(argument, handler);
#else
  return {};
#endif
}

// V8 reads a function's CFunctionInfo from background compile threads, also while a
// worker's environment is being torn down (after zerocall's cleanup hook has run), so
// CFunctionInfos are never freed: they are interned per distinct signature, process-wide.
const v8abi::CFunctionInfo* InternFunctionInfo(v8abi::CTypeInfo result,
                                               const std::vector<v8abi::CTypeInfo>& args,
                                               v8abi::Int64Representation repr) {
  struct Interned {
    std::vector<v8abi::CTypeInfo> args;
    v8abi::CFunctionInfo info;
  };
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Interned>>* table =
      new std::map<std::string, std::unique_ptr<Interned>>();  // never destroyed, see above
  std::string key(reinterpret_cast<const char*>(&result), sizeof result);
  key += static_cast<char>(repr);
  key.append(reinterpret_cast<const char*>(args.data()), args.size() * sizeof args[0]);
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Interned>& slot = (*table)[key];
  if (!slot) {
    slot = std::make_unique<Interned>();
    slot->args = args;
    std::memset(&slot->info, 0, sizeof slot->info);
    slot->info.return_info = result;
    slot->info.repr = repr;  // a padding byte on V8 11.3, which always uses numbers
    slot->info.arg_count = static_cast<uint32_t>(slot->args.size());
    slot->info.arg_info = slot->args.data();
  }
  return &slot->info;
}

bool RunningV8MatchesHeaders() {
  std::string expected =
      std::to_string(V8_MAJOR_VERSION) + "." + std::to_string(V8_MINOR_VERSION) + ".";
  return std::strncmp(v8::V8::GetVersion(), expected.c_str(), expected.size()) == 0;
}

}  // namespace

struct FastBinding::Layout {
  v8abi::CFunction cfunction;  // V8 copies the address and the (interned) info pointer
  uint8_t* stub = nullptr;
  size_t reserved = 0;         // bytes at `stub`: room for any form of either stub
  jit::StubRequest request;  // what the stub was emitted from
  // Safety: the stub embeds these addresses; they live as long as the stub.
  std::vector<std::unique_ptr<ValueArgumentContext>> value_contexts;
};

FastApiCapabilities CurrentFastApiCapabilities() {
  FastApiCapabilities capabilities;
  capabilities.available = FastPathEnabledInProcess();
  capabilities.bigint_arguments = v8abi::kTraits.bigint_arguments;
  capabilities.int64_results = v8abi::kTraits.int64_results;
  capabilities.reentrant_calls = v8abi::kTraits.throws_through_isolate;
  capabilities.typed_array_arguments = v8abi::kTraits.typed_array_arguments;
  capabilities.value_arguments = v8abi::kTraits.value_arguments;
  // Structs are resolved values (V8 13+) or Uint8Arrays (V8 11-12), passed on by an
  // ISA's stub that classifies them.
#if defined(ZEROCALL_ARCH_X64) || defined(ZEROCALL_ARCH_ARM64)
  capabilities.struct_arguments = v8abi::kTraits.value_arguments || v8abi::kTraits.typed_array_arguments;
#endif
  return capabilities;
}

const char* FastPathDisabledReason() {
  static const char* const reason = []() -> const char* {
    if (JitDisabledByEnvironment()) return "the fast path is disabled (ZEROCALL_JIT=0)";
#if !defined(ZEROCALL_ARCH_X64) && !defined(ZEROCALL_ARCH_ARM64)
    return "no fast-call emitter is enabled for this CPU yet";
#endif
    if (!RunningV8MatchesHeaders()) return "the running V8 is not the one zerocall was built for";
    if (!jit::ExecArena::ProcessAllowsExecutableMemory()) return "executable memory is refused";
    return nullptr;
  }();
  return reason;
}

bool FastPathEnabledInProcess() { return FastPathDisabledReason() == nullptr; }

std::unique_ptr<FastBinding> FastBinding::Create(jit::ExecArena* arena, const Signature& signature,
                                                 void* target, bool may_call_back, bool closable,
                                                 const std::string* key,
                                                 std::string* why_not) {
  if (const char* disabled = FastPathDisabledReason()) {
    *why_not = disabled;
    return nullptr;
  }
  if (const char* blocker = FastPathBlocker(signature, may_call_back, CurrentFastApiCapabilities())) {
    *why_not = blocker;
    return nullptr;
  }
  // Before V8 12.6 the only way out of a fast call is the fallback flag: a closed
  // stub and a rejected integer set it in the options argument, and the slow
  // callback then throws. Later versions throw from the stub.
  constexpr bool kFallbackRejects = !v8abi::kTraits.throws_through_isolate;

  jit::StubRequest request;
  request.target = reinterpret_cast<uint64_t>(target);
  request.result = StubValueOf(signature.result);
  // Resolved and checked parameters each get a context: what the resolver or the
  // reject handler needs for the general path's conversion or error message.
  std::vector<std::unique_ptr<ValueArgumentContext>> value_contexts;
  bool resolved = false;
  bool checked = false;
  bool has_struct = false;
  bool typed_array_struct = false;  // a struct whose wrong length the stub rejects
  bool typed_array_buffer = false;  // a buffer the stub rejects when empty (see below)
  for (size_t i = 0; i < signature.params.size(); i++) {
    const NativeType type = signature.params[i];
    const Delivery delivery = ParameterDelivery(type, signature);
    request.params.push_back(ParameterStubValue(type, delivery));
    const bool checked_here = delivery == Delivery::kCheckedDouble || delivery == Delivery::kCheckedInt64;
    request.arrivals.push_back(delivery == Delivery::kCheckedDouble  ? jit::Arrival::kCheckedF64
                               : delivery == Delivery::kCheckedInt64 ? jit::Arrival::kCheckedI64
                                                                     : jit::Arrival::kNative);
    uint64_t word = 0;
    const std::shared_ptr<const StructLayout> layout =
        i < signature.param_structs.size() ? signature.param_structs[i] : nullptr;
    request.structs.push_back(layout ? StructShapeOf(*layout) : abi::StructShape{});
    has_struct = has_struct || layout != nullptr;
    typed_array_struct = typed_array_struct || delivery == Delivery::kTypedArrayStruct;
    typed_array_buffer = typed_array_buffer || delivery == Delivery::kTypedArray;
    if (layout && delivery == Delivery::kResolved) {
      value_contexts.push_back(std::make_unique<ValueArgumentContext>(
          MakeStructArgumentContext(key, static_cast<uint32_t>(i), layout)));
      word = reinterpret_cast<uint64_t>(value_contexts.back().get());
    } else if (delivery == Delivery::kResolved || (checked_here && !kFallbackRejects)) {
      value_contexts.push_back(std::make_unique<ValueArgumentContext>(
          MakeValueArgumentContext(key, static_cast<uint32_t>(i), type)));
      word = reinterpret_cast<uint64_t>(value_contexts.back().get());
    }
    request.resolver_context.push_back(delivery == Delivery::kResolved ? word : 0);
    request.reject_context.push_back(checked_here ? word : 0);
    resolved = resolved || delivery == Delivery::kResolved;
    checked = checked || checked_here;
  }
  if (resolved) {
    request.resolver = jit::HostResolver();
    request.smi_shift = SmiShiftForStubs();
  } else {
    request.resolver_context.clear();
  }
  if (!has_struct) request.structs.clear();
  // V8 11-12 pass an empty on-heap Uint8Array's heap address; the slow callback
  // passes what the general path does (NULL, or a view's address).
  request.reject_empty_typed_arrays = typed_array_buffer;
  const bool rejects = checked || typed_array_struct || typed_array_buffer;
  if (!checked) request.arrivals.clear();
  if (rejects && kFallbackRejects) {
    request.reject_mode = jit::RejectMode::kSetOptionsFlag;
    request.reject_flag_offset = v8abi::FallbackFlagOffset<v8abi::FastApiCallbackOptions>();
    request.reject_context.clear();
  } else if (checked) {
    request.reject_handler = reinterpret_cast<uint64_t>(&RejectIntegerArgument);
  } else {
    request.reject_context.clear();
  }
  const bool options_arg = kFallbackRejects && (closable || rejects);
  request.options_arg = options_arg;
  std::optional<jit::EmittedStub> sized = EmitHostStub(request, why_not);
  if (!sized) return nullptr;

  std::vector<uint8_t> closed_code;
  if (closable) {
    jit::ClosedStubArgument argument;
    uint64_t handler;
    if (options_arg) {
      argument.is_constant = false;
      argument.location = sized->options_location;
      handler = reinterpret_cast<uint64_t>(&FallBackToGeneralPath);
    } else {
      argument.constant = reinterpret_cast<uint64_t>(key);
      handler = reinterpret_cast<uint64_t>(&ThrowLibraryClosed);
    }
    closed_code = EmitHostClosedStub(argument, handler);
  }

  size_t reserved = std::max(sized->code.size(), closed_code.size());
  uint8_t* stub = arena->Allocate(reserved);
  if (stub == nullptr) {
    *why_not = "executable memory was refused";
    return nullptr;
  }
  // Emit again for the final address: near targets get a shorter direct jump.
  request.code_address = reinterpret_cast<uint64_t>(stub);
  std::optional<jit::EmittedStub> placed = EmitHostStub(request, why_not);
  const std::vector<uint8_t>& code =
      placed && placed->code.size() <= reserved ? placed->code : sized->code;
  if (!arena->Write(stub, code)) {
    *why_not = "executable memory was refused";
    return nullptr;
  }

  std::unique_ptr<FastBinding> binding(new FastBinding());
  binding->layout_ = std::make_unique<Layout>();
  Layout& layout = *binding->layout_;
  layout.stub = stub;
  layout.reserved = reserved;
  layout.value_contexts = std::move(value_contexts);
  layout.request = request;
  std::vector<v8abi::CTypeInfo> arg_info;
  arg_info.push_back(v8abi::MakeTypeInfo(CType::kV8Value, v8abi::kFlagNone));  // receiver
  for (NativeType type : signature.params) {
    arg_info.push_back(ParameterTypeInfo(type, ParameterDelivery(type, signature)));
  }
  if (options_arg) arg_info.push_back(v8abi::MakeTypeInfo(CType::kCallbackOptions, 0));
  layout.cfunction.address = stub;
  // ---- fast-path trace (ZEROCALL_TRACE_FAST=1, call/fast_trace.h): V8 enters
  // through a prefix that records the label, then jumps to the unchanged stub.
  if (void* traced = TracedEntry(arena, stub, FastTraceLabel(*key, closable))) {
    layout.cfunction.address = traced;
  }
  // ---- end of the fast-path trace hook
  layout.cfunction.type_info =
      InternFunctionInfo(ResultTypeInfo(signature.result), arg_info, Int64RepresentationOf(signature));
  binding->close_patch_ = ClosePatch{stub, std::move(closed_code)};
  return binding;
}

const v8::CFunction* FastBinding::cfunction() const {
  return reinterpret_cast<const v8::CFunction*>(&layout_->cfunction);
}

bool FastBinding::Retarget(jit::ExecArena* arena, void* target) {
  Layout& layout = *layout_;
  layout.request.target = reinterpret_cast<uint64_t>(target);
  std::string why_not;
  std::optional<jit::EmittedStub> stub = EmitHostStub(layout.request, &why_not);
  if (!stub || stub->code.size() > layout.reserved) {
    layout.request.code_address = 0;  // the absolute form always fits
    stub = EmitHostStub(layout.request, &why_not);
    layout.request.code_address = reinterpret_cast<uint64_t>(layout.stub);
  }
  return stub && arena->Write(layout.stub, stub->code);
}

#else  // !ZEROCALL_FAST_API: an unverified V8 keeps every symbol on the general path.

struct FastBinding::Layout {};

FastApiCapabilities CurrentFastApiCapabilities() { return FastApiCapabilities{}; }
const char* FastPathDisabledReason() { return "no verified Fast API layout for this V8"; }
bool FastPathEnabledInProcess() { return false; }

std::unique_ptr<FastBinding> FastBinding::Create(jit::ExecArena*, const Signature&, void*, bool,
                                                 bool, const std::string*, std::string* why_not) {
  *why_not = "no verified Fast API layout for this V8";
  return nullptr;
}

const v8::CFunction* FastBinding::cfunction() const { return nullptr; }
bool FastBinding::Retarget(jit::ExecArena*, void*) { return false; }

#endif

FastBinding::~FastBinding() = default;

}  // namespace zerocall
