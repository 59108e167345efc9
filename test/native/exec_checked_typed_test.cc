// exec_checked_typed_test.cc: typed calls of a checked-param example per arrival kind
// (exec_checked_examples.h), tail-called and framed, options on and off: accepted
// rows reach C exactly (truncated and wrapped as the contract says), and each
// checked param rejected in turn, later ones too, calls TestReject once for the
// first one only, with its context and the exact double, from an aligned stack; the
// handler's result reaches V8 and C is not called.

#include <string>
#include <tuple>

#include "exec_checked_arrival.h"
#include "exec_checked_examples.h"
#include "exec_requests.h"
#include "exec_support.h"

namespace zerocall::jit::test {
namespace {

class CheckedTypedExec : public CheckedArrivalTest {};

template <typename Example>
void RunTypedExample() {
  for (bool framed : {false, true}) {
    for (bool options : {false, true}) {
      StubRequest request = Req(Example::Target(framed), Example::kParams, framed ? V::kU8 : V::kF64, options);
      WireRejects(request, Example::kArrivals);
      auto stub = ExecStub::Create(request);
      if (!stub) return;
      const std::string mode = std::string(framed ? "framed" : "tail call") + (options ? " +options" : "");
      ZC_EXPECT_EQ(stub->stub().tail_call, !framed) << mode;
      // R: the result type V8 reads (the whole u8 result register as 32 bits).
      auto call = [&](auto result, const typename Example::Args& args) {
        using R = decltype(result);
        return std::apply([&](auto... arg) { return stub->template Call<R>(options, arg...); }, args);
      };
      for (const typename Example::Row& row : Example::Rows()) {
        const uint64_t calls = Example::Calls();
        reject_log.Clear();
        if (framed) {
          ZC_EXPECT_EQ(call(uint32_t{}, Example::ArgsOf(row)), Example::U8Result(row)) << mode + ": u8 result";
        } else {
          ZC_EXPECT_EQ(call(double{}, Example::ArgsOf(row)), Example::F64Result(row)) << mode + ": f64 result";
        }
        ZC_EXPECT_EQ(Example::Calls(), calls + 1) << mode + ": target called once";
        Example::CheckReceived(row, mode);
        ZC_EXPECT_TRUE(reject_log.contexts.empty()) << mode + ": no reject";
      }
      for (const auto& reject : Example::Rejects()) {
        const uint64_t calls = Example::Calls();
        reject_log.Clear();
        zc_clobber_misaligned = 0;
        if (framed) {
          ZC_EXPECT_EQ(call(uint32_t{}, reject.args), static_cast<uint32_t>(kRejectReturn))
              << mode + ": the handler's result reaches V8";
        } else {
          call(double{}, reject.args);
        }
        const std::string what = mode + ": rejecting param " + std::to_string(reject.param);
        ZC_EXPECT_EQ(Example::Calls(), calls) << what + ": target not called";
        CheckRejectedOnce(RejectContext(reject.param), reject.handler_bits, what);
        ZC_EXPECT_EQ(zc_clobber_misaligned, uint64_t{0}) << what + ": handler entered with sp aligned";
      }
    }
  }
}

TEST_P(CheckedTypedExec, Typed) {
  if (GetParam() == Arrival::kCheckedI64) {
    RunTypedExample<Int64Example>();
  } else {
    RunTypedExample<DoubleExample>();
  }
}

INSTANTIATE_TEST_SUITE_P(Exec, CheckedTypedExec, kCheckedArrivals, CheckedArrivalName);

}  // namespace
}  // namespace zerocall::jit::test
