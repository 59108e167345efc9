// exec_checked_values.cc: the checked-param values of the execution tests
// (exec_checked_values.h).

#include "exec_checked_values.h"

#include <cmath>
#include <limits>

namespace zerocall::jit::test {

namespace {

bool SignedCheck(V v) { return v == V::kI8 || v == V::kI16 || v == V::kI32; }

}  // namespace

bool RefAccepts(V kind, double d) {
  if (std::isnan(d) || std::isinf(d)) return false;
  const double t = std::trunc(d);
  return SignedCheck(kind) ? t >= -2147483648.0 && t <= 2147483647.0 : t >= 0.0 && t <= 4294967295.0;
}
uint64_t TruncatedBits(double d) { return static_cast<uint64_t>(static_cast<int64_t>(std::trunc(d))); }

const std::vector<double>& AcceptedDoubles(V kind) {
  static const std::vector<double> both = {
      0.0, -0.0, 1.9, -0.5, 0.5, 255.0, 256.0, 127.5, 65535.0, 65536.0, 32768.25, 4e-300, -4e-300,
      1e9, 2147483647.0, 2147483647.99};
  static const std::vector<double> signed_only = [] {
    std::vector<double> v = both;
    for (double d : {-1.9, -1.0, -129.0, -32769.0, -2147483648.0, -2147483648.99, -1e9}) v.push_back(d);
    return v;
  }();
  static const std::vector<double> unsigned_only = [] {
    std::vector<double> v = both;
    for (double d : {-0.99, 2147483648.0, 3e9, 4294967295.0, 4294967295.75}) v.push_back(d);
    return v;
  }();
  return SignedCheck(kind) ? signed_only : unsigned_only;
}
const std::vector<double>& RejectedDoubles(V kind) {
  static const std::vector<double> both = {
      std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN(),
      BitsToDouble(0x7ff0000000000001),  // signalling NaN
      BitsToDouble(0xfff8dead0000beef),  // NaN with a payload
      std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 1e300,
      -1e300, 9.3e18, -9.3e18, 9223372036854775808.0, -9223372036854775808.0, 1.8446744073709552e19,
      4294967296.0, 4294967296.5, 1e10, -1e10, std::numeric_limits<double>::max()};
  static const std::vector<double> signed_only = [] {
    std::vector<double> v = both;
    for (double d : {2147483648.0, 2147483648.5, -2147483649.0, 4294967295.0, 3e9}) v.push_back(d);
    return v;
  }();
  static const std::vector<double> unsigned_only = [] {
    std::vector<double> v = both;
    for (double d : {-1.0, -1.5, -2.0, -2147483648.0, -2147483649.0, -1e9}) v.push_back(d);
    return v;
  }();
  return SignedCheck(kind) ? signed_only : unsigned_only;
}

double GoodDouble(V kind, std::mt19937_64& rng) {
  const std::vector<double>& listed = AcceptedDoubles(kind);
  if (rng() % 3 == 0) return listed[rng() % listed.size()];
  const double whole = SignedCheck(kind) ? static_cast<double>(static_cast<int32_t>(rng()))
                                         : static_cast<double>(static_cast<uint32_t>(rng()));
  if (rng() % 2 == 0) return whole;
  const double fraction = static_cast<double>(rng() % 1000) / 1000.0;
  return whole < 0 || (whole == 0 && rng() % 2 == 0) ? whole - fraction : whole + fraction;
}
double BadDouble(V kind, std::mt19937_64& rng) {
  const std::vector<double>& listed = RejectedDoubles(kind);
  return listed[rng() % listed.size()];
}

// ---- Checked int64s (Arrival::kCheckedI64) ----

bool RefAcceptsI64(V kind, int64_t v) {
  return SignedCheck(kind) ? v >= INT32_MIN && v <= INT32_MAX : v >= 0 && v <= int64_t{UINT32_MAX};
}
uint64_t RejectedI64Bits(uint64_t raw) { return DoubleBits(static_cast<double>(static_cast<int64_t>(raw))); }

const std::vector<int64_t>& AcceptedInt64s(V kind) {
  static const std::vector<int64_t> both = {0, 1, 127, 128, 255, 256, 32767, 32768, 65535, 65536, INT32_MAX};
  static const std::vector<int64_t> signed_only = [] {
    std::vector<int64_t> v = both;
    for (int64_t d : {int64_t{-1}, int64_t{-128}, int64_t{-129}, int64_t{-32769}, int64_t{INT32_MIN}}) v.push_back(d);
    return v;
  }();
  static const std::vector<int64_t> unsigned_only = [] {
    std::vector<int64_t> v = both;
    for (int64_t d : {kTwo31, kTwo31 + 1, int64_t{3000000000}, kTwo32 - 1}) v.push_back(d);
    return v;
  }();
  return SignedCheck(kind) ? signed_only : unsigned_only;
}
const std::vector<int64_t>& RejectedInt64s(V kind) {
  static const std::vector<int64_t> both = {
      INT64_MIN, INT64_MAX, kTwo32, kTwo32 + 5, -kTwo32, -kTwo32 + 7, INT64_MIN + 1, INT64_MAX - 1,
      kTwo32 + INT32_MAX, int64_t{0x0123456789abcdef}, -int64_t{0x0123456789abcdef},
      int64_t{1} << 53, (int64_t{1} << 53) + 1, -kTwo31 - 1};
  static const std::vector<int64_t> signed_only = [] {
    std::vector<int64_t> v = both;
    for (int64_t d : {kTwo31, kTwo31 + 1, kTwo32 - 1, int64_t{3000000000}}) v.push_back(d);
    return v;
  }();
  static const std::vector<int64_t> unsigned_only = [] {
    std::vector<int64_t> v = both;
    for (int64_t d : {int64_t{-1}, int64_t{-2}, int64_t{INT32_MIN}, -kTwo32 + 1, int64_t{-255}}) v.push_back(d);
    return v;
  }();
  return SignedCheck(kind) ? signed_only : unsigned_only;
}

int64_t GoodInt64(V kind, std::mt19937_64& rng) {
  const std::vector<int64_t>& listed = AcceptedInt64s(kind);
  if (rng() % 3 == 0) return listed[rng() % listed.size()];
  return SignedCheck(kind) ? int64_t{static_cast<int32_t>(rng())} : int64_t{static_cast<uint32_t>(rng())};
}
int64_t BadInt64(V kind, std::mt19937_64& rng) {
  const std::vector<int64_t>& listed = RejectedInt64s(kind);
  if (rng() % 2 == 0) return listed[rng() % listed.size()];
  for (;;) {
    const int64_t v = static_cast<int64_t>(rng()) >> (rng() % 33);  // bias toward smaller magnitudes
    if (!RefAcceptsI64(kind, v)) return v;
  }
}

uint64_t GoodChecked(const std::vector<V>& params, const std::vector<Arrival>& arrivals, size_t i,
                     std::mt19937_64& rng) {
  if (IsCheckedI64(arrivals, i)) return static_cast<uint64_t>(GoodInt64(params[i], rng));
  return DoubleBits(GoodDouble(params[i], rng));
}
uint64_t BadChecked(const std::vector<V>& params, const std::vector<Arrival>& arrivals, size_t i,
                    std::mt19937_64& rng) {
  if (IsCheckedI64(arrivals, i)) return static_cast<uint64_t>(BadInt64(params[i], rng));
  return DoubleBits(BadDouble(params[i], rng));
}
uint64_t RejectedBits(const std::vector<Arrival>& arrivals, size_t i, uint64_t raw) {
  return IsCheckedI64(arrivals, i) ? RejectedI64Bits(raw) : raw;
}

}  // namespace zerocall::jit::test
