// exec_requests.h: every StubRequest the execution tests build, in one place: the
// target and signature (Req), checked arrivals with the test reject handler
// (WireRejects) or the options flag (FlagRejects), struct params with their shapes
// (StructReq, TypedArrayStructReq), and the struct shapes themselves.
#ifndef ZEROCALL_TEST_NATIVE_EXEC_REQUESTS_H_
#define ZEROCALL_TEST_NATIVE_EXEC_REQUESTS_H_

#include <cstdint>
#include <vector>

#include "abi/struct_passing.h"
#include "exec_support.h"

namespace zerocall::jit::test {

// Wires the host resolver and a context per resolved param, and Node's Smi shift.
StubRequest Req(const void* target, std::vector<V> params, V result, bool options = false);

// Sets arrivals, the test reject handler and a context per param.
void WireRejects(StubRequest& request, const std::vector<Arrival>& arrivals);

// Sets arrivals, rejecting through the options flag at `offset` (V8 11-12).
StubRequest FlagRejects(StubRequest request, const std::vector<Arrival>& arrivals, uint32_t offset);

// Req plus the struct shapes, one per kResolvedStruct param in order.
StubRequest StructReq(const void* target, std::vector<V> params, V result,
                      const std::vector<abi::StructShape>& shapes, bool options = false);

// Req with options, a shape per kTypedArrayStruct param in order, and flag rejects at `offset`.
StubRequest TypedArrayStructReq(const void* target, std::vector<V> params, V result,
                                const std::vector<abi::StructShape>& shapes, uint32_t offset = 0);

// The shapes of the structs of exec_structs.h (D2 is two doubles, and so on).
extern const abi::StructShape kShapeD2;
extern const abi::StructShape kShapeI2;
extern const abi::StructShape kShapeMixed;
extern const abi::StructShape kShapeF3;
extern const abi::StructShape kShapeB3;
extern const abi::StructShape kShapeH3;
extern const abi::StructShape kShapeB7;
extern const abi::StructShape kShapeB11;
extern const abi::StructShape kShapeNested;
extern const abi::StructShape kShapeI3;

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_EXEC_REQUESTS_H_
