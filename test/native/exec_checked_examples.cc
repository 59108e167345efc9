// exec_checked_examples.cc: the typed examples of checked params
// (exec_checked_examples.h).

#include "exec_checked_examples.h"

#include <limits>

#include "exec_checked_values.h"

namespace zerocall::jit::test {

// ---- Checked doubles ----

CheckedRecord checked_record;

extern "C" double CheckedExample(int32_t a, double b, int32_t c, const void* p, uint8_t u) {
  checked_record = {checked_record.calls + 1, a, b, c, p, u};
  return a + 2 * b + 3.0 * c + 5.0 * u;
}
extern "C" uint8_t CheckedExampleU8(int32_t a, double b, int32_t c, const void* p, uint8_t u) {
  CheckedExample(a, b, c, p, u);
  return static_cast<uint8_t>(u + 1);
}

const std::vector<V> DoubleExample::kParams = {V::kI32, V::kF64, V::kI32, V::kPointer, V::kU8};
const std::vector<Arrival> DoubleExample::kArrivals = {
    Arrival::kCheckedF64, Arrival::kNative, Arrival::kCheckedF64, Arrival::kNative, Arrival::kCheckedF64};

const void* DoubleExample::Target(bool framed) {
  return framed ? reinterpret_cast<const void*>(&CheckedExampleU8)
                : reinterpret_cast<const void*>(&CheckedExample);
}

// Fractions, -0.0, int32 edges and u8 wrapping.
const std::vector<DoubleExample::Row>& DoubleExample::Rows() {
  static const std::vector<Row> rows = {
      {1.9, 0.25, -1.9, 255.0, 1, -1, 255},
      {-0.0, -1.5, 2147483647.5, 256.0, 0, INT32_MAX, 0},
      {-2147483648.9, 1e300, 0.5, 511.99, INT32_MIN, 0, 255},
      {42, 0, -42, 4294967295.0, 42, -42, 255},
  };
  return rows;
}

double DoubleExample::F64Result(const Row& row) {
  return row.want_a + 2 * row.b + 3.0 * row.want_c + 5.0 * row.want_u;
}

void DoubleExample::CheckReceived(const Row& row, const std::string& mode) {
  ZC_EXPECT_EQ(checked_record.a, row.want_a) << mode + ": a";
  ZC_EXPECT_EQ(checked_record.b, row.b) << mode + ": b";
  ZC_EXPECT_EQ(checked_record.c, row.want_c) << mode + ": c";
  ZC_EXPECT_TRUE(checked_record.p == kExamplePointer) << mode + ": p";
  ZC_EXPECT_EQ(checked_record.u, row.want_u) << mode + ": u";
}

std::vector<TypedReject<DoubleExample::Args>> DoubleExample::Rejects() {
  std::vector<TypedReject<Args>> rejects;
  const size_t checked_at[3] = {0, 2, 4};
  for (size_t k = 0; k < 3; ++k) {
    for (double bad : {std::numeric_limits<double>::quiet_NaN(), 1e300, -2147483649.0, 4294967296.0}) {
      double v[3] = {7.5, -7.5, 7.0};
      for (size_t j = k; j < 3; ++j) v[j] = bad;
      if (k == 2 && bad == -2147483649.0) v[2] = -1.0;  // u8: -1 is out of uint32
      rejects.push_back({checked_at[k], {v[0], 0.5, v[1], kExamplePointer, v[2]}, DoubleBits(v[k])});
    }
  }
  return rejects;
}

// ---- Checked int64s ----

CheckedI64Record checked_i64_record;

extern "C" double CheckedI64Example(int32_t a, double b, uint32_t c, const void* p, int8_t d, uint16_t e,
                                    uint8_t u) {
  checked_i64_record = {checked_i64_record.calls + 1, a, b, c, p, d, e, u};
  return a + 2 * b + 3.0 * c + 5.0 * d + 7.0 * e + 11.0 * u;
}
extern "C" uint8_t CheckedI64ExampleU8(int32_t a, double b, uint32_t c, const void* p, int8_t d,
                                       uint16_t e, uint8_t u) {
  CheckedI64Example(a, b, c, p, d, e, u);
  return static_cast<uint8_t>(u + 1);
}

const std::vector<V> Int64Example::kParams = {V::kI32, V::kF64, V::kU32, V::kPointer, V::kI8, V::kU16, V::kU8};
const std::vector<Arrival> Int64Example::kArrivals = {
    Arrival::kCheckedI64, Arrival::kNative,     Arrival::kCheckedI64, Arrival::kNative,
    Arrival::kCheckedI64, Arrival::kCheckedF64, Arrival::kCheckedI64};

const void* Int64Example::Target(bool framed) {
  return framed ? reinterpret_cast<const void*>(&CheckedI64ExampleU8)
                : reinterpret_cast<const void*>(&CheckedI64Example);
}

// INT32_MIN/MAX, -1, 0, 2^31 and 2^32-1 as u32, i8 wrapping (255 -> -1, -129 ->
// 127), u8 wrapping (256 -> 0).
const std::vector<Int64Example::Row>& Int64Example::Rows() {
  static const std::vector<Row> rows = {
      {INT32_MIN, 0.25, 0, 255, 65536.5, 256, INT32_MIN, 0, -1, 0, 0},
      {INT32_MAX, -1.5, kTwo31, -129, 1.9, 255, INT32_MAX, 0x80000000u, 127, 1, 255},
      {-1, 1e300, kTwo32 - 1, 128, 65535.0, kTwo32 - 1, -1, 0xffffffffu, -128, 65535, 255},
      {0, 0, INT32_MAX, INT32_MIN, -0.0, 0, 0, 0x7fffffffu, 0, 0, 0},
  };
  return rows;
}

double Int64Example::F64Result(const Row& row) {
  return row.want_a + 2 * row.b + 3.0 * row.want_c + 5.0 * row.want_d + 7.0 * row.want_e + 11.0 * row.want_u;
}

void Int64Example::CheckReceived(const Row& row, const std::string& mode) {
  ZC_EXPECT_EQ(checked_i64_record.a, row.want_a) << mode + ": a";
  ZC_EXPECT_EQ(checked_i64_record.b, row.b) << mode + ": b";
  ZC_EXPECT_EQ(checked_i64_record.c, row.want_c) << mode + ": c";
  ZC_EXPECT_TRUE(checked_i64_record.p == kExamplePointer) << mode + ": p";
  ZC_EXPECT_EQ(checked_i64_record.d, row.want_d) << mode + ": d";
  ZC_EXPECT_EQ(checked_i64_record.e, row.want_e) << mode + ": e";
  ZC_EXPECT_EQ(checked_i64_record.u, row.want_u) << mode + ": u";
}

std::vector<TypedReject<Int64Example::Args>> Int64Example::Rejects() {
  const int64_t bad_signed[4] = {kTwo31, -kTwo31 - 1, INT64_MIN, INT64_MAX};
  const int64_t bad_unsigned[4] = {-1, kTwo32, INT64_MIN, INT64_MAX};
  const double bad_double[4] = {std::numeric_limits<double>::quiet_NaN(), 1e300, 65536.0 * 65536.0, -1.0};
  const size_t checked_at[5] = {0, 2, 4, 5, 6};
  std::vector<TypedReject<Args>> rejects;
  for (size_t k = 0; k < 5; ++k) {
    for (int which = 0; which < 4; ++which) {
      int64_t a = 7, cc = 7, d = -7, u = 7;
      double e = 7.5;
      if (k <= 0) a = bad_signed[which];
      if (k <= 1) cc = bad_unsigned[which];
      if (k <= 2) d = bad_signed[(which + 1) % 4];
      if (k <= 3) e = bad_double[which];
      if (k <= 4) u = bad_unsigned[(which + 1) % 4];
      const uint64_t want[5] = {DoubleBits(static_cast<double>(a)), DoubleBits(static_cast<double>(cc)),
                                DoubleBits(static_cast<double>(d)), DoubleBits(e),
                                DoubleBits(static_cast<double>(u))};
      rejects.push_back({checked_at[k], {a, 0.5, cc, kExamplePointer, d, e, u}, want[k]});
    }
  }
  return rejects;
}

}  // namespace zerocall::jit::test
