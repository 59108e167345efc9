// exec_test.cc: runs the execution suite (exec_suite.cc) under GoogleTest on an
// x86-64 or AArch64 host, one test per case.

#include <gtest/gtest.h>

#include "exec_suite.h"

namespace zerocall::jit::test {
namespace {

}  // namespace

// Names the case in gtest output instead of dumping its bytes.
void PrintTo(const ExecCase& c, std::ostream* os) { *os << c.name; }

namespace {

class ExecTest : public ::testing::TestWithParam<ExecCase> {};

TEST_P(ExecTest, Runs) {
  Checker checker;
  GetParam().run(checker);
  for (const std::string& note : checker.notes()) std::printf("  note: %s\n", note.c_str());
  EXPECT_GT(checker.checks, 0u) << "a case must check something";
  size_t shown = 0;
  for (const std::string& failure : checker.failures()) {
    if (++shown > 20) break;
    ADD_FAILURE() << failure;
  }
  EXPECT_TRUE(checker.failures().empty()) << checker.failures().size() << " of " << checker.checks
                                          << " checks failed on " << ExecAbiName();
}

INSTANTIATE_TEST_SUITE_P(Host, ExecTest, ::testing::ValuesIn(ExecCases()),
                         [](const ::testing::TestParamInfo<ExecCase>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace zerocall::jit::test
