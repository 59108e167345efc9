// exec_recorder.h: recorder calls, which check the exact bits at the C boundary.
// A stub bound to zc_record (harness_*.S) is called through zc_invoke with exact
// register and stack contents as V8 lays them out; zc_record saves the raw
// registers and stack slots it receives, which are compared with an independent
// reference of both ABIs' argument assignment (next GP / next FP register, else
// the next 8-byte stack slot, in argument order) and of the contract: the
// extension of narrow params, resolved values, untagged Smis, truncated checked
// doubles, wrapped checked int64s, narrow-result normalisation, 16-byte stack
// alignment at the call and stack balance.
#ifndef ZEROCALL_TEST_NATIVE_EXEC_RECORDER_H_
#define ZEROCALL_TEST_NATIVE_EXEC_RECORDER_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "exec_support.h"

namespace zerocall::jit::test {

// Where a param is, in the reference assignment.
struct RefLoc {
  enum Kind { kGp, kFp, kStack } kind;
  int index;
};

// One V8-style call laid out for zc_invoke: the receiver, each param's raw bits
// and the options pointer in V8's registers and stack slots; c_locs says where
// the C side finds each param.
struct LaidOutCall {
  ZcInvokeFrame frame{};
  std::vector<uint64_t> stack;
  std::vector<RefLoc> c_locs;
  int c_stack_slots = 0;
};

void LayOut(const std::vector<V>& params, const std::vector<uint64_t>& raw, bool options,
            LaidOutCall& call, const std::vector<Arrival>& arrivals = {},
            uint64_t options_word = reinterpret_cast<uintptr_t>(kOptions));

// The bits zc_record got at `loc`.
uint64_t ReadLoc(const ZcRecord& rec, RefLoc loc);

// The values TestResolve must have seen, in order, for the params before `end`.
std::vector<uint64_t> ResolvedValues(const std::vector<V>& params, const std::vector<uint64_t>& raw,
                                     size_t end = SIZE_MAX);

// Every C-side argument zc_record got, against what the contract says.
void CheckRecordedParams(const LaidOutCall& call, const std::vector<V>& params,
                         const std::vector<uint64_t>& raw, const std::vector<Arrival>& arrivals,
                         const std::string& label, uint8_t smi_shift = kNodeSmiShift);

// A rejected recorded call: the target was not called, the handler's result is
// what V8 gets, and the stack is balanced.
void CheckRecordedReject(const LaidOutCall& call, uint64_t calls_before, const std::string& what);

// Calls a stub for `params -> result` bound to zc_record with random bits
// (kResolvedInteger: the address of a random tagged word; checked params:
// accepted values) and checks every C-side argument, the result, stack
// alignment and balance, and the resolve calls.
void CheckRecorded(std::mt19937_64& rng, const std::vector<V>& params, V result, bool options,
                   const std::string& label, uint8_t smi_shift = kNodeSmiShift,
                   const std::vector<Arrival>& arrivals = {});

// `iterations` random signatures of 0..40 params drawn from `kinds`, results
// from `results`, options on or off, each through CheckRecorded.
void CheckRandomSignatures(std::mt19937_64& rng, const std::vector<V>& kinds,
                           const std::vector<V>& results, int iterations);

// A random signature of 0..40 params over every kind; each integer kind that
// can be checked is, with probability 1/2; with `with_i64` half of those
// arrive as int64s, the others as doubles.
void RandomCheckedSignature(std::mt19937_64& rng, std::vector<V>& params, std::vector<Arrival>& arrivals,
                            bool with_i64 = false);

// "i64(i32,f64,+opt)"; checked params get "~d" (double) or "~i64".
std::string Describe(const std::vector<V>& params, V result, bool options);
std::string DescribeChecked(const std::vector<V>& params, const std::vector<Arrival>& arrivals, V result,
                            bool options);

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_EXEC_RECORDER_H_
