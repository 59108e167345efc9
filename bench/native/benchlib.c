// The C functions every peer calls in `npm run bench`.
// Built at bench time:  cc -O2 -shared -fPIC benchlib.c -o ../.build/libbenchlib.so <libsqlite3.so.0>
// Plain C, C ABI, no inlining across the library boundary.
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default"))) __attribute__((noinline))

EXPORT void nop(void) {}
EXPORT int32_t add_i32(int32_t a, int32_t b) { return a + b; }
EXPORT uint32_t add_u32(uint32_t a, uint32_t b) { return a + b; }
EXPORT double add_f64(double a, double b) { return a + b; }
EXPORT float add_f32(float a, float b) { return a + b; }
EXPORT int64_t add_i64(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }

// 6 i32 and 4 f64, interleaved: 6 integer-class args (+ the receiver on the V8 Fast API
// path = 7, one more than the SysV integer registers) and 4 FP args.
EXPORT double many_args(int32_t a, double b, int32_t c, double d, int32_t e,
                        double f, int32_t g, double h, int32_t i, int32_t j) {
  return (double)a + b + (double)c + d + (double)e + f + (double)g + h + (double)i + (double)j;
}

// errno_call: fails as POSIX functions do (errno set, -1 returned).
EXPORT int32_t bench_errno(int32_t e) {
  errno = e;
  return -1;
}

// variadic_call, printf-style: `ints` ints then `doubles` doubles through va_arg, each
// weighted by its position (1-based).
EXPORT double sum_va(int32_t ints, int32_t doubles, ...) {
  va_list args;
  va_start(args, doubles);
  double sum = 0;
  int position = 1;
  for (int32_t k = 0; k < ints; k++) sum += (double)va_arg(args, int) * position++;
  for (int32_t k = 0; k < doubles; k++) sum += va_arg(args, double) * position++;
  va_end(args);
  return sum;
}

// A fixed, never-dereferenced address in the user-space range above 2^32.
#define BENCH_PTR ((void*)(uintptr_t)0x7f0012345678ull)
EXPORT void* return_ptr(void) { return BENCH_PTR; }
EXPORT uint64_t ptr_to_u64(void* p) { return (uint64_t)(uintptr_t)p; }

EXPORT uint32_t sum_buffer(const uint8_t* p, size_t n) {
  uint32_t s = 0;
  for (size_t k = 0; k < n; k++) s += p[k];
  return s;
}

// strlen through the bench library, once per argument kind (two keys, one C body):
// `strlen` takes a Uint8Array, `strlen_string` a JS string (cstring).
EXPORT uint32_t strlen_bytes(const char* s) { return (uint32_t)strlen(s); }
EXPORT uint32_t strlen_string(const char* s) { return (uint32_t)strlen(s); }

// C calls a function pointer it was given: one C->JS round trip per call when the pointer
// is a JS callback (the `call_cb` case).
EXPORT int32_t call_cb(int32_t (*cb)(int32_t), int32_t x) { return cb(x); }

// Structs by value (x86-64 SysV): S16 (two doubles) travels in two SSE registers; S24
// (24 bytes, over the 16-byte limit) is passed in memory on the stack and returned through
// a hidden pointer the caller supplies.
typedef struct { double x; double y; } S16;
typedef struct { int64_t a, b, c; } S24;
EXPORT double struct16(S16 s) { return s.x + 2 * s.y; }
EXPORT S24 struct24(S24 s) {
  S24 r = {(int64_t)((uint64_t)s.a + 1), (int64_t)((uint64_t)s.b + 2), (int64_t)((uint64_t)s.c + 3)};
  return r;
}

// ---- sqlite setup helper (not timed) ----
// Opens an in-memory database and prepares "SELECT 1" once; the timed loop then calls
// sqlite3_step / sqlite3_column_int / sqlite3_reset from libsqlite3 through each FFI.
// Declared here so that no sqlite3 -dev package is needed.
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
int sqlite3_open(const char*, sqlite3**);
int sqlite3_prepare_v2(sqlite3*, const char*, int, sqlite3_stmt**, const char**);
int sqlite3_exec(sqlite3*, const char*, int (*)(void*, int, char**, char**), void*, char**);

EXPORT void* bench_sqlite_select1(void) {
  static sqlite3_stmt* stmt = NULL;
  if (stmt) return stmt;
  sqlite3* db = NULL;
  if (sqlite3_open(":memory:", &db) != 0) return NULL;
  if (sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL) != 0) return NULL;
  return stmt;
}

// An open in-memory database for the `sqlite_exec` case (opened once, not timed).
EXPORT void* bench_sqlite_db(void) {
  static sqlite3* db = NULL;
  if (db) return db;
  if (sqlite3_open(":memory:", &db) != 0) return NULL;
  return db;
}

// The `sqlite_rows` table: a new in-memory database made by `setup` (ROWS.setup in
// cases.mjs) and the prepared `select` over it (opened once per process, not timed).
EXPORT void* bench_sqlite_rows(const char* setup, const char* select) {
  static sqlite3_stmt* stmt = NULL;
  if (stmt) return stmt;
  sqlite3* db = NULL;
  if (sqlite3_open(":memory:", &db) != 0) return NULL;
  if (sqlite3_exec(db, setup, NULL, NULL, NULL) != 0) return NULL;
  if (sqlite3_prepare_v2(db, select, -1, &stmt, NULL) != 0) return NULL;
  return stmt;
}
