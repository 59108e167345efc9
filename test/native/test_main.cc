// test_main.cc: the main of the native tests, for the host build and the static
// AArch64 build run under qemu-user. GoogleTest's own printer, with two changes:
// after each test that counts its checks (checks.h) a line says how many it made,
// plus a total at the end; and at most kShownFailures failures are printed per test
// (a broken stub fails thousands of checks of a random-signature test alike; the
// summary still lists the test as failed).

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "checks.h"

namespace {

constexpr int kShownFailures = 20;

class CountingPrinter : public ::testing::TestEventListener {
 public:
  explicit CountingPrinter(::testing::TestEventListener* printer) : printer_(printer) {}

  void OnTestStart(const ::testing::TestInfo& info) override {
    zerocall::test::checks_in_current_test = 0;
    failures_shown_ = 0;
    printer_->OnTestStart(info);
  }
  void OnTestPartResult(const ::testing::TestPartResult& result) override {
    if (result.failed() && ++failures_shown_ > kShownFailures) {
      if (failures_shown_ == kShownFailures + 1) std::printf("(further failures of this test not shown)\n");
      return;
    }
    printer_->OnTestPartResult(result);
  }
  void OnTestEnd(const ::testing::TestInfo& info) override {
    printer_->OnTestEnd(info);
    const size_t checks = zerocall::test::checks_in_current_test;
    if (checks == 0) return;
    total_checks_ += checks;
    ++counted_tests_;
    std::printf("[  CHECKS  ] %zu in %s.%s\n", checks, info.test_suite_name(), info.name());
    std::fflush(stdout);
  }
  void OnTestIterationEnd(const ::testing::UnitTest& unit, int iteration) override {
    printer_->OnTestIterationEnd(unit, iteration);
    std::printf("[  CHECKS  ] %zu in %d tests that count them\n", total_checks_, counted_tests_);
    std::fflush(stdout);
  }

  // The rest goes to GoogleTest's printer as is.
  void OnTestProgramStart(const ::testing::UnitTest& u) override { printer_->OnTestProgramStart(u); }
  void OnTestIterationStart(const ::testing::UnitTest& u, int i) override { printer_->OnTestIterationStart(u, i); }
  void OnEnvironmentsSetUpStart(const ::testing::UnitTest& u) override { printer_->OnEnvironmentsSetUpStart(u); }
  void OnEnvironmentsSetUpEnd(const ::testing::UnitTest& u) override { printer_->OnEnvironmentsSetUpEnd(u); }
  void OnTestSuiteStart(const ::testing::TestSuite& s) override { printer_->OnTestSuiteStart(s); }
#ifndef GTEST_REMOVE_LEGACY_TEST_CASEAPI_
  void OnTestCaseStart(const ::testing::TestCase& s) override { printer_->OnTestCaseStart(s); }
  void OnTestCaseEnd(const ::testing::TestCase& s) override { printer_->OnTestCaseEnd(s); }
#endif
  void OnTestDisabled(const ::testing::TestInfo& info) override { printer_->OnTestDisabled(info); }
  void OnTestSuiteEnd(const ::testing::TestSuite& s) override { printer_->OnTestSuiteEnd(s); }
  void OnEnvironmentsTearDownStart(const ::testing::UnitTest& u) override { printer_->OnEnvironmentsTearDownStart(u); }
  void OnEnvironmentsTearDownEnd(const ::testing::UnitTest& u) override { printer_->OnEnvironmentsTearDownEnd(u); }
  void OnTestProgramEnd(const ::testing::UnitTest& u) override { printer_->OnTestProgramEnd(u); }

 private:
  std::unique_ptr<::testing::TestEventListener> printer_;
  int failures_shown_ = 0;
  size_t total_checks_ = 0;
  int counted_tests_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::TestEventListeners& listeners = ::testing::UnitTest::GetInstance()->listeners();
  ::testing::TestEventListener* printer = listeners.Release(listeners.default_result_printer());
  if (printer != nullptr) listeners.Append(new CountingPrinter(printer));
  return RUN_ALL_TESTS();
}
