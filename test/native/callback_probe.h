// callback_probe.h: the dispatch routine of the native callback entry tests
// (callback_entry_test.cc, callback_struct_entry_test.cc). A thunk's context is its
// cell, registered to a Probe: zerocall_callback_dispatch (callback_probe.cc) runs the addon's own
// CallbackFrameCall with the probe's plan, records each argument's bytes where the
// plan points and writes the probe's result bytes where the plan says.
#ifndef ZEROCALL_TEST_NATIVE_CALLBACK_PROBE_H_
#define ZEROCALL_TEST_NATIVE_CALLBACK_PROBE_H_

#include <cstdint>
#include <cstring>
#include <vector>

#include "callback/callback_entry.h"
#include "callback/callback_thunks.h"

namespace zerocall::test {

struct Probe {
  Signature signature;
  CallbackFramePlan plan;
  std::vector<std::vector<uint8_t>> args;  // each argument's bytes (a scalar: its 8-byte slot)
  std::vector<uint8_t> result;             // the result's bytes (a scalar: 8)
  int calls = 0;

  // Plans the signature; false when the entry does not take it.
  bool Plan() { return PlanCallbackFrame(signature, &plan); }
  // A thunk into the entry whose calls reach this probe (null if none).
  void* Thunk();
  uint64_t Word(size_t i) const {
    uint64_t word = 0;
    std::memcpy(&word, args[i].data(), args[i].size() < 8 ? args[i].size() : 8);
    return word;
  }
  void SetResult(uint64_t word) {
    result.resize(8);
    std::memcpy(result.data(), &word, 8);
  }
  template <typename S>
  void SetStructResult(const S& value) {
    result.resize(sizeof value);
    std::memcpy(result.data(), &value, sizeof value);
  }
};

template <typename T>
T Low(uint64_t word) {
  T value;
  std::memcpy(&value, &word, sizeof value);
  return value;
}

template <typename T>
uint64_t Word(T value) {
  uint64_t word = 0;
  std::memcpy(&word, &value, sizeof value);
  return word;
}

}  // namespace zerocall::test

#endif  // ZEROCALL_TEST_NATIVE_CALLBACK_PROBE_H_
