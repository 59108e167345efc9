// See fast_trace.h.
#include "call/fast_trace.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>

#include "abi/host.h"
#include "jit/exec_memory.h"
#include "jit/trace_prefix.h"
#include "util/js_errors.h"

namespace zerocall {

namespace {

// The label of this thread's last fast call (null: none since the last read).
thread_local const std::string* last_fast_call = nullptr;

// Labels live for the process: a prefix embeds one's address, and the word may
// name it after the function (or its worker) is gone.
const std::string* InternLabel(const std::string& label) {
  static std::mutex mutex;
  static auto* labels = new std::set<std::string>();  // never destroyed, see above
  std::lock_guard<std::mutex> lock(mutex);
  return &*labels->insert(label).first;
}

std::vector<uint8_t> EmitHostTracePrefix(const jit::TracePrefixRequest& request) {
  if constexpr (abi::kHostIsa == abi::Isa::kX64) {
    return jit::EmitX64TracePrefix(request);
  } else {
    return jit::EmitAArch64TracePrefix(request);
  }
}

}  // namespace

bool FastTraceEnabled() {
  static const bool enabled = [] {
    const char* setting = std::getenv("ZEROCALL_TRACE_FAST");
    return setting != nullptr && std::strcmp(setting, "1") == 0;
  }();
  return enabled;
}

std::string FastTraceLabel(const std::string& key, bool has_library) {
  return !has_library && key == "UnsafeFnPointer" ? "call" : key;
}

void* TracedEntry(jit::ExecArena* arena, void* stub, const std::string& label) {
  if (!FastTraceEnabled()) return nullptr;
  jit::TracePrefixRequest request;
  request.word = reinterpret_cast<uint64_t>(&last_fast_call);
  request.value = reinterpret_cast<uint64_t>(InternLabel(label));
  request.stub = reinterpret_cast<uint64_t>(stub);
  const std::vector<uint8_t> sized = EmitHostTracePrefix(request);
  if (sized.empty()) return nullptr;
  uint8_t* entry = arena->Allocate(sized.size());
  if (entry == nullptr) return nullptr;
  request.code_address = reinterpret_cast<uint64_t>(entry);
  if (!arena->Write(entry, EmitHostTracePrefix(request))) return nullptr;
  return entry;
}

void ForgetFallenBackCall(const std::string& key, bool has_library) {
  if (!FastTraceEnabled() || last_fast_call == nullptr) return;
  if (*last_fast_call == FastTraceLabel(key, has_library)) last_fast_call = nullptr;
}

void LastFastCall(const v8::FunctionCallbackInfo<v8::Value>& info) {
  const std::string* label = last_fast_call;
  last_fast_call = nullptr;
  if (label == nullptr) {
    info.GetReturnValue().SetNull();
  } else {
    info.GetReturnValue().Set(NewString(info.GetIsolate(), *label));
  }
}

}  // namespace zerocall
