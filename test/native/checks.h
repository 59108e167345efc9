// checks.h: GoogleTest expectations that are also counted, for the tests that make
// thousands of checks in loops (execution tests, callback entry). test_main.cc prints
// each test's count and the total, so a change that drops checks shows in the output.
//   ZC_EXPECT_TRUE(condition) << "what";
//   ZC_EXPECT_EQ(actual, expected) << "what";
#ifndef ZEROCALL_TEST_NATIVE_CHECKS_H_
#define ZEROCALL_TEST_NATIVE_CHECKS_H_

#include <gtest/gtest.h>

#include <cstddef>

namespace zerocall::test {

// Reset by test_main.cc's listener when a test starts.
inline size_t checks_in_current_test = 0;
inline void CountCheck() { ++checks_in_current_test; }

// A test that counts its checks must make at least one.
class CountedChecksTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_GT(checks_in_current_test, 0u) << "a test must check something"; }
};

}  // namespace zerocall::test

// `switch` and `if ...; else` keep the macro one statement that a trailing
// `<< message` extends, as GoogleTest's own do.
#define ZC_COUNTED_(expectation)                   \
  switch (0)                                       \
  case 0:                                          \
  default:                                         \
    if (::zerocall::test::CountCheck(); false) {   \
    } else                                         \
      expectation

#define ZC_EXPECT_TRUE(condition) ZC_COUNTED_(EXPECT_TRUE(condition))
#define ZC_EXPECT_EQ(actual, expected) ZC_COUNTED_(EXPECT_EQ(actual, expected))

#endif  // ZEROCALL_TEST_NATIVE_CHECKS_H_
