// exec_structs.cc: the C targets of the struct tests and the guarded page
// (exec_structs.h).

#include "exec_structs.h"

#include <sys/mman.h>
#include <unistd.h>

namespace zerocall::jit::test {

StructRecord struct_record;

namespace {

template <typename S>
void RecordStruct(int k, const S& s) {
  static_assert(sizeof(S) <= sizeof struct_record.bytes[0]);
  std::memcpy(struct_record.bytes[k], &s, sizeof s);
}

}  // namespace

extern "C" double TakeD2(D2 s) { ++struct_record.calls; RecordStruct(0, s); return s.x + 1000 * s.y; }
extern "C" int64_t TakeI2(I2 s) { ++struct_record.calls; RecordStruct(0, s); return s.a - 7 * s.b; }
extern "C" double TakeMixed(Mixed s) { ++struct_record.calls; RecordStruct(0, s); return s.d; }
extern "C" float TakeF3(F3 s) { ++struct_record.calls; RecordStruct(0, s); return s.c; }
extern "C" uint32_t TakeB3(B3 s) { ++struct_record.calls; RecordStruct(0, s); return s.b[2]; }
extern "C" uint32_t TakeH3(H3 s) { ++struct_record.calls; RecordStruct(0, s); return s.h[2]; }
extern "C" uint32_t TakeB7(B7 s) { ++struct_record.calls; RecordStruct(0, s); return s.b[6]; }
extern "C" uint32_t TakeB11(B11 s) { ++struct_record.calls; RecordStruct(0, s); return s.b[10]; }
extern "C" float TakeNested(Nested s) { ++struct_record.calls; RecordStruct(0, s); return s.point.y; }
extern "C" int64_t TakeI3(I3 s) { ++struct_record.calls; RecordStruct(0, s); return s.c; }
extern "C" int64_t IntsThenI2(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, I2 s, int64_t f) {
  ++struct_record.calls;
  RecordStruct(0, s);
  const int64_t ints[6] = {a, b, c, d, e, f};
  std::memcpy(struct_record.ints, ints, sizeof ints);
  return f;
}
extern "C" int64_t SevenIntsThenI2(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f,
                                   int64_t g, I2 s, int64_t h) {
  ++struct_record.calls;
  RecordStruct(0, s);
  const int64_t ints[8] = {a, b, c, d, e, f, g, h};
  std::memcpy(struct_record.ints, ints, sizeof ints);
  return h;
}
extern "C" double SevenDoublesThenF3(double a, double b, double c, double d, double e, double f,
                                     double g, F3 s, double y) {
  ++struct_record.calls;
  RecordStruct(0, s);
  struct_record.doubles[0] = a + b + c + d + e + f;
  struct_record.doubles[1] = g;
  return y;
}
extern "C" int64_t ScribbleI3(I3 s) {
  ++struct_record.calls;
  RecordStruct(0, s);
  s.a = s.b = s.c = 0;
  return s.a;
}
extern "C" uint8_t Everything(double x, D2 a, int32_t i, Mixed b, I3 c, I2 d, int64_t j, B3 e,
                              double y) {
  ++struct_record.calls;
  RecordStruct(0, a);
  RecordStruct(1, b);
  RecordStruct(2, c);
  RecordStruct(3, d);
  const int64_t ints[3] = {i, j, e.b[0] | e.b[1] << 8 | e.b[2] << 16};
  std::memcpy(struct_record.ints, ints, sizeof ints);
  struct_record.doubles[0] = x;
  struct_record.doubles[1] = y;
  return static_cast<uint8_t>(i);
}

GuardedPage::GuardedPage() {
  page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* mem = mmap(nullptr, 2 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mem_ = mem == MAP_FAILED ? nullptr : static_cast<uint8_t*>(mem);
  if (mem_ != nullptr) mprotect(mem_ + page_, page_, PROT_NONE);
}

GuardedPage::~GuardedPage() {
  if (mem_ != nullptr) munmap(mem_, 2 * page_);
}

}  // namespace zerocall::jit::test
