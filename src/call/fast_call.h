// The fast path of one bound function: the V8 CFunction description (CTypeInfo
// list, CFunctionInfo) and the JIT stub V8 calls, which drops the receiver and
// tail-calls the C function. Owned by the ForeignFunction; lives as long as the
// V8 function, because optimized code may call the stub until then.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include <v8.h>

#include "jit/exec_memory.h"
#include "types/native_type.h"

namespace zerocall {


class FastBinding {
 public:
  ~FastBinding();
  // Null (with *why_not set) if the signature or the machine refuses the fast path.
  // `key` is the name errors use ("library is closed", bad buffers); it must outlive
  // the binding. `closable` = the function belongs to a library that can close.
  // `result_buffer`: a struct result's buffer is the trailing argument.
  static std::unique_ptr<FastBinding> Create(jit::ExecArena* arena, const Signature& signature,
                                             void* target, bool may_call_back, bool result_buffer,
                                             bool closable, const std::string* key,
                                             std::string* why_not);

  const v8::CFunction* cfunction() const;
  // Points the stub at another address of the same signature (a reopened
  // library); `deferred` as for SetDeferred.
  bool Retarget(jit::ExecArena* arena, void* target, bool deferred);
  // V8 11-12 abort when C calls back into JS from inside an optimized fast call
  // (re-entry needs V8 12.6), and any C function may call a callback it was given
  // earlier. So while an isolate has an open UnsafeCallback, each of its stubs
  // defers: it sets options.fallback and V8 re-runs the call on the general path,
  // which may run JS. Where fast calls may re-enter JS the stub stays live.
  // Not for a closed library's stub (its close patch stays).
  bool SetDeferred(jit::ExecArena* arena, bool deferred);
  // The rewrite that makes this stub throw "library is closed".
  const jit::CodePatch& close_patch() const { return close_patch_; }

 private:
  FastBinding() = default;
  bool WriteLiveStub(jit::ExecArena* arena);
  struct Layout;
  std::unique_ptr<Layout> layout_;
  jit::CodePatch close_patch_{};
};

}  // namespace zerocall
