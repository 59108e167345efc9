// stub_emitter_core.h: the state one stub emission shares between its entry
// part (stub_entry_emitter.h: resolves, checks, reject tails) and its body
// (stub_emitter.h: frame, shuffle, call, result), and the small helpers both use.
// Header-only, like the emitter.

#ifndef ZEROCALL_JIT_STUB_EMITTER_CORE_H_
#define ZEROCALL_JIT_STUB_EMITTER_CORE_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jit/code_buffer.h"
#include "jit/fast_stub.h"
#include "jit/stub_plan.h"
#include "jit/stub_primitives.h"

namespace zerocall::jit {

template <StubPrimitives Primitives>
class StubEmitterCore {
 public:
  using Reg = typename Primitives::Reg;
  using FReg = typename Primitives::FReg;
  using Slot = typename Primitives::Slot;

 protected:
  StubEmitterCore(const StubRequest& request, const StubPlan& plan)
      : request_(request), plan_(plan), abi_(buffer_) {
    const Label shared = buffer_.NewLabel();
    for (size_t i = 0; i < plan_.params.size(); ++i) {
      reject_.push_back(request_.reject_mode == RejectMode::kSetOptionsFlag ? shared : buffer_.NewLabel());
    }
  }

  // A pc-relative branch when the stub's final address is known and the
  // target is in reach; otherwise an absolute one through a scratch register.
  void EmitBranch(uint64_t target, bool is_call) {
    if (request_.code_address != 0) {
      const uint64_t here = request_.code_address + buffer_.size();
      if (std::optional<int32_t> rel = Primitives::NearDisplacement(here, target)) {
        if (is_call) {
          abi_.CallNear(*rel);
        } else {
          abi_.JumpNear(*rel);
        }
        return;
      }
    }
    if (is_call) {
      abi_.CallFar(target);
    } else {
      abi_.JumpFar(target);
    }
  }


  // Register copy, sign/zero-extending narrow kinds to 32 bits.
  void Move(Widening widening, Reg dst, Reg src) {
    if (widening == Widening::kNone) {
      if (dst != src) abi_.MoveReg(dst, src);
    } else {
      abi_.ExtendReg(ToExtend<typename Primitives::Extend>(widening), dst, src);
    }
  }

  // Stack slot load, sign/zero-extending narrow kinds to 32 bits.
  void Load(Widening widening, Reg dst, Slot src) {
    if (widening == Widening::kNone) {
      abi_.LoadSlot(dst, src);
    } else {
      abi_.LoadSlotExtended(ToExtend<typename Primitives::Extend>(widening), dst, src);
    }
  }

  const StubRequest& request_;
  const StubPlan& plan_;
  CodeBuffer buffer_;  // before abi_, whose assembler writes into it
  Primitives abi_;
  uint32_t outgoing_bytes_ = 0;  // C stack-argument area below the frame (frame only)
  uint32_t frame_bytes_ = 0;     // that area plus the struct copies (frame only)
  std::vector<Label> reject_;    // per param: where its reject tail starts
};

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_STUB_EMITTER_CORE_H_
