// exec_checked_examples.h: the typed examples of checked params, one per arrival
// kind (Arrival::kCheckedF64, kCheckedI64), run by exec_checked_typed_test.cc; the
// int64 one also by exec_reject_flag_test.cc. Each example is a C signature with two
// targets (an f64 result, tail-called; a u8 result, framed) that record what they
// got, the argument types V8 passes (Args), accepted rows with what C must get, and
// rejected calls: the param that must be reported and the double the handler gets.
#ifndef ZEROCALL_TEST_NATIVE_EXEC_CHECKED_EXAMPLES_H_
#define ZEROCALL_TEST_NATIVE_EXEC_CHECKED_EXAMPLES_H_

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "exec_support.h"

namespace zerocall::jit::test {

inline const void* const kExamplePointer = reinterpret_cast<const void*>(uintptr_t{0x7f00c0de0010});

template <typename Args>
struct TypedReject {
  size_t param;           // the first rejected param: the one reported
  Args args;              // this param and (some of) the later ones out of range
  uint64_t handler_bits;  // the double the reject handler must get
};

// f64 (i32~d, f64, i32~d, ptr, u8~d): V8 passes the three integers in
// xmm0/xmm2/xmm3 (d0/d2/d3) and the pointer in the second GP register; C gets
// rdi, xmm0, rsi, rdx, rcx (x0, d0, x1, x2, x3).
struct CheckedRecord {
  uint64_t calls;
  int32_t a;
  double b;
  int32_t c;
  const void* p;
  uint32_t u;
};
extern CheckedRecord checked_record;

struct DoubleExample {
  using Args = std::tuple<double, double, double, const void*, double>;  // a, b, c, p, u
  struct Row {
    double a, b, c, u;
    int32_t want_a, want_c;
    uint32_t want_u;
  };
  static const std::vector<V> kParams;
  static const std::vector<Arrival> kArrivals;
  static const void* Target(bool framed);
  static uint64_t Calls() { return checked_record.calls; }
  static const std::vector<Row>& Rows();
  static Args ArgsOf(const Row& row) { return {row.a, row.b, row.c, kExamplePointer, row.u}; }
  static double F64Result(const Row& row);
  static uint32_t U8Result(const Row& row) { return (row.want_u + 1) & 0xff; }
  static void CheckReceived(const Row& row, const std::string& mode);
  // Each checked param rejected in turn, the later ones rejected too.
  static std::vector<TypedReject<Args>> Rejects();
};

// f64 (i32~i64, f64, u32~i64, ptr, i8~i64, u16~d, u8~i64): the int64s arrive
// where native integers would (V8's 2nd, 3rd, 5th, 6th GP registers), the u16
// as a double in the 2nd FP register; C gets them in order, the double first
// in the FP registers.
struct CheckedI64Record {
  uint64_t calls;
  int32_t a;
  double b;
  uint32_t c;
  const void* p;
  int32_t d;
  uint32_t e;
  uint32_t u;
};
extern CheckedI64Record checked_i64_record;

struct Int64Example {
  using Args = std::tuple<int64_t, double, int64_t, const void*, int64_t, double, int64_t>;  // a b c p d e u
  struct Row {
    int64_t a;
    double b;
    int64_t cc, d;
    double e;
    int64_t u;
    int32_t want_a;
    uint32_t want_c;
    int32_t want_d;
    uint32_t want_e, want_u;
  };
  static const std::vector<V> kParams;
  static const std::vector<Arrival> kArrivals;
  static const void* Target(bool framed);
  static uint64_t Calls() { return checked_i64_record.calls; }
  static const std::vector<Row>& Rows();
  static Args ArgsOf(const Row& row) { return {row.a, row.b, row.cc, kExamplePointer, row.d, row.e, row.u}; }
  static double F64Result(const Row& row);
  static uint32_t U8Result(const Row& row) { return (row.want_u + 1) & 0xff; }
  static void CheckReceived(const Row& row, const std::string& mode);
  // Each checked param rejected in turn, the later ones rejected too, four ways
  // each (2^31, -2^31-1, INT64_MIN/MAX for signed kinds; -1, 2^32, INT64_MIN/MAX
  // for unsigned ones; NaN, 1e300, 2^32, -1 for the double).
  static std::vector<TypedReject<Args>> Rejects();
};

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_EXEC_CHECKED_EXAMPLES_H_
