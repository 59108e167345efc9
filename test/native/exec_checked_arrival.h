// exec_checked_arrival.h: the parameter of the checked-param test families: each
// test runs once per way V8 hands a checked integer over (Arrival::kCheckedF64, a
// float64; Arrival::kCheckedI64, an int64).
#ifndef ZEROCALL_TEST_NATIVE_EXEC_CHECKED_ARRIVAL_H_
#define ZEROCALL_TEST_NATIVE_EXEC_CHECKED_ARRIVAL_H_

#include <gtest/gtest.h>

#include <string>

#include "exec_support.h"

namespace zerocall::jit::test {

class CheckedArrivalTest : public ExecTest, public ::testing::WithParamInterface<Arrival> {};

inline const auto kCheckedArrivals = ::testing::Values(Arrival::kCheckedF64, Arrival::kCheckedI64);

// "Double" / "Int64", for test names.
inline std::string CheckedArrivalName(const ::testing::TestParamInfo<Arrival>& info) {
  return info.param == Arrival::kCheckedI64 ? "Int64" : "Double";
}

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_EXEC_CHECKED_ARRIVAL_H_
