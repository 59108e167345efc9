// request_support.h: setting one field of every StubParam of a request from a
// list, so that tests can spell a request column by column.
#ifndef ZEROCALL_TEST_NATIVE_REQUEST_SUPPORT_H_
#define ZEROCALL_TEST_NATIVE_REQUEST_SUPPORT_H_

#include <cstdint>
#include <vector>

#include "jit/fast_stub.h"

namespace zerocall::jit {

// Sets field `member` of params[0..values.size()) from `values`.
template <typename T, typename Member>
void SetEach(StubRequest& request, Member StubParam::*member, const std::vector<T>& values) {
  for (size_t i = 0; i < values.size() && i < request.params.size(); ++i) {
    request.params[i].*member = values[i];
  }
}

inline void SetArrivals(StubRequest& r, const std::vector<Arrival>& arrivals) {
  SetEach(r, &StubParam::arrival, arrivals);
}
inline void SetResolverContexts(StubRequest& r, const std::vector<uint64_t>& words) {
  SetEach(r, &StubParam::resolver_context, words);
}
inline void SetRejectContexts(StubRequest& r, const std::vector<uint64_t>& words) {
  SetEach(r, &StubParam::reject_context, words);
}
inline void SetShapes(StubRequest& r, const std::vector<abi::StructShape>& shapes) {
  SetEach(r, &StubParam::shape, shapes);
}

}  // namespace zerocall::jit

#endif  // ZEROCALL_TEST_NATIVE_REQUEST_SUPPORT_H_
