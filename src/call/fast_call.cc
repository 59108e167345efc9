// See fast_call.h. The plan (fast_plan.h) says how each parameter travels; this
// file turns it into V8's CFunction description and a stub in executable memory.
#include "call/fast_call.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include "call/fast_host.h"
#include "call/fast_trace.h"
#include "call/value_argument.h"
#include "jit/exec_memory.h"
#include "jit/resolver.h"
#include "util/js_errors.h"
#include "v8abi/fast_api.h"

namespace zerocall {

#if ZEROCALL_FAST_API

namespace {

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

static_assert(offsetof(v8abi::FastApiTypedArrayLayout, data) == jit::kTypedArrayDataOffset);
static_assert(offsetof(v8abi::FastApiTypedArrayLayout, length) == jit::kTypedArrayLengthOffset);

v8abi::CTypeInfo TypeInfoOf(const V8Declaration& declared) {
  return declared.typed_array ? v8abi::MakeTypedArrayTypeInfo(declared.type)
                              : v8abi::MakeTypeInfo(declared.type, declared.flags);
}

// V8 reads a function's CFunctionInfo from background compile threads, also while a
// worker's environment is being torn down (after zerocall's cleanup hook has run), so
// CFunctionInfos are never freed: they are interned per distinct signature, process-wide.
const v8abi::CFunctionInfo* InternFunctionInfo(const FastCallPlan& plan) {
  struct Interned {
    std::vector<v8abi::CTypeInfo> args;
    v8abi::CFunctionInfo info;
  };
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Interned>>* table =
      new std::map<std::string, std::unique_ptr<Interned>>();  // never destroyed, see above
  const v8abi::CTypeInfo result = TypeInfoOf(plan.result);
  std::vector<v8abi::CTypeInfo> args;
  for (const V8Declaration& declared : plan.V8Arguments()) args.push_back(TypeInfoOf(declared));
  std::string key(reinterpret_cast<const char*>(&result), sizeof result);
  key += static_cast<char>(plan.int64_representation);
  key.append(reinterpret_cast<const char*>(args.data()), args.size() * sizeof args[0]);
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Interned>& slot = (*table)[key];
  if (!slot) {
    slot = std::make_unique<Interned>();
    slot->args = std::move(args);
    std::memset(&slot->info, 0, sizeof slot->info);
    slot->info.return_info = result;
    slot->info.repr = plan.int64_representation;  // a padding byte on V8 11.3, which uses numbers
    slot->info.arg_count = static_cast<uint32_t>(slot->args.size());
    slot->info.arg_info = slot->args.data();
  }
  return &slot->info;
}

// The stub request for `plan`: the template plus the addresses the stub embeds.
// Resolved and checked params each get a context: what the resolver or the
// reject handler needs for the general path's conversion or error message.
jit::StubRequest BuildRequest(const FastCallPlan& plan, const Signature& signature, void* target,
                              uint64_t* saved_errno, const std::string* key,
                              std::vector<std::unique_ptr<ValueArgumentContext>>* contexts) {
  jit::StubRequest request = plan.StubRequestTemplate();
  request.target = reinterpret_cast<uint64_t>(target);
  if (plan.saves_errno) {
    // The stub runs only on this isolate's thread, which Node never changes, so
    // this thread's errno has one address for the stub's life.
    request.errno_address = reinterpret_cast<uint64_t>(&errno);
    request.errno_slot = reinterpret_cast<uint64_t>(saved_errno);
  }
  if (plan.resolves) request.resolver = jit::HostResolver();
  if (plan.rejects_through_handler) request.reject_handler = reinterpret_cast<uint64_t>(&RejectIntegerArgument);
  for (size_t i = 0; i < plan.params.size(); i++) {
    const auto index = static_cast<uint32_t>(i);
    // Past the parameters: a struct result's buffer (FastCallPlan::struct_result).
    const Type& type = i < signature.params.size() ? signature.params[i] : signature.result;
    switch (plan.params[i].context) {
      case ParamContext::kNone: continue;
      case ParamContext::kStruct:
        contexts->push_back(std::make_unique<ValueArgumentContext>(
            MakeStructArgumentContext(key, index, type.layout)));
        break;
      case ParamContext::kValue:
        contexts->push_back(std::make_unique<ValueArgumentContext>(
            MakeValueArgumentContext(key, signature, index)));
        break;
    }
    const uint64_t word = reinterpret_cast<uint64_t>(contexts->back().get());
    jit::StubParam& param = request.params[i];
    if (jit::IsResolvedKind(param.value)) param.resolver_context = word;
    if (jit::IsCheckedArrival(param.arrival)) param.reject_context = word;
  }
  return request;
}

}  // namespace

struct FastBinding::Layout {
  v8abi::CFunction cfunction;  // V8 copies the address and the (interned) info pointer
  uint8_t* stub = nullptr;
  size_t reserved = 0;         // bytes at `stub`: room for any form of either stub
  jit::StubRequest request;  // what the stub was emitted from
  // Safety: the stub embeds these addresses; they live as long as the stub.
  std::vector<std::unique_ptr<ValueArgumentContext>> value_contexts;
  std::vector<uint8_t> fallback_code;  // V8 11-12: what a deferred stub runs
};

std::unique_ptr<FastBinding> FastBinding::Create(jit::ExecArena* arena, const Signature& signature,
                                                 void* target, FastCallOptions options, bool closable,
                                                 const std::string* key,
                                                 std::string* why_not) {
  if (const char* disabled = FastPathDisabledReason()) {
    *why_not = disabled;
    return nullptr;
  }
  FastPlanResult planned = PlanFastCall(signature, HostFastCallTarget(), options);
  if (!planned.plan) {
    *why_not = planned.blocker;
    return nullptr;
  }
  const FastCallPlan& plan = *planned.plan;
  std::vector<std::unique_ptr<ValueArgumentContext>> value_contexts;
  jit::StubRequest request = BuildRequest(plan, signature, target, options.saved_errno, key, &value_contexts);
  std::optional<jit::EmittedStub> sized = EmitHostStub(request, why_not);
  if (!sized) return nullptr;

  // The closed stub; on V8 11-12 also the deferred one (SetDeferred): both fall back.
  std::vector<uint8_t> closed_code;
  if (closable || plan.options_arg) {
    jit::ClosedStubArgument argument;
    uint64_t handler;
    if (plan.options_arg) {
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
  layout.request = std::move(request);
  if (plan.options_arg) layout.fallback_code = closed_code;
  layout.cfunction.address = stub;
  // ---- fast-path trace (ZEROCALL_TRACE_FAST=1, call/fast_trace.h): V8 enters
  // through a prefix that records the label, then jumps to the unchanged stub.
  if (void* traced = TracedEntry(arena, stub, FastTraceLabel(*key, closable))) {
    layout.cfunction.address = traced;
  }
  // ---- end of the fast-path trace hook
  layout.cfunction.type_info = InternFunctionInfo(plan);
  binding->close_patch_ = jit::CodePatch{stub, std::move(closed_code)};
  return binding;
}

const v8::CFunction* FastBinding::cfunction() const {
  return reinterpret_cast<const v8::CFunction*>(&layout_->cfunction);
}

bool FastBinding::WriteLiveStub(jit::ExecArena* arena) {
  Layout& layout = *layout_;
  std::string why_not;
  std::optional<jit::EmittedStub> stub = EmitHostStub(layout.request, &why_not);
  if (!stub || stub->code.size() > layout.reserved) {
    layout.request.code_address = 0;  // the absolute form always fits
    stub = EmitHostStub(layout.request, &why_not);
    layout.request.code_address = reinterpret_cast<uint64_t>(layout.stub);
  }
  return stub && arena->Write(layout.stub, stub->code);
}

bool FastBinding::Retarget(jit::ExecArena* arena, void* target, bool deferred) {
  layout_->request.target = reinterpret_cast<uint64_t>(target);
  return SetDeferred(arena, deferred);
}

bool FastBinding::SetDeferred(jit::ExecArena* arena, bool deferred) {
  const std::vector<uint8_t>& fallback = layout_->fallback_code;
  if (deferred && !fallback.empty()) return arena->Write(layout_->stub, fallback);
  return WriteLiveStub(arena);
}

#else  // !ZEROCALL_FAST_API: an unverified V8 keeps every symbol on the general path.

struct FastBinding::Layout {};

std::unique_ptr<FastBinding> FastBinding::Create(jit::ExecArena*, const Signature&, void*, FastCallOptions,
                                                 bool, const std::string*, std::string* why_not) {
  *why_not = FastPathDisabledReason();
  return nullptr;
}

const v8::CFunction* FastBinding::cfunction() const { return nullptr; }
bool FastBinding::Retarget(jit::ExecArena*, void*, bool) { return false; }
bool FastBinding::SetDeferred(jit::ExecArena*, bool) { return false; }
bool FastBinding::WriteLiveStub(jit::ExecArena*) { return false; }

#endif

FastBinding::~FastBinding() = default;

}  // namespace zerocall
