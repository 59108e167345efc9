// The floor: the same C functions called from C through function pointers loaded with
// dlsym and kept in volatile variables, so every call is a real indirect call that the
// compiler can neither inline nor hoist.
//
//   direct <libbenchlib.so> <case> <maxN> <reps> <targetMs>
//
// Prints `@@RESULT {json}` like bench/child.mjs (ns per iteration of each repetition).
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void* sym(void* h, const char* name) {
  void* p = dlsym(h, name);
  if (!p) {
    printf("@@RESULT {\"peer\":\"c\",\"error\":\"dlsym %s: %s\"}\n", name, dlerror());
    exit(0);
  }
  return p;
}

static void (*volatile p_nop)(void);
static int32_t (*volatile p_add_i32)(int32_t, int32_t);
static uint32_t (*volatile p_add_u32)(uint32_t, uint32_t);
static double (*volatile p_add_f64)(double, double);
static float (*volatile p_add_f32)(float, float);
static int64_t (*volatile p_add_i64)(int64_t, int64_t);
static double (*volatile p_many_args)(int32_t, double, int32_t, double, int32_t, double, int32_t, double, int32_t,
                                      int32_t);
static void* (*volatile p_return_ptr)(void);
static uint64_t (*volatile p_ptr_to_u64)(void*);
static uint32_t (*volatile p_sum_buffer)(const uint8_t*, size_t);
static int (*volatile p_getpid)(void);
static int (*volatile p_step)(void*);
static int (*volatile p_column_int)(void*, int);
static int (*volatile p_reset)(void*);

static volatile int64_t sink_i;
static volatile double sink_d;
static volatile void* sink_p;

static uint8_t buf[4096];
static void* g_stmt;
static void* g_ptr;

// Runs one case n times; returns the last result as a double for validation.
static double run(const char* c, long n) {
  if (!strcmp(c, "nop")) { for (long i = 0; i < n; i++) p_nop(); return 0; }
  if (!strcmp(c, "add_i32")) { int32_t r = 0; for (long i = 0; i < n; i++) r = p_add_i32(20, 22); sink_i = r; return r; }
  if (!strcmp(c, "add_u32")) { uint32_t r = 0; for (long i = 0; i < n; i++) r = p_add_u32(3000000000u, 5); sink_i = r; return r; }
  if (!strcmp(c, "add_f64")) { double r = 0; for (long i = 0; i < n; i++) r = p_add_f64(1.5, 2.25); sink_d = r; return r; }
  if (!strcmp(c, "add_f32")) { float r = 0; for (long i = 0; i < n; i++) r = p_add_f32(1.5f, 2.25f); sink_d = r; return r; }
  if (!strcmp(c, "add_i64")) { int64_t r = 0; for (long i = 0; i < n; i++) r = p_add_i64(1LL << 40, 5); sink_i = r; return (double)r; }
  if (!strcmp(c, "many_args")) {
    double r = 0;
    for (long i = 0; i < n; i++) r = p_many_args(1, 0.5, 2, 0.25, 3, 0.125, 4, 0.0625, 5, 6);
    sink_d = r; return r;
  }
  if (!strcmp(c, "return_ptr")) { void* r = 0; for (long i = 0; i < n; i++) r = p_return_ptr(); sink_p = r; return (double)(uintptr_t)r; }
  if (!strcmp(c, "ptr_to_u64")) { uint64_t r = 0; for (long i = 0; i < n; i++) r = p_ptr_to_u64(g_ptr); sink_i = (int64_t)r; return (double)r; }
  if (!strcmp(c, "sum_buffer_64")) { uint32_t r = 0; for (long i = 0; i < n; i++) r = p_sum_buffer(buf, 64); sink_i = r; return r; }
  if (!strcmp(c, "sum_buffer_4k")) { uint32_t r = 0; for (long i = 0; i < n; i++) r = p_sum_buffer(buf, 4096); sink_i = r; return r; }
  if (!strcmp(c, "getpid")) { int r = 0; for (long i = 0; i < n; i++) r = p_getpid(); sink_i = r; return r; }
  if (!strcmp(c, "sqlite_step")) {
    int r = 0;
    for (long i = 0; i < n; i++) { p_step(g_stmt); r = p_column_int(g_stmt, 0); p_reset(g_stmt); }
    sink_i = r; return r;
  }
  return -1e300;
}

static double expected(const char* c) {
  if (!strcmp(c, "nop")) return 0;
  if (!strcmp(c, "add_i32")) return 42;
  if (!strcmp(c, "add_u32")) return 3000000005.0;
  if (!strcmp(c, "add_f64") || !strcmp(c, "add_f32")) return 3.75;
  if (!strcmp(c, "add_i64")) return (double)((1LL << 40) + 5);
  if (!strcmp(c, "many_args")) return 21.9375;
  if (!strcmp(c, "return_ptr") || !strcmp(c, "ptr_to_u64")) return (double)0x7f0012345678ull;
  if (!strcmp(c, "sum_buffer_64")) return 64;
  if (!strcmp(c, "sum_buffer_4k")) return 4096;
  if (!strcmp(c, "getpid")) return (double)getpid();
  if (!strcmp(c, "sqlite_step")) return 1;
  return -1;
}

int main(int argc, char** argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: direct <libbenchlib.so> <case> <maxN> <reps> <targetMs>\n");
    return 2;
  }
  const char* c = argv[2];
  long maxN = atol(argv[3]);
  int reps = atoi(argv[4]);
  double targetMs = atof(argv[5]);
  void* hb = dlopen(argv[1], RTLD_NOW);
  void* hc = dlopen("libc.so.6", RTLD_NOW);
  void* hs = dlopen("libsqlite3.so.0", RTLD_NOW);
  if (!hb || !hc || !hs) { printf("@@RESULT {\"peer\":\"c\",\"case\":\"%s\",\"error\":\"dlopen failed\"}\n", c); return 0; }
  p_nop = sym(hb, "nop"); p_add_i32 = sym(hb, "add_i32"); p_add_u32 = sym(hb, "add_u32");
  p_add_f64 = sym(hb, "add_f64"); p_add_f32 = sym(hb, "add_f32"); p_add_i64 = sym(hb, "add_i64");
  p_many_args = sym(hb, "many_args"); p_return_ptr = sym(hb, "return_ptr"); p_ptr_to_u64 = sym(hb, "ptr_to_u64");
  p_sum_buffer = sym(hb, "sum_buffer"); p_getpid = sym(hc, "getpid");
  p_step = sym(hs, "sqlite3_step"); p_column_int = sym(hs, "sqlite3_column_int"); p_reset = sym(hs, "sqlite3_reset");
  void* (*select1)(void) = sym(hb, "bench_sqlite_select1");
  g_stmt = select1();
  g_ptr = p_return_ptr();
  memset(buf, 1, sizeof buf);

  double want = expected(c), got = run(c, 1);
  if (got != want) {
    printf("@@RESULT {\"peer\":\"c\",\"case\":\"%s\",\"error\":\"validation: got %.17g, want %.17g\"}\n", c, got, want);
    return 0;
  }
  // warm-up and calibration, like the JS harness
  double t0 = now_ns();
  run(c, 100000);
  double est = (now_ns() - t0) / 100000;
  if (est < 0.05) est = 0.05;
  long n = (long)(targetMs * 1e6 / est);
  if (n > maxN) n = maxN;
  if (n < 200000 && maxN >= 200000) n = 200000;
  printf("@@RESULT {\"peer\":\"c\",\"case\":\"%s\",\"runtime\":\"c\",\"n\":%ld,\"ns\":[", c, n);
  for (int r = 0; r < reps; r++) {
    double a = now_ns();
    got = run(c, n);
    double ns = (now_ns() - a) / (double)n;
    if (got != want) { printf("]}\n"); return 0; }
    printf("%s%.4f", r ? "," : "", ns);
  }
  printf("],\"notes\":[]}\n");
  return 0;
}
