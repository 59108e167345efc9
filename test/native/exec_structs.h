// exec_structs.h: the structs of the struct-by-value execution tests
// (exec_struct_test.cc: kResolvedStruct; exec_typed_array_struct_test.cc:
// kTypedArrayStruct) and their C targets, which take the structs by value and copy
// what they received into struct_record: every byte must match what the stub was
// given. Their shapes are in exec_requests.h.
#ifndef ZEROCALL_TEST_NATIVE_EXEC_STRUCTS_H_
#define ZEROCALL_TEST_NATIVE_EXEC_STRUCTS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "exec_requests.h"
#include "exec_support.h"

namespace zerocall::jit::test {

struct D2 { double x, y; };
struct I2 { int64_t a, b; };
struct Mixed { int32_t i; float f; double d; };
struct F3 { float a, b, c; };
struct B3 { uint8_t b[3]; };
struct H3 { uint16_t h[3]; };
struct B7 { uint8_t b[7]; };
struct B11 { uint8_t b[11]; };
struct Nested { uint8_t tag; struct { float x, y; } point; };
struct I3 { int64_t a, b, c; };

struct StructRecord {
  uint64_t calls;
  uint8_t bytes[4][32];  // the structs C received, in order
  int64_t ints[8];
  double doubles[2];
};
extern StructRecord struct_record;

// One struct param each; each returns a field (or two).
extern "C" double TakeD2(D2 s);
extern "C" int64_t TakeI2(I2 s);
extern "C" double TakeMixed(Mixed s);
extern "C" float TakeF3(F3 s);
extern "C" uint32_t TakeB3(B3 s);
extern "C" uint32_t TakeH3(H3 s);
extern "C" uint32_t TakeB7(B7 s);
extern "C" uint32_t TakeB11(B11 s);
extern "C" float TakeNested(Nested s);
extern "C" int64_t TakeI3(I3 s);
// Five integers take five GP registers: the I2 needs two and goes to the stack
// whole, the next integer still gets the last register.
extern "C" int64_t IntsThenI2(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, I2 s, int64_t f);
// Seven integers leave one register on AArch64: the I2 goes to the stack and
// so does the integer after it (NGRN = 8); on x86-64 both go to the stack too.
extern "C" int64_t SevenIntsThenI2(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f,
                                   int64_t g, I2 s, int64_t h);
// Seven doubles leave one FP register: the F3 goes to the stack (AArch64:
// NSRN = 8, so y follows it there; x86-64: y takes xmm7).
extern "C" double SevenDoublesThenF3(double a, double b, double c, double d, double e, double f,
                                     double g, F3 s, double y);
// C may write its parameter: the caller's struct must not change.
extern "C" int64_t ScribbleI3(I3 s);
// Everything at once, framed (u8 result): structs in FP and GP registers, a
// MEMORY-class copy, a struct that no longer fits after them, scalars between.
extern "C" uint8_t Everything(double x, D2 a, int32_t i, Mixed b, I3 c, I2 d, int64_t j, B3 e, double y);

// Every struct shape of the execution tests with its C target and the result that
// target must return, handed to `check(name, target, shape, expected)`.
template <typename Check>
void ForEachStructCase(Check&& check) {
  check("D2", &TakeD2, kShapeD2, +[](const D2& s) { return s.x + 1000 * s.y; });
  check("I2", &TakeI2, kShapeI2, +[](const I2& s) { return s.a - 7 * s.b; });
  check("Mixed", &TakeMixed, kShapeMixed, +[](const Mixed& s) { return s.d; });
  check("F3", &TakeF3, kShapeF3, +[](const F3& s) { return s.c; });
  check("B3", &TakeB3, kShapeB3, +[](const B3& s) { return uint32_t{s.b[2]}; });
  check("H3", &TakeH3, kShapeH3, +[](const H3& s) { return uint32_t{s.h[2]}; });
  check("B7", &TakeB7, kShapeB7, +[](const B7& s) { return uint32_t{s.b[6]}; });
  check("B11", &TakeB11, kShapeB11, +[](const B11& s) { return uint32_t{s.b[10]}; });
  check("Nested", &TakeNested, kShapeNested, +[](const Nested& s) { return s.point.y; });
  check("I3", &TakeI3, kShapeI3, +[](const I3& s) { return s.c; });
}

// What the stub gets for a struct at `bytes` as param `param` (TestResolve adds
// the param's ResolveOffset).
inline uint64_t StructValue(const void* bytes, size_t param) {
  return reinterpret_cast<uintptr_t>(bytes) - ResolveOffset(param);
}

// Test bytes: 0x11, 0x22, ... (distinct, nonzero).
template <typename S>
S Pattern(uint8_t seed) {
  S s;
  auto* bytes = reinterpret_cast<uint8_t*>(&s);
  for (size_t k = 0; k < sizeof s; ++k) bytes[k] = static_cast<uint8_t>(seed + 0x11 * (k + 1));
  return s;
}

// Whether the k-th struct C received has `want`'s bytes.
template <typename S>
bool Received(int k, const S& want) {
  return std::memcmp(struct_record.bytes[k], &want, sizeof want) == 0;
}

// Two pages, the second PROT_NONE; At<S>() places S's bytes flush against it, so
// a load past the struct's bytes faults.
class GuardedPage {
 public:
  GuardedPage();
  ~GuardedPage();
  bool ok() const { return mem_ != nullptr; }
  template <typename S>
  const S* At(const S& value) {
    uint8_t* at = mem_ + page_ - sizeof value;
    std::memcpy(at, &value, sizeof value);
    return reinterpret_cast<const S*>(at);
  }

 private:
  size_t page_ = 0;
  uint8_t* mem_ = nullptr;
};

}  // namespace zerocall::jit::test

#endif  // ZEROCALL_TEST_NATIVE_EXEC_STRUCTS_H_
