// a64_exec_main.cc: a standalone runner for the execution suite, for a static
// AArch64 build run under qemu-user (no GoogleTest for the cross target).
// Exit code 0 = every case passed.

#include <cstdio>

#include "exec_suite.h"

int main() {
  using zerocall::jit::test::Checker;
  int failed = 0;
  size_t total_checks = 0;
  const auto& cases = zerocall::jit::test::ExecCases();
  for (const auto& c : cases) {
    Checker checker;
    c.run(checker);
    total_checks += checker.checks;
    for (const auto& note : checker.notes()) std::printf("  note: %s\n", note.c_str());
    const bool ok = checker.failures().empty() && checker.checks > 0;
    std::printf("[%s] %s (%zu checks)\n", ok ? "  OK  " : " FAIL ", c.name, checker.checks);
    size_t shown = 0;
    for (const auto& f : checker.failures()) {
      if (++shown > 20) break;
      std::printf("    %s\n", f.c_str());
    }
    if (!ok) ++failed;
  }
  std::printf("%s execution suite: %zu cases, %zu checks, %d failed\n",
              zerocall::jit::test::ExecAbiName(), cases.size(), total_checks, failed);
  return failed == 0 ? 0 : 1;
}
