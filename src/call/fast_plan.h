// fast_plan.h: which symbols take the V8 Fast API path, and how. One pure planner
// turns a signature, a V8 version's traits and the host ABI into one record per
// parameter: how the CFunction declares it (so how V8 hands it over), how the stub
// checks or resolves it, and what C++ state that needs. FastBinding (fast_call.cc)
// builds the CFunction and the stub from the plan; callPath reports its blocker.
// No V8, no libffi: test/native tests it for every V8 version's traits.
//
// Adding a parameter kind: a row in types/primitives.inc, a case in
// PlanParameter (fast_plan.cc), and, if it needs new stub code, a StubValue and
// its case in each ISA's primitives (docs/design.md).
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "abi/abi.h"
#include "jit/fast_stub.h"
#include "types/native_type.h"
#include "v8abi/fast_api_types.h"

namespace zerocall {

// A version-neutral CTypeInfo: how the CFunction declares one argument or the result.
struct V8Declaration {
  v8abi::CType type = v8abi::CType::kVoid;
  uint8_t flags = v8abi::kFlagNone;
  bool typed_array = false;  // a FastApiTypedArray of `type` (V8 11-12)

  friend bool operator==(const V8Declaration&, const V8Declaration&) = default;
};

// What the stub's helpers need to know about a parameter at run time.
enum class ParamContext : uint8_t {
  kNone,
  kValue,   // the resolver or the reject handler converts/reports it as the general path would
  kStruct,  // the resolver finds its bytes and reports a wrong one with the struct's layout
};

struct FastParamPlan {
  V8Declaration declared;
  // The stub's view; its resolver_context / reject_context words are filled in
  // at bind time from `context`.
  jit::StubParam stub;
  ParamContext context = ParamContext::kNone;
};

struct FastCallPlan {
  std::vector<FastParamPlan> params;
  V8Declaration result;
  jit::StubValue stub_result = jit::StubValue::kVoid;
  v8abi::Int64Representation int64_representation = v8abi::Int64Representation::kNumber;
  // V8 passes FastApiCallbackOptions* last (V8 11-12: every stub can fall back).
  bool options_arg = false;
  bool resolves = false;     // some param calls the resolver routine
  uint8_t smi_shift = 0;     // with `resolves`: FastCallTarget::smi_shift
  bool rejects_through_handler = false;  // checked params tail-call the reject handler
  bool rejects_through_flag = false;     // rejects set options.fallback instead
  uint32_t reject_flag_offset = 0;
  bool reject_empty_typed_arrays = false;  // jit::StubRequest's: empty buffers fall back
  bool variadic = false;     // jit::StubRequest's: the target is variadic
  bool saves_errno = false;  // the stub saves errno after the call (a frame)
  // A struct result: the last of `params` is its buffer (FastCallOptions::result_buffer).
  bool struct_result = false;
  // The stub request without addresses (target, resolver, handler, contexts).
  jit::StubRequest StubRequestTemplate() const;
  // The CFunction's arguments: receiver, params, [options].
  std::vector<V8Declaration> V8Arguments() const;
};

// What the plan is for.
struct FastCallTarget {
  v8abi::FastApiTraits v8;
  // The host's C ABI; its classify_struct says whether structs can travel.
  const abi::Abi* abi = nullptr;
  // Where a Smi's payload sits in a tagged word (32 without pointer compression);
  // 0 = no inline Smi shortcut, 64-bit values always call the resolver.
  uint8_t smi_shift = 0;
};

struct FastCallOptions {
  bool may_call_back = false;  // the definition's `callback: true`
  // `errno: true`: where the stub stores errno after the call (AddonData::saved_errno);
  // null: it does not.
  uint64_t* saved_errno = nullptr;
  // The function takes its struct result's buffer as a trailing argument
  // (lib/internal/wrap.js allocates it); without it a struct result is a blocker.
  bool result_buffer = false;
};

struct FastPlanResult {
  std::optional<FastCallPlan> plan;
  const char* blocker = nullptr;  // why not, when there is no plan
};

// The most bytes of struct parameters one fast signature may have in all
// (jit::kMaxStubStructBytes): the stub copies them part by part.
inline constexpr size_t kMaxFastStructBytes = 128;

FastPlanResult PlanFastCall(const Signature& signature, const FastCallTarget& target,
                            FastCallOptions options);

}  // namespace zerocall
