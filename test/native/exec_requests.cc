// exec_requests.cc: the StubRequests of the execution tests (exec_requests.h).

#include "exec_requests.h"

#include <utility>

#include "request_support.h"

namespace zerocall::jit::test {

StubRequest Req(const void* target, std::vector<V> params, V result, bool options) {
  StubRequest r;
  r.target = reinterpret_cast<uintptr_t>(target);
  r.params.assign(params.begin(), params.end());
  r.result = result;
  r.options_arg = options;
  r.smi_shift = kNodeSmiShift;
  for (size_t i = 0; i < r.params.size(); ++i) {
    if (r.params[i].value != V::kResolvedPointer && r.params[i].value != V::kResolvedInteger) continue;
    r.resolver = HostResolver();
    r.params[i].resolver_context = reinterpret_cast<uintptr_t>(ResolveContextFor(i));
  }
  return r;
}

void WireRejects(StubRequest& request, const std::vector<Arrival>& arrivals) {
  if (arrivals.empty()) return;
  SetArrivals(request, arrivals);
  request.reject_handler = reinterpret_cast<uintptr_t>(&TestReject);
  for (size_t i = 0; i < request.params.size(); ++i) request.params[i].reject_context = RejectContext(i);
}

StubRequest FlagRejects(StubRequest request, const std::vector<Arrival>& arrivals, uint32_t offset) {
  SetArrivals(request, arrivals);
  request.reject_mode = RejectMode::kSetOptionsFlag;
  request.reject_flag_offset = offset;
  return request;
}

StubRequest StructReq(const void* target, std::vector<V> params, V result,
                      const std::vector<abi::StructShape>& shapes, bool options) {
  StubRequest r = Req(target, std::move(params), result, options);
  r.resolver = HostResolver();
  for (size_t i = 0, k = 0; i < r.params.size(); ++i) {
    if (r.params[i].value != V::kResolvedStruct) continue;
    r.params[i].shape = shapes.at(k++);
    r.params[i].resolver_context = reinterpret_cast<uintptr_t>(ResolveContextFor(i));
  }
  return r;
}

StubRequest TypedArrayStructReq(const void* target, std::vector<V> params, V result,
                                const std::vector<abi::StructShape>& shapes, uint32_t offset) {
  StubRequest r = Req(target, std::move(params), result, /*options=*/true);
  for (size_t i = 0, k = 0; i < r.params.size(); ++i) {
    if (r.params[i].value == V::kTypedArrayStruct) r.params[i].shape = shapes.at(k++);
  }
  r.reject_mode = RejectMode::kSetOptionsFlag;
  r.reject_flag_offset = offset;
  return r;
}

namespace {

abi::StructShape ShapeOf(uint32_t size, std::vector<abi::ScalarField> fields) { return {size, std::move(fields)}; }
std::vector<abi::ScalarField> Fields(uint32_t count, uint8_t size, bool is_float) {
  std::vector<abi::ScalarField> fields;
  for (uint32_t k = 0; k < count; ++k) fields.push_back({k * size, size, is_float});
  return fields;
}

}  // namespace

const abi::StructShape kShapeD2 = ShapeOf(16, Fields(2, 8, true));
const abi::StructShape kShapeI2 = ShapeOf(16, Fields(2, 8, false));
const abi::StructShape kShapeMixed = ShapeOf(16, {{0, 4, false}, {4, 4, true}, {8, 8, true}});
const abi::StructShape kShapeF3 = ShapeOf(12, Fields(3, 4, true));
const abi::StructShape kShapeB3 = ShapeOf(3, Fields(3, 1, false));
const abi::StructShape kShapeH3 = ShapeOf(6, Fields(3, 2, false));
const abi::StructShape kShapeB7 = ShapeOf(7, Fields(7, 1, false));
const abi::StructShape kShapeB11 = ShapeOf(11, Fields(11, 1, false));
const abi::StructShape kShapeNested = ShapeOf(12, {{0, 1, false}, {4, 4, true}, {8, 4, true}});
const abi::StructShape kShapeI3 = ShapeOf(24, Fields(3, 8, false));

}  // namespace zerocall::jit::test
