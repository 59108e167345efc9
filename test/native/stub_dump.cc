// stub_dump.cc: writes the raw bytes of every golden case (stubs, then fixed
// code) for every listing, for gen_golden.sh to disassemble. Usage: stub_dump <out_dir>
// Produces <out_dir>/<abi>/<name>.bin and <out_dir>/<abi>.index
// ("name<TAB>code_address<TAB>description" per line).

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "golden_cases.h"
#include "jit/fast_stub.h"

namespace {

using zerocall::jit::EmittedStub;
using zerocall::jit::StubRequest;
using Emitter = std::optional<EmittedStub> (*)(const StubRequest&, std::string*);

bool DumpAbi(const std::filesystem::path& out, const char* abi, Emitter emit) {
  std::filesystem::create_directories(out / abi);
  std::ofstream index(out / (std::string(abi) + ".index"));
  for (const auto& c : zerocall::jit::test::GoldenCasesFor(abi)) {
    std::string why;
    std::optional<EmittedStub> stub = emit(c.request, &why);
    if (!stub) {
      std::fprintf(stderr, "%s/%s refused: %s\n", abi, c.name.c_str(), why.c_str());
      return false;
    }
    std::ofstream bin(out / abi / (c.name + ".bin"), std::ios::binary);
    bin.write(reinterpret_cast<const char*>(stub->code.data()),
              static_cast<std::streamsize>(stub->code.size()));
    index << c.name << '\t' << c.request.code_address << '\t'
          << zerocall::jit::test::DescribeRequest(c.request) << " size=" << stub->code.size()
          << (stub->tail_call ? " tail" : " frame") << '\n';
  }
  for (const auto& c : zerocall::jit::test::GoldenFixedCodeFor(abi)) {
    std::ofstream bin(out / abi / (c.name + ".bin"), std::ios::binary);
    bin.write(reinterpret_cast<const char*>(c.code.data()), static_cast<std::streamsize>(c.code.size()));
    index << c.name << "\t0\t" << c.description << '\n';
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <out_dir>\n", argv[0]);
    return 2;
  }
  const std::filesystem::path out = argv[1];
  const bool ok = DumpAbi(out, "x64_sysv", zerocall::jit::EmitX64SysVStub) &&
                  DumpAbi(out, "aarch64", zerocall::jit::EmitAArch64Stub) &&
                  DumpAbi(out, "apple_arm64", zerocall::jit::EmitAppleArm64Stub);
  return ok ? 0 : 1;
}
