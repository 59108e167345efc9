// See callback_probe.h.
#include "callback_probe.h"

#include <map>
#include <mutex>

#include "callback/callback_cell.h"
#include "callback/callback_frame_call.h"

namespace zerocall::test {
namespace {
std::mutex probes_mutex;
std::map<const void*, Probe*> probes;  // by thunk cell

Probe* ProbeOf(const void* cell) {
  std::lock_guard<std::mutex> lock(probes_mutex);
  return probes.at(cell);
}
}  // namespace

void* Probe::Thunk() {
  const CallbackThunks::Thunk thunk = CallbackThunks::Acquire(CallbackEntryRoutine());
  if (thunk.cell != nullptr) {
    std::lock_guard<std::mutex> lock(probes_mutex);
    probes[thunk.cell] = this;
  }
  return thunk.code;
}
}  // namespace zerocall::test

void zerocall_callback_dispatch(void* context, zerocall::CallbackFrame* frame, uint64_t* stack_args) {
  zerocall::test::Probe* probe = zerocall::test::ProbeOf(context);
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
