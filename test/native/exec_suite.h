// exec_suite.h: execution tests that run emitted stubs on the host ISA
// (x86-64 natively, AArch64 natively or under qemu-user). Runner-agnostic: the
// gtest binary and the standalone AArch64 runner both iterate ExecCases().

#ifndef ZEROCALL_TEST_NATIVE_EXEC_SUITE_H_
#define ZEROCALL_TEST_NATIVE_EXEC_SUITE_H_

#include <sstream>
#include <string>
#include <vector>

namespace zerocall::jit::test {

// Collects failed checks; a case passes when it records none.
class Checker {
 public:
  void Fail(const char* file, int line, const std::string& what) {
    std::ostringstream out;
    out << file << ":" << line << ": " << what;
    failures_.push_back(out.str());
  }
  void Note(const std::string& what) { notes_.push_back(what); }
  const std::vector<std::string>& failures() const { return failures_; }
  const std::vector<std::string>& notes() const { return notes_; }
  size_t checks = 0;

 private:
  std::vector<std::string> failures_;
  std::vector<std::string> notes_;
};

#define ZC_CHECK(checker, cond, what)                                        \
  do {                                                                       \
    ++(checker).checks;                                                      \
    if (!(cond)) (checker).Fail(__FILE__, __LINE__, std::string(#cond) + ": " + (what)); \
  } while (0)

#define ZC_CHECK_EQ(checker, actual, expected, what)                            \
  do {                                                                          \
    ++(checker).checks;                                                         \
    const auto zc_a = (actual);                                                 \
    const auto zc_e = (expected);                                               \
    if (!(zc_a == zc_e)) {                                                      \
      std::ostringstream zc_msg;                                                \
      zc_msg << #actual << " == " << zc_a << ", expected " << zc_e << ": " << (what); \
      (checker).Fail(__FILE__, __LINE__, zc_msg.str());                         \
    }                                                                           \
  } while (0)

struct ExecCase {
  const char* name;
  void (*run)(Checker&);
};

// Every execution case for the host ISA.
const std::vector<ExecCase>& ExecCases();
// "x86-64 SysV" or "AArch64".
const char* ExecAbiName();

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_EXEC_SUITE_H_
