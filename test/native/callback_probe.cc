// See callback_probe.h.
#include "callback_probe.h"

#include "callback/callback_frame_call.h"

void zerocall_callback_dispatch(void* context, zerocall::CallbackFrame* frame, uint64_t* stack_args) {
  auto* probe = static_cast<zerocall::test::Probe*>(context);
  zerocall::CallbackFrameCall call(probe->plan, frame, stack_args);
  probe->args.clear();
  for (size_t i = 0; i < probe->signature.params.size(); i++) {
    const zerocall::Type& type = probe->signature.params[i];
    const auto* bytes = static_cast<const uint8_t*>(call.args()[i]);
    probe->args.emplace_back(bytes, bytes + (type.is_struct() ? type.size() : 8));
  }
  if (!probe->result.empty()) std::memcpy(call.result(), probe->result.data(), probe->result.size());
  call.Finish();
  probe->calls++;
}
