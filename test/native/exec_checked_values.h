// exec_checked_values.h: the values a checked param (Arrival::kCheckedF64: an
// i8/u8/i16/u16/i32/u32 V8 passes as a float64; kCheckedI64: the same kinds as an
// int64) is given in the execution tests, and a reference of the contract,
// independent of the stub, that checks the value lists.
#ifndef ZEROCALL_TEST_NATIVE_EXEC_CHECKED_VALUES_H_
#define ZEROCALL_TEST_NATIVE_EXEC_CHECKED_VALUES_H_

#include <cstdint>
#include <random>
#include <vector>

#include "exec_support.h"

namespace zerocall::jit::test {

// The kinds a param can be checked as, each once.
inline constexpr V kCheckableKinds[] = {V::kI32, V::kU32, V::kI8, V::kU8, V::kI16, V::kU16};

constexpr int64_t kTwo31 = int64_t{1} << 31;
constexpr int64_t kTwo32 = int64_t{1} << 32;

// ---- Checked doubles ----

// The contract: NaN and infinities never fit; otherwise truncate toward zero
// and require int32 (i8/i16/i32) or uint32.
bool RefAccepts(V kind, double d);
// The truncated value's bits, for an accepted double.
uint64_t TruncatedBits(double d);
// Doubles every checked kind accepts or rejects by its range (int32 / uint32).
const std::vector<double>& AcceptedDoubles(V kind);
const std::vector<double>& RejectedDoubles(V kind);
// An accepted double: a listed edge a third of the time, otherwise a random
// in-range integer, half of them with a fraction.
double GoodDouble(V kind, std::mt19937_64& rng);
double BadDouble(V kind, std::mt19937_64& rng);

// ---- Checked int64s ----

// The contract: int32 (i8/i16/i32) or uint32.
bool RefAcceptsI64(V kind, int64_t v);
// The double the reject handler must get for a rejected int64 (round to nearest).
uint64_t RejectedI64Bits(uint64_t raw);
// Int64s every checked kind accepts or rejects by its range (int32 / uint32).
// Among the rejected ones are values whose low 32 bits alone would pass
// (2^32 + 5, -2^32), so only a check of the whole word rejects them.
const std::vector<int64_t>& AcceptedInt64s(V kind);
const std::vector<int64_t>& RejectedInt64s(V kind);
// An accepted int64: a listed edge a third of the time, otherwise a random
// int32 (sign-extended) or uint32 (zero-extended).
int64_t GoodInt64(V kind, std::mt19937_64& rng);
// A rejected int64: a listed one half the time, otherwise a random word
// outside the range.
int64_t BadInt64(V kind, std::mt19937_64& rng);

// ---- Either, by param ----

// A good or bad value for checked param i, as V8 passes it (double or int64 bits).
uint64_t GoodChecked(const std::vector<V>& params, const std::vector<Arrival>& arrivals, size_t i,
                     std::mt19937_64& rng);
uint64_t BadChecked(const std::vector<V>& params, const std::vector<Arrival>& arrivals, size_t i,
                    std::mt19937_64& rng);
// The double bits the reject handler must get for a rejected value.
uint64_t RejectedBits(const std::vector<Arrival>& arrivals, size_t i, uint64_t raw);

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_EXEC_CHECKED_VALUES_H_
