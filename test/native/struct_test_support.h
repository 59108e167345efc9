// struct_test_support.h: what the struct classifier tests of every ABI share:
// scalar fields by kind and offset, and a planner request with struct params.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "abi/struct_passing.h"
#include "jit/fast_stub.h"

namespace zerocall::jit::struct_test {

constexpr abi::ScalarField I8(uint32_t at) { return {at, 1, false}; }
constexpr abi::ScalarField I16(uint32_t at) { return {at, 2, false}; }
constexpr abi::ScalarField I32(uint32_t at) { return {at, 4, false}; }
constexpr abi::ScalarField I64(uint32_t at) { return {at, 8, false}; }
constexpr abi::ScalarField F32(uint32_t at) { return {at, 4, true}; }
constexpr abi::ScalarField F64(uint32_t at) { return {at, 8, true}; }

// A request whose kResolvedStruct params take `structs` in order (fake addresses:
// the planner only reads them).
inline StubRequest StructReq(std::vector<StubValue> params, std::vector<abi::StructShape> structs,
                             StubValue result = StubValue::kF64) {
  StubRequest r;
  r.target = 0x00007f1234567890;
  r.params.assign(params.begin(), params.end());
  r.result = result;
  r.resolver = 0x00007f1234500120;
  for (size_t i = 0, k = 0; i < r.params.size(); ++i) {
    if (r.params[i].value != StubValue::kResolvedStruct) continue;
    r.params[i].resolver_context = 0x5000 + i;
    r.params[i].shape = structs.at(k++);
  }
  return r;
}

}  // namespace zerocall::jit::struct_test
