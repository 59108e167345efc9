// The floor: the same C functions called from C through function pointers loaded with
// dlsym and kept in volatile variables, so every call is a real indirect call that the
// compiler can neither inline nor hoist.
//
//   direct <libbenchlib.so> <case> <maxN> <reps> <targetMs> [case arguments...]
//     sqlite_rows: <setup SQL> <select SQL> <rows>     (ROWS in cases.mjs)
//     bind_10k:    <libbind10k.so> <count> <prefix> <digits>   (BIND in cases.mjs)
//
// Prints `@@RESULT {json}` like bench/child.mjs (ns per iteration of each repetition; for
// bind_10k one dlopen + dlsym of every symbol: ns and RSS bytes per symbol).
#include <dlfcn.h>
#include <errno.h>
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
static int32_t (*volatile p_bench_errno)(int32_t);
static double (*volatile p_sum_va)(int32_t, int32_t, ...);
static volatile int g_errno;
static void* (*volatile p_return_ptr)(void);
static uint64_t (*volatile p_ptr_to_u64)(void*);
static uint32_t (*volatile p_sum_buffer)(const uint8_t*, size_t);
static int (*volatile p_getpid)(void);
static int (*volatile p_step)(void*);
static int (*volatile p_column_int)(void*, int);
static int (*volatile p_reset)(void*);
static int64_t (*volatile p_column_int64)(void*, int);
static double (*volatile p_column_double)(void*, int);
static const unsigned char* (*volatile p_column_text)(void*, int);
static int32_t (*volatile p_call_cb)(int32_t (*)(int32_t), int32_t);
static int (*volatile p_exec)(void*, const char*, int (*)(void*, int, char**, char**), void*, char**);
// structs by value, as in benchlib.c
typedef struct { double x; double y; } S16;
typedef struct { int64_t a, b, c; } S24;
static double (*volatile p_struct16)(S16);
static S24 (*volatile p_struct24)(S24);

static volatile int64_t sink_i;
static volatile double sink_d;
static volatile void* sink_p;

static uint8_t buf[4096];
static void* g_db;
static char g_sql[512];

// The C callbacks: call_cb's (x) => x + 1, and a sqlite row callback that copies the first
// column's C string (what the JS peers turn into a JS string) and counts rows.
static int32_t inc_cb(int32_t x) { return x + 1; }
static int32_t (*volatile p_inc_cb)(int32_t) = inc_cb;
static long g_rows;
static char g_last[32];
static int row_cb(void* data, int n, char** values, char** names) {
  (void)data; (void)names;
  if (n > 0 && values[0]) {
    size_t len = strlen(values[0]);
    if (len >= sizeof g_last) len = sizeof g_last - 1;
    memcpy(g_last, values[0], len);
    g_last[len] = 0;
  }
  g_rows++;
  return 0;
}
static int (*volatile p_row_cb)(void*, int, char**, char**) = row_cb;
static void* g_stmt;
static void* g_ptr;
// the same argument values as the struct16 / struct24 cases in cases.mjs
static S16 g_s16 = {1.5, 2.25};
static S24 g_s24 = {1LL << 40, -5, 7};
static volatile S24 sink_s24;
// the memory cases: one int32 at byte 4, read or written through a volatile access
static volatile int32_t g_i32[4] = {0, 42, 0, 0};
// sqlite_rows: the prepared SELECT and how many rows one read must give
static void* g_rows_stmt;
static long g_rows_want;

// One full read of the sqlite_rows table, as the JS peers do it (the text's length stands
// for making a JS string of it); 0 when it gave g_rows_want rows with the sums the
// table's definition implies (i = 1..rows, r = i / 2, s = 'row-' || i).
static double read_rows(void) {
  long k = 0, len = 0;
  int64_t si = 0;
  double sd = 0;
  char t[32] = "", want[32];
  p_reset(g_rows_stmt);
  while (p_step(g_rows_stmt) == 100) {
    si += p_column_int64(g_rows_stmt, 0);
    sd += p_column_double(g_rows_stmt, 1);
    // the text is valid until the next step: copy it, as a JS string would
    const char* s = (const char*)p_column_text(g_rows_stmt, 2);
    size_t n = strlen(s);
    if (n >= sizeof t) n = sizeof t - 1;
    memcpy(t, s, n);
    t[n] = 0;
    len += (long)n;
    k++;
  }
  snprintf(want, sizeof want, "row-%ld", k);
  sink_i = len;
  return k == g_rows_want && si == (int64_t)k * (k + 1) / 2 && sd == (double)k * (k + 1) / 4 && !strcmp(t, want) ? 0 : -1;
}

// bind_10k: dlopen the generated library and dlsym each of its `count` symbols, once.
static long rss_bytes(void) {
  long pages = 0, resident = 0;
  FILE* f = fopen("/proc/self/statm", "r");
  if (f) { if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0; fclose(f); }
  return resident * sysconf(_SC_PAGESIZE);
}
static int bind_all(const char* lib, long count, const char* prefix, int digits) {
  char name[64];
  long rss0 = rss_bytes();
  double t0 = now_ns();
  void* h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
  void* first = NULL;
  for (long k = 0; h && k < count; k++) {
    snprintf(name, sizeof name, "%s%0*ld", prefix, digits, k);
    void* p = dlsym(h, name);
    if (!p) { printf("@@RESULT {\"peer\":\"c\",\"error\":\"dlsym %s failed\"}\n", name); return 0; }
    if (k == 8) first = p;
  }
  double t1 = now_ns();
  long rss1 = rss_bytes();
  if (!h) { printf("@@RESULT {\"peer\":\"c\",\"error\":\"dlopen %s failed\"}\n", lib); return 0; }
  // symbol 8 is an int32_t (int32_t, int32_t) that returns its index (BIND.sigs[0])
  int32_t got = ((int32_t (*)(int32_t, int32_t))first)(1, 2);
  if (got != 8) { printf("@@RESULT {\"peer\":\"c\",\"error\":\"validation: symbol 8 returned %d\"}\n", got); return 0; }
  printf("@@RESULT {\"peer\":\"c\",\"case\":\"bind_10k\",\"runtime\":\"c\",\"n\":%ld,\"ns\":[%.4f],\"rss\":[%.2f],\"notes\":[]}\n",
         count, (t1 - t0) / (double)count, (double)(rss1 - rss0) / (double)count);
  return 0;
}

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
  if (!strcmp(c, "errno_call")) {
    int32_t r = 0;
    for (long i = 0; i < n; i++) { r = p_bench_errno(5); g_errno = errno; }
    sink_i = r; return g_errno == 5 ? r : -2;
  }
  if (!strcmp(c, "variadic_call")) { double r = 0; for (long i = 0; i < n; i++) r = p_sum_va(2, 2, 3, 4, 0.5, 0.25); sink_d = r; return r; }
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
  if (!strcmp(c, "call_cb")) { int32_t r = 0; for (long i = 0; i < n; i++) r = p_call_cb(p_inc_cb, 41); sink_i = r; return r; }
  if (!strcmp(c, "get_i32")) { int32_t r = 0; for (long i = 0; i < n; i++) r = g_i32[1]; sink_i = r; return r; }
  if (!strcmp(c, "set_i32")) { for (long i = 0; i < n; i++) g_i32[1] = (int32_t)i; return g_i32[1] == n - 1 ? 0 : -1; }
  if (!strcmp(c, "struct16")) { double r = 0; for (long i = 0; i < n; i++) r = p_struct16(g_s16); sink_d = r; return r; }
  if (!strcmp(c, "struct24")) {
    S24 r = {0, 0, 0};
    for (long i = 0; i < n; i++) r = p_struct24(g_s24);
    sink_s24 = r;
    // valid: {a + 1, b + 2, c + 3}
    return r.a == (1LL << 40) + 1 && r.b == -3 && r.c == 10 ? 0 : -1;
  }
  if (!strcmp(c, "sqlite_exec")) {
    int r = 0;
    long rows0 = g_rows;
    for (long i = 0; i < n; i++) r = p_exec(g_db, g_sql, p_row_cb, NULL, NULL);
    // valid: SQLITE_OK, 10 rows per exec, the last row's first column is "10"
    return r == 0 && g_rows - rows0 == 10 * n && !strcmp(g_last, "10") ? 0 : -1;
  }
  if (!strcmp(c, "sqlite_rows")) {
    double ok = 0;
    for (long i = 0; i < n; i++) ok += read_rows();
    return ok;
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
  if (!strcmp(c, "errno_call")) return -1;
  if (!strcmp(c, "variadic_call")) return 13.5;
  if (!strcmp(c, "return_ptr") || !strcmp(c, "ptr_to_u64")) return (double)0x7f0012345678ull;
  if (!strcmp(c, "sum_buffer_64")) return 64;
  if (!strcmp(c, "sum_buffer_4k")) return 4096;
  if (!strcmp(c, "getpid")) return (double)getpid();
  if (!strcmp(c, "sqlite_step")) return 1;
  if (!strcmp(c, "call_cb")) return 42;
  if (!strcmp(c, "sqlite_exec")) return 0;
  if (!strcmp(c, "struct16")) return 6;  // 1.5 + 2 * 2.25
  if (!strcmp(c, "struct24")) return 0;
  if (!strcmp(c, "get_i32")) return 42;
  if (!strcmp(c, "set_i32")) return 0;
  if (!strcmp(c, "sqlite_rows")) return 0;
  return -1;
}

int main(int argc, char** argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: direct <libbenchlib.so> <case> <maxN> <reps> <targetMs> [case arguments...]\n");
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
  p_bench_errno = sym(hb, "bench_errno"); p_sum_va = sym(hb, "sum_va");
  p_step = sym(hs, "sqlite3_step"); p_column_int = sym(hs, "sqlite3_column_int"); p_reset = sym(hs, "sqlite3_reset");
  p_call_cb = sym(hb, "call_cb"); p_exec = sym(hs, "sqlite3_exec");
  p_column_int64 = sym(hs, "sqlite3_column_int64"); p_column_double = sym(hs, "sqlite3_column_double");
  p_column_text = sym(hs, "sqlite3_column_text");
  p_struct16 = sym(hb, "struct16"); p_struct24 = sym(hb, "struct24");
  void* (*select1)(void) = sym(hb, "bench_sqlite_select1");
  void* (*open_db)(void) = sym(hb, "bench_sqlite_db");
  g_db = open_db();
  // the same statement as EXEC_SQL in cases.mjs
  for (int k = 1; k <= 10; k++)
    snprintf(g_sql + strlen(g_sql), sizeof g_sql - strlen(g_sql), "%sSELECT %d", k > 1 ? " UNION ALL " : "", k);
  g_stmt = select1();
  if (!strcmp(c, "bind_10k")) {
    if (argc < 10) { printf("@@RESULT {\"peer\":\"c\",\"error\":\"bind_10k needs <lib> <count> <prefix> <digits>\"}\n"); return 0; }
    return bind_all(argv[6], atol(argv[7]), argv[8], atoi(argv[9]));
  }
  const char* note = "";
  if (!strcmp(c, "sqlite_rows")) {
    if (argc < 9) { printf("@@RESULT {\"peer\":\"c\",\"error\":\"sqlite_rows needs <setup> <select> <rows>\"}\n"); return 0; }
    void* (*rows_stmt)(const char*, const char*) = sym(hb, "bench_sqlite_rows");
    const char* (*version)(void) = sym(hs, "sqlite3_libversion");
    g_rows_stmt = rows_stmt(argv[6], argv[7]);
    g_rows_want = atol(argv[8]);
    if (!g_rows_stmt) { printf("@@RESULT {\"peer\":\"c\",\"error\":\"bench_sqlite_rows failed\"}\n"); return 0; }
    static char buf_note[96];
    snprintf(buf_note, sizeof buf_note, "\"the system libsqlite3.so.0 (SQLite %s), as the FFI columns\"", version());
    note = buf_note;
  }
  g_ptr = p_return_ptr();
  memset(buf, 1, sizeof buf);

  double want = expected(c), got = run(c, 1);
  if (got != want) {
    printf("@@RESULT {\"peer\":\"c\",\"case\":\"%s\",\"error\":\"validation: got %.17g, want %.17g\"}\n", c, got, want);
    return 0;
  }
  // warm-up and calibration, like the JS harness
  long warm = maxN < 1000000 ? maxN / 10 : 100000;  // cases capped low (sqlite_exec) are slow
  if (warm < 1) warm = 1;
  double t0 = now_ns();
  run(c, warm);
  double est = (now_ns() - t0) / (double)warm;
  if (est < 0.05) est = 0.05;
  long n = (long)(targetMs * 1e6 / est);
  if (n > maxN) n = maxN;
  if (n < 200000 && maxN >= 200000) n = 200000;
  if (n < 1) n = 1;
  printf("@@RESULT {\"peer\":\"c\",\"case\":\"%s\",\"runtime\":\"c\",\"n\":%ld,\"ns\":[", c, n);
  for (int r = 0; r < reps; r++) {
    double a = now_ns();
    got = run(c, n);
    double ns = (now_ns() - a) / (double)n;
    if (got != want) { printf("]}\n"); return 0; }
    printf("%s%.4f", r ? "," : "", ns);
  }
  printf("],\"notes\":[%s]}\n", note);
  return 0;
}
