// exec_support.cc: the executable stub pages, the test resolver and the test
// reject handler of the execution tests (exec_support.h).

#include "exec_support.h"

#include <sys/mman.h>
#include <unistd.h>

namespace zerocall::jit::test {

std::optional<ExecStub> ExecStub::Create(StubRequest request, const void* place_near, Emitter emit) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* hint = nullptr;
  if (place_near != nullptr) {
    hint = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(place_near) + (64u << 20)) &
                                   ~(uintptr_t{page} - 1));
  }
  void* mem = mmap(hint, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    ADD_FAILURE() << "mmap failed";
    return std::nullopt;
  }
  if (place_near != nullptr) request.code_address = reinterpret_cast<uintptr_t>(mem);
  std::string why;
  std::optional<EmittedStub> stub = emit(request, &why);
  if (!stub || stub->code.size() > page) {
    ADD_FAILURE() << "stub refused: " << why;
    munmap(mem, page);
    return std::nullopt;
  }
  std::memcpy(mem, stub->code.data(), stub->code.size());
  __builtin___clear_cache(static_cast<char*>(mem), static_cast<char*>(mem) + stub->code.size());
  if (mprotect(mem, page, PROT_READ | PROT_EXEC) != 0) {
    ADD_FAILURE() << "mprotect RX failed";
    munmap(mem, page);
    return std::nullopt;
  }
  return ExecStub(mem, page, std::move(*stub));
}

ExecStub::~ExecStub() {
  if (mem_ != nullptr) munmap(mem_, size_);
}

uint64_t resolve_fail_slot = 0x0000123400005679;
ResolveLog resolve_log;

extern "C" ResolveResult TestResolve(uint64_t value, const ResolveContext* base) {
  resolve_log.values.push_back(value);
  resolve_log.contexts.push_back(base);
  zc_clobber_volatile();  // the routine must restore the stub's argument registers
  if (value == kResolveFailValue || value == ResolveFailSlotAddress()) return {0xBAD, kResolveFailed};
  return {value + reinterpret_cast<const TestResolveContext*>(base)->offset, 0};
}

const TestResolveContext* ResolveContextFor(size_t param) {
  static const auto contexts = [] {
    std::array<TestResolveContext, kMaxStubParams> all{};
    for (size_t i = 0; i < all.size(); ++i) all[i] = {{&TestResolve}, ResolveOffset(i)};
    return all;
  }();
  return &contexts[param];
}

uint64_t RandomTaggedWord(std::mt19937_64& rng, unsigned shift) {
  const uint64_t pick = rng() % 6;
  if (pick < 2) return rng() | 1;
  if (pick == 2 && shift == kNodeSmiShift) return SmiWord(kSmiPayloads[rng() % 5], shift);
  const int64_t payload = static_cast<int64_t>(rng()) >> shift;  // sign-extended, 64 - shift bits
  if (pick == 3) return SmiWord(payload < 0 ? INT64_MIN >> shift : INT64_MAX >> shift, shift);
  return SmiWord(payload, shift);
}

RejectLog reject_log;

extern "C" uint64_t TestReject(uint64_t context, double value) {
  reject_log.contexts.push_back(context);
  reject_log.values.push_back(DoubleBits(value));
  zc_clobber_volatile();
  return kRejectReturn;
}

void CheckRejectedOnce(uint64_t context, uint64_t value_bits, const std::string& what) {
  ZC_EXPECT_TRUE(reject_log.contexts == std::vector<uint64_t>{context}) << what + ": context";
  ZC_EXPECT_TRUE(reject_log.values == std::vector<uint64_t>{value_bits}) << what + ": exact double";
}

}  // namespace zerocall::jit::test
