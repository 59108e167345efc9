// Hand-written Node-API binding of the benchmark's C functions: what a careful author
// writes by hand for one library, with no FFI layer. Linked directly against
// libbenchlib.so and libsqlite3.so.0 (see binding.gyp). Pointers are napi externals
// (opaque objects, like Deno's pointer objects) or null; 64-bit values are BigInts.
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

void nop(void);
int32_t add_i32(int32_t, int32_t);
uint32_t add_u32(uint32_t, uint32_t);
double add_f64(double, double);
float add_f32(float, float);
int64_t add_i64(int64_t, int64_t);
double many_args(int32_t, double, int32_t, double, int32_t, double, int32_t, double, int32_t, int32_t);
void* return_ptr(void);
uint64_t ptr_to_u64(void*);
uint32_t sum_buffer(const uint8_t*, size_t);
void* bench_sqlite_select1(void);
typedef struct sqlite3_stmt sqlite3_stmt;
int sqlite3_step(sqlite3_stmt*);
int sqlite3_column_int(sqlite3_stmt*, int);
int sqlite3_reset(sqlite3_stmt*);
int32_t call_cb(int32_t (*cb)(int32_t), int32_t x);
void* bench_sqlite_db(void);
typedef struct sqlite3 sqlite3;
int sqlite3_exec(sqlite3*, const char*, int (*)(void*, int, char**, char**), void*, char**);
typedef struct { double x; double y; } S16;
typedef struct { int64_t a, b, c; } S24;
double struct16(S16);
S24 struct24(S24);

#define ARGS(n)                                                        \
  size_t argc = (n);                                                   \
  napi_value argv[(n) > 0 ? (n) : 1];                                  \
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) \
    return NULL;                                                       \
  if (argc < (n)) return type_error(env, "missing argument");

static napi_value type_error(napi_env env, const char* msg) {
  napi_throw_type_error(env, NULL, msg);
  return NULL;
}
static napi_value undef(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}
static napi_value i32v(napi_env env, int32_t v) {
  napi_value r;
  napi_create_int32(env, v, &r);
  return r;
}
static napi_value u32v(napi_env env, uint32_t v) {
  napi_value r;
  napi_create_uint32(env, v, &r);
  return r;
}
static napi_value f64v(napi_env env, double v) {
  napi_value r;
  napi_create_double(env, v, &r);
  return r;
}
static napi_value ptrv(napi_env env, void* p) {
  napi_value r;
  if (!p) napi_get_null(env, &r);
  else napi_create_external(env, p, NULL, NULL, &r);
  return r;
}
// pointer argument: an external or null
static int get_ptr(napi_env env, napi_value v, void** out) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_null) { *out = NULL; return 1; }
  return t == napi_external && napi_get_value_external(env, v, out) == napi_ok;
}

static napi_value N_nop(napi_env env, napi_callback_info info) {
  nop();
  return undef(env);
}
static napi_value N_add_i32(napi_env env, napi_callback_info info) {
  ARGS(2);
  int32_t a, b;
  if (napi_get_value_int32(env, argv[0], &a) != napi_ok || napi_get_value_int32(env, argv[1], &b) != napi_ok)
    return type_error(env, "add_i32: expected numbers");
  return i32v(env, add_i32(a, b));
}
static napi_value N_add_u32(napi_env env, napi_callback_info info) {
  ARGS(2);
  uint32_t a, b;
  if (napi_get_value_uint32(env, argv[0], &a) != napi_ok || napi_get_value_uint32(env, argv[1], &b) != napi_ok)
    return type_error(env, "add_u32: expected numbers");
  return u32v(env, add_u32(a, b));
}
static napi_value N_add_f64(napi_env env, napi_callback_info info) {
  ARGS(2);
  double a, b;
  if (napi_get_value_double(env, argv[0], &a) != napi_ok || napi_get_value_double(env, argv[1], &b) != napi_ok)
    return type_error(env, "add_f64: expected numbers");
  return f64v(env, add_f64(a, b));
}
static napi_value N_add_f32(napi_env env, napi_callback_info info) {
  ARGS(2);
  double a, b;
  if (napi_get_value_double(env, argv[0], &a) != napi_ok || napi_get_value_double(env, argv[1], &b) != napi_ok)
    return type_error(env, "add_f32: expected numbers");
  return f64v(env, (double)add_f32((float)a, (float)b));
}
static napi_value N_add_i64(napi_env env, napi_callback_info info) {
  ARGS(2);
  int64_t a, b;
  bool lossless;
  if (napi_get_value_bigint_int64(env, argv[0], &a, &lossless) != napi_ok ||
      napi_get_value_bigint_int64(env, argv[1], &b, &lossless) != napi_ok)
    return type_error(env, "add_i64: expected bigints");
  napi_value r;
  napi_create_bigint_int64(env, add_i64(a, b), &r);
  return r;
}
static napi_value N_many_args(napi_env env, napi_callback_info info) {
  ARGS(10);
  int32_t i[6];
  double d[4];
  static const int is_int[10] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 1};
  int ni = 0, nd = 0;
  for (int k = 0; k < 10; k++) {
    napi_status st = is_int[k] ? napi_get_value_int32(env, argv[k], &i[ni++])
                               : napi_get_value_double(env, argv[k], &d[nd++]);
    if (st != napi_ok) return type_error(env, "many_args: expected numbers");
  }
  return f64v(env, many_args(i[0], d[0], i[1], d[1], i[2], d[2], i[3], d[3], i[4], i[5]));
}
static napi_value N_return_ptr(napi_env env, napi_callback_info info) {
  return ptrv(env, return_ptr());
}
static napi_value N_ptr_to_u64(napi_env env, napi_callback_info info) {
  ARGS(1);
  void* p;
  if (!get_ptr(env, argv[0], &p)) return type_error(env, "ptr_to_u64: expected a pointer");
  napi_value r;
  napi_create_bigint_uint64(env, ptr_to_u64(p), &r);
  return r;
}
static napi_value N_sum_buffer(napi_env env, napi_callback_info info) {
  ARGS(2);
  napi_typedarray_type t;
  size_t len;
  void* data;
  int64_t n;
  if (napi_get_typedarray_info(env, argv[0], &t, &len, &data, NULL, NULL) != napi_ok)
    return type_error(env, "sum_buffer: expected a typed array");
  if (napi_get_value_int64(env, argv[1], &n) != napi_ok) return type_error(env, "sum_buffer: expected a length");
  return u32v(env, sum_buffer((const uint8_t*)data, (size_t)n));
}
static napi_value N_getpid(napi_env env, napi_callback_info info) {
  return i32v(env, (int32_t)getpid());
}
static napi_value N_bench_sqlite_select1(napi_env env, napi_callback_info info) {
  return ptrv(env, bench_sqlite_select1());
}
static napi_value N_sqlite3_step(napi_env env, napi_callback_info info) {
  ARGS(1);
  void* p;
  if (!get_ptr(env, argv[0], &p)) return type_error(env, "sqlite3_step: expected a pointer");
  return i32v(env, sqlite3_step((sqlite3_stmt*)p));
}
static napi_value N_sqlite3_column_int(napi_env env, napi_callback_info info) {
  ARGS(2);
  void* p;
  int32_t col;
  if (!get_ptr(env, argv[0], &p)) return type_error(env, "sqlite3_column_int: expected a pointer");
  if (napi_get_value_int32(env, argv[1], &col) != napi_ok) return type_error(env, "sqlite3_column_int: expected a number");
  return i32v(env, sqlite3_column_int((sqlite3_stmt*)p, col));
}
static napi_value N_sqlite3_reset(napi_env env, napi_callback_info info) {
  ARGS(1);
  void* p;
  if (!get_ptr(env, argv[0], &p)) return type_error(env, "sqlite3_reset: expected a pointer");
  return i32v(env, sqlite3_reset((sqlite3_stmt*)p));
}
// ---- callbacks: the JS function is passed itself and called with napi_call_function ----
// call_cb's C callback has no user-data argument, so the current JS function and env are
// kept in statics for the duration of the call (saved and restored: re-entrancy safe).
typedef struct { napi_env env; napi_value fn; } js_fn;
static js_fn* g_unary;
static int32_t unary_trampoline(int32_t x) {
  napi_env env = g_unary->env;
  napi_value arg, undefined, r;
  int32_t out = 0;
  napi_create_int32(env, x, &arg);
  napi_get_undefined(env, &undefined);
  if (napi_call_function(env, undefined, g_unary->fn, 1, &arg, &r) != napi_ok) return 0;
  if (napi_get_value_int32(env, r, &out) != napi_ok) return 0;
  return out;
}
static napi_value N_call_cb(napi_env env, napi_callback_info info) {
  ARGS(2);
  napi_valuetype t;
  int32_t x;
  napi_typeof(env, argv[0], &t);
  if (t != napi_function) return type_error(env, "call_cb: expected a function");
  if (napi_get_value_int32(env, argv[1], &x) != napi_ok) return type_error(env, "call_cb: expected a number");
  js_fn cur = {env, argv[0]}, *saved = g_unary;
  g_unary = &cur;
  int32_t r = call_cb(unary_trampoline, x);
  g_unary = saved;
  return i32v(env, r);
}
// sqlite3_exec's row callback gets the JS function through sqlite's user-data pointer and
// calls it as (null, columns, <first column as a JS string>, null).
static int row_trampoline(void* data, int ncols, char** values, char** names) {
  (void)names;
  js_fn* cur = (js_fn*)data;
  napi_env env = cur->env;
  napi_value argv[4], undefined, r;
  int32_t out = 0;
  napi_get_null(env, &argv[0]);
  napi_create_int32(env, ncols, &argv[1]);
  if (ncols > 0 && values[0]) napi_create_string_utf8(env, values[0], NAPI_AUTO_LENGTH, &argv[2]);
  else napi_get_null(env, &argv[2]);
  napi_get_null(env, &argv[3]);
  napi_get_undefined(env, &undefined);
  if (napi_call_function(env, undefined, cur->fn, 4, argv, &r) != napi_ok) return 1;  // aborts the exec
  if (napi_get_value_int32(env, r, &out) != napi_ok) return 1;
  return out;
}
static napi_value N_sqlite3_exec(napi_env env, napi_callback_info info) {
  ARGS(5);
  void* db;
  void* sql;
  napi_valuetype t;
  if (!get_ptr(env, argv[0], &db)) return type_error(env, "sqlite3_exec: expected a pointer");
  if (napi_get_typedarray_info(env, argv[1], NULL, NULL, &sql, NULL, NULL) != napi_ok)
    return type_error(env, "sqlite3_exec: expected a typed array");
  napi_typeof(env, argv[2], &t);
  if (t != napi_function) return type_error(env, "sqlite3_exec: expected a function");
  js_fn cur = {env, argv[2]};
  return i32v(env, sqlite3_exec((sqlite3*)db, (const char*)sql, row_trampoline, &cur, NULL));
}
static napi_value N_bench_sqlite_db(napi_env env, napi_callback_info info) {
  return ptrv(env, bench_sqlite_db());
}

// ---- structs by value: the argument is a TypedArray, DataView or ArrayBuffer of exactly
// the struct's size (its bytes are the struct); a struct result is a new Uint8Array ----
static int get_bytes(napi_env env, napi_value v, void** data, size_t* len) {
  bool is;
  if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
    static const size_t elt[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 2};  // napi_typedarray_type order (+ float16)
    napi_typedarray_type t;
    size_t n;
    if (napi_get_typedarray_info(env, v, &t, &n, data, NULL, NULL) != napi_ok) return 0;
    *len = n * ((size_t)t < sizeof elt / sizeof elt[0] ? elt[t] : 1);
    return 1;
  }
  if (napi_is_dataview(env, v, &is) == napi_ok && is)
    return napi_get_dataview_info(env, v, len, data, NULL, NULL) == napi_ok;
  if (napi_is_arraybuffer(env, v, &is) == napi_ok && is)
    return napi_get_arraybuffer_info(env, v, data, len) == napi_ok;
  return 0;
}
static napi_value N_struct16(napi_env env, napi_callback_info info) {
  ARGS(1);
  void* data;
  size_t len;
  if (!get_bytes(env, argv[0], &data, &len) || len != sizeof(S16))
    return type_error(env, "struct16: expected a TypedArray, DataView or ArrayBuffer of 16 bytes");
  S16 s;
  memcpy(&s, data, sizeof s);
  return f64v(env, struct16(s));
}
static napi_value N_struct24(napi_env env, napi_callback_info info) {
  ARGS(1);
  void* data;
  size_t len;
  if (!get_bytes(env, argv[0], &data, &len) || len != sizeof(S24))
    return type_error(env, "struct24: expected a TypedArray, DataView or ArrayBuffer of 24 bytes");
  S24 s;
  memcpy(&s, data, sizeof s);
  S24 r = struct24(s);
  napi_value ab, out;
  void* dst;
  if (napi_create_arraybuffer(env, sizeof r, &dst, &ab) != napi_ok) return NULL;
  memcpy(dst, &r, sizeof r);
  if (napi_create_typedarray(env, napi_uint8_array, sizeof r, ab, 0, &out) != napi_ok) return NULL;
  return out;
}

// helper for validation: pointer -> bigint address
static napi_value N_ptrValue(napi_env env, napi_callback_info info) {
  ARGS(1);
  void* p;
  if (!get_ptr(env, argv[0], &p)) return type_error(env, "ptrValue: expected a pointer");
  napi_value r;
  napi_create_bigint_uint64(env, (uint64_t)(uintptr_t)p, &r);
  return r;
}

#define FN(name) {#name, NULL, N_##name, NULL, NULL, NULL, napi_default, NULL}
static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      FN(nop), FN(add_i32), FN(add_u32), FN(add_f64), FN(add_f32), FN(add_i64),
      FN(many_args), FN(return_ptr), FN(ptr_to_u64), FN(sum_buffer), FN(getpid),
      FN(bench_sqlite_select1), FN(sqlite3_step), FN(sqlite3_column_int), FN(sqlite3_reset),
      FN(call_cb), FN(bench_sqlite_db), FN(sqlite3_exec), FN(struct16), FN(struct24),
      FN(ptrValue),
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
