// Hand-written V8 Fast API binding of the benchmark's C functions: the ceiling for a
// V8-based FFI. Each function is a v8::FunctionTemplate with a slow callback
// (FunctionCallbackInfo) and a C++ fast function that takes the receiver first, registered
// through FunctionTemplate::New(..., const v8::CFunction*) with the layout mirrors in
// v8_fast_layout.h. Pointers are v8::External or null (Fast API kPointer), as in Deno.
//
// Signatures the running V8 cannot lower are registered with the slow callback only and
// listed by slowOnly() (on Node 20 / V8 11.3: the i64/u64 results of add_i64 and
// ptr_to_u64, which abort TurboFan there; on V8 <= 12: call_cb and sqlite3_exec, whose C
// code calls back into JS). slowCalls() counts slow-callback runs so the
// harness can tell whether the fast path was really taken.
//
// Structs by value: struct16(S16) takes its 16 bytes like sum_buffer takes its buffer (a
// Uint8Array: FastApiTypedArray<uint8_t> up to V8 12, kV8Value from V8 13) and is a fast
// function everywhere; struct24 returns a new Uint8Array, and a fast function can only
// return a primitive (void, bool, numbers, pointer), so struct24 is slow-callback only on
// every V8.
//
// Buffers: up to V8 12 sum_buffer takes a FastApiTypedArray<uint8_t> (kIsTypedArray); from
// V8 13 that type is gone, so it takes the Uint8Array as kV8Value and gets the data with
// ArrayBufferView::GetContents (after moving an on-heap array off-heap with Buffer()).
#include <node.h>
#include <string.h>
#include <unistd.h>
#include <string>
#include <vector>
#include "v8_fast_layout.h"

extern "C" {
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
int sqlite3_step(void*);
int sqlite3_column_int(void*, int);
int sqlite3_reset(void*);
int32_t call_cb(int32_t (*cb)(int32_t), int32_t x);
void* bench_sqlite_db(void);
int sqlite3_exec(void*, const char*, int (*)(void*, int, char**, char**), void*, char**);
typedef struct { double x; double y; } S16;
typedef struct { int64_t a, b, c; } S24;
double struct16(S16);
S24 struct24(S24);
}

using namespace v8;
using benchfast::Seq;
using benchfast::T;
using benchfast::TI;

static double g_slow_calls = 0;
static std::vector<std::string> g_slow_only;

// ---------- helpers for the slow callbacks ----------
static inline Local<Context> Ctx(const FunctionCallbackInfo<Value>& a) { return a.GetIsolate()->GetCurrentContext(); }
static inline int32_t I32(const FunctionCallbackInfo<Value>& a, int i) { return a[i]->Int32Value(Ctx(a)).FromMaybe(0); }
static inline uint32_t U32(const FunctionCallbackInfo<Value>& a, int i) { return a[i]->Uint32Value(Ctx(a)).FromMaybe(0); }
static inline double F64(const FunctionCallbackInfo<Value>& a, int i) { return a[i]->NumberValue(Ctx(a)).FromMaybe(0); }
static inline int64_t I64(const FunctionCallbackInfo<Value>& a, int i) {
  return a[i]->IsBigInt() ? a[i].As<BigInt>()->Int64Value() : (int64_t)F64(a, i);
}
// V8 14 tags External pointers; the default tag is also what fast calls use for kPointer.
static inline void* ExternalValue(Local<Value> v) {
#if V8_MAJOR_VERSION >= 14
  return v.As<External>()->Value(kExternalPointerTypeTagDefault);
#else
  return v.As<External>()->Value();
#endif
}
static inline Local<External> NewExternal(Isolate* iso, void* p) {
#if V8_MAJOR_VERSION >= 14
  return External::New(iso, p, kExternalPointerTypeTagDefault);
#else
  return External::New(iso, p);
#endif
}
static inline void* Ptr(const FunctionCallbackInfo<Value>& a, int i) {
  return a[i]->IsExternal() ? ExternalValue(a[i]) : nullptr;
}
static inline void RetPtr(const FunctionCallbackInfo<Value>& a, void* p) {
  if (p) a.GetReturnValue().Set(NewExternal(a.GetIsolate(), p));
  else a.GetReturnValue().SetNull();
}

// ---------- slow callbacks ----------
static void S_nop(const FunctionCallbackInfo<Value>& a) { g_slow_calls++; nop(); }
static void S_add_i32(const FunctionCallbackInfo<Value>& a) { g_slow_calls++; a.GetReturnValue().Set(add_i32(I32(a, 0), I32(a, 1))); }
static void S_add_u32(const FunctionCallbackInfo<Value>& a) { g_slow_calls++; a.GetReturnValue().Set(add_u32(U32(a, 0), U32(a, 1))); }
static void S_add_f64(const FunctionCallbackInfo<Value>& a) { g_slow_calls++; a.GetReturnValue().Set(add_f64(F64(a, 0), F64(a, 1))); }
static void S_add_f32(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  a.GetReturnValue().Set((double)add_f32((float)F64(a, 0), (float)F64(a, 1)));
}
static void S_add_i64(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  a.GetReturnValue().Set(BigInt::New(a.GetIsolate(), add_i64(I64(a, 0), I64(a, 1))));
}
static void S_many_args(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  a.GetReturnValue().Set(many_args(I32(a, 0), F64(a, 1), I32(a, 2), F64(a, 3), I32(a, 4), F64(a, 5), I32(a, 6),
                                   F64(a, 7), I32(a, 8), I32(a, 9)));
}
static void S_return_ptr(const FunctionCallbackInfo<Value>& a) { g_slow_calls++; RetPtr(a, return_ptr()); }
static void S_ptr_to_u64(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  a.GetReturnValue().Set(BigInt::NewFromUnsigned(a.GetIsolate(), ptr_to_u64(Ptr(a, 0))));
}
static void S_sum_buffer(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  if (!a[0]->IsArrayBufferView()) {
    a.GetIsolate()->ThrowException(Exception::TypeError(String::NewFromUtf8Literal(a.GetIsolate(), "expected a typed array")));
    return;
  }
  Local<ArrayBufferView> v = a[0].As<ArrayBufferView>();
  const uint8_t* p = (const uint8_t*)v->Buffer()->Data() + v->ByteOffset();
  a.GetReturnValue().Set(sum_buffer(p, (size_t)F64(a, 1)));
}
static void S_getpid(const FunctionCallbackInfo<Value>& a) { g_slow_calls++; a.GetReturnValue().Set((int32_t)getpid()); }
static void S_step(const FunctionCallbackInfo<Value>& a) { g_slow_calls++; a.GetReturnValue().Set(sqlite3_step(Ptr(a, 0))); }
static void S_column_int(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  a.GetReturnValue().Set(sqlite3_column_int(Ptr(a, 0), I32(a, 1)));
}
static void S_reset(const FunctionCallbackInfo<Value>& a) { g_slow_calls++; a.GetReturnValue().Set(sqlite3_reset(Ptr(a, 0))); }
// setup / helpers: not counted
static void S_select1(const FunctionCallbackInfo<Value>& a) { RetPtr(a, bench_sqlite_select1()); }
static void S_ptrValue(const FunctionCallbackInfo<Value>& a) {
  a.GetReturnValue().Set(BigInt::NewFromUnsigned(a.GetIsolate(), (uint64_t)(uintptr_t)Ptr(a, 0)));
}
static void S_slowCalls(const FunctionCallbackInfo<Value>& a) { a.GetReturnValue().Set(g_slow_calls); }

// ---------- callbacks: the JS function itself is passed, called with Function::Call ----------
// call_cb's C callback has no user-data argument: the current JS function is kept in a
// static for the duration of the call (saved and restored). sqlite3_exec's row callback
// gets it through sqlite's user-data pointer and calls it as
// (null, columns, <first column as a v8::String>, null).
struct JsFn {
  Isolate* iso;
  Local<Context> ctx;
  Local<Function> fn;
};
static JsFn* g_unary = nullptr;
static int32_t UnaryTrampoline(int32_t x) {
  JsFn* c = g_unary;
  HandleScope scope(c->iso);
  Local<Value> arg = Integer::New(c->iso, x);
  Local<Value> r;
  if (!c->fn->Call(c->ctx, Undefined(c->iso), 1, &arg).ToLocal(&r)) return 0;
  return r->Int32Value(c->ctx).FromMaybe(0);
}
static int RowTrampoline(void* data, int n, char** values, char**) {
  JsFn* c = static_cast<JsFn*>(data);
  Isolate* iso = c->iso;
  HandleScope scope(iso);
  Local<Value> argv[4] = {Null(iso), Integer::New(iso, n), Null(iso), Null(iso)};
  if (n > 0 && values[0]) argv[2] = String::NewFromUtf8(iso, values[0]).ToLocalChecked();
  Local<Value> r;
  if (!c->fn->Call(c->ctx, Undefined(iso), 4, argv).ToLocal(&r)) return 1;  // aborts the exec
  return r->Int32Value(c->ctx).FromMaybe(1);
}
static void ThrowType(Isolate* iso, const char* msg) {
  iso->ThrowException(Exception::TypeError(String::NewFromUtf8(iso, msg).ToLocalChecked()));
}
static int32_t CallCb(Isolate* iso, Local<Context> ctx, Local<Value> fn, int32_t x) {
  JsFn cur{iso, ctx, fn.As<Function>()};
  JsFn* saved = g_unary;
  g_unary = &cur;
  int32_t r = call_cb(UnaryTrampoline, x);
  g_unary = saved;
  return r;
}
static int32_t Exec(Isolate* iso, Local<Context> ctx, void* db, const char* sql, Local<Value> fn) {
  JsFn cur{iso, ctx, fn.As<Function>()};
  return sqlite3_exec(db, sql, RowTrampoline, &cur, nullptr);
}
static void S_call_cb(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  if (!a[0]->IsFunction()) return ThrowType(a.GetIsolate(), "call_cb: expected a function");
  a.GetReturnValue().Set(CallCb(a.GetIsolate(), Ctx(a), a[0], I32(a, 1)));
}
static void S_exec(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  if (!a[1]->IsArrayBufferView() || !a[2]->IsFunction())
    return ThrowType(a.GetIsolate(), "sqlite3_exec: expected a typed array and a function");
  Local<ArrayBufferView> v = a[1].As<ArrayBufferView>();
  const char* sql = (const char*)v->Buffer()->Data() + v->ByteOffset();
  a.GetReturnValue().Set(Exec(a.GetIsolate(), Ctx(a), Ptr(a, 0), sql, a[2]));
}
static void S_db(const FunctionCallbackInfo<Value>& a) { RetPtr(a, bench_sqlite_db()); }

// ---------- structs by value: the argument is a TypedArray, DataView or ArrayBuffer of
// exactly the struct's size; a struct result is a new Uint8Array ----------
static bool StructArg(Local<Value> v, void* dst, size_t size) {
  if (v->IsArrayBufferView()) {
    Local<ArrayBufferView> w = v.As<ArrayBufferView>();
    if (w->ByteLength() != size) return false;
    w->CopyContents(dst, size);
    return true;
  }
  if (v->IsArrayBuffer()) {
    Local<ArrayBuffer> b = v.As<ArrayBuffer>();
    if (b->ByteLength() != size) return false;
    memcpy(dst, b->Data(), size);
    return true;
  }
  return false;
}
static void S_struct16(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  S16 s;
  if (!StructArg(a[0], &s, sizeof s))
    return ThrowType(a.GetIsolate(), "struct16: expected a TypedArray, DataView or ArrayBuffer of 16 bytes");
  a.GetReturnValue().Set(struct16(s));
}
static void S_struct24(const FunctionCallbackInfo<Value>& a) {
  g_slow_calls++;
  Isolate* iso = a.GetIsolate();
  S24 s;
  if (!StructArg(a[0], &s, sizeof s))
    return ThrowType(iso, "struct24: expected a TypedArray, DataView or ArrayBuffer of 24 bytes");
  S24 r = struct24(s);
  Local<ArrayBuffer> ab = ArrayBuffer::New(iso, sizeof r);
  memcpy(ab->Data(), &r, sizeof r);
  a.GetReturnValue().Set(Uint8Array::New(ab, 0, sizeof r));
}

// ---------- fast functions (receiver first) ----------
using Recv = Local<Object>;
static void F_nop(Recv) { nop(); }
static int32_t F_add_i32(Recv, int32_t x, int32_t y) { return add_i32(x, y); }
static uint32_t F_add_u32(Recv, uint32_t x, uint32_t y) { return add_u32(x, y); }
static double F_add_f64(Recv, double x, double y) { return add_f64(x, y); }
static float F_add_f32(Recv, float x, float y) { return add_f32(x, y); }
#if BENCHFAST_HAS_INT64
static int64_t F_add_i64(Recv, int64_t x, int64_t y) { return add_i64(x, y); }
static uint64_t F_ptr_to_u64(Recv, void* p) { return ptr_to_u64(p); }
#endif
static double F_many_args(Recv, int32_t a, double b, int32_t c, double d, int32_t e, double f, int32_t g,
                          double h, int32_t i, int32_t j) {
  return many_args(a, b, c, d, e, f, g, h, i, j);
}
static void* F_return_ptr(Recv) { return return_ptr(); }
#if BENCHFAST_HAS_TYPED_ARRAY
static uint32_t F_sum_buffer(Recv, const benchfast::TypedArray& buf, uint32_t n) {
  return sum_buffer((const uint8_t*)buf.data, (size_t)n);
}
#elif BENCHFAST_HAS_VALUE_BUFFER
// The Uint8Array arrives as a v8::Local<v8::Value> (kV8Value). A small typed array (up to
// 64 bytes) lives on the V8 heap; Buffer() moves it off-heap once (a HandleScope and an
// allocation, allowed in fast calls since V8 12.6), so GetContents({}) never has to copy.
static uint32_t F_sum_buffer(Recv, Local<Value> buf, uint32_t n) {
  if (!buf->IsArrayBufferView()) {
    Isolate* iso = Isolate::GetCurrent();
    HandleScope scope(iso);
    iso->ThrowException(Exception::TypeError(String::NewFromUtf8Literal(iso, "expected a typed array")));
    return 0;
  }
  Local<ArrayBufferView> v = buf.As<ArrayBufferView>();
  if (!v->HasBuffer()) {
    HandleScope scope(Isolate::GetCurrent());
    v->Buffer();
  }
  return sum_buffer(v->GetContents({}).data(), (size_t)n);
}
#endif
#if BENCHFAST_HAS_VALUE_BUFFER
// V8 >= 13 (Node 24+): a fast call may open a HandleScope, allocate, throw and call into JS
// (the same V8 feature zerocall relies on for its fast `callback: true` calls).
static int32_t F_call_cb(Recv, Local<Value> fn, int32_t x) {
  Isolate* iso = Isolate::GetCurrent();
  HandleScope scope(iso);
  if (!fn->IsFunction()) { ThrowType(iso, "call_cb: expected a function"); return 0; }
  return CallCb(iso, iso->GetCurrentContext(), fn, x);
}
static int32_t F_exec(Recv, void* db, Local<Value> sql, Local<Value> fn, void*, void*) {
  Isolate* iso = Isolate::GetCurrent();
  HandleScope scope(iso);
  if (!sql->IsArrayBufferView() || !fn->IsFunction()) {
    ThrowType(iso, "sqlite3_exec: expected a typed array and a function");
    return 0;
  }
  Local<ArrayBufferView> v = sql.As<ArrayBufferView>();
  if (!v->HasBuffer()) v->Buffer();
  return Exec(iso, iso->GetCurrentContext(), db, (const char*)v->GetContents({}).data(), fn);
}
#endif
#if BENCHFAST_HAS_TYPED_ARRAY
// A Uint8Array argument (other argument types fall back to the slow callback, which
// throws on a wrong size); a fast call can't throw here, so a Uint8Array of the wrong
// length gives NaN.
static double F_struct16(Recv, const benchfast::TypedArray& buf) {
  if (buf.length != sizeof(S16)) return __builtin_nan("");
  S16 s;
  memcpy(&s, buf.data, sizeof s);
  return struct16(s);
}
#elif BENCHFAST_HAS_VALUE_BUFFER
static double F_struct16(Recv, Local<Value> buf) {
  S16 s;
  if (!StructArg(buf, &s, sizeof s)) {
    Isolate* iso = Isolate::GetCurrent();
    HandleScope scope(iso);
    ThrowType(iso, "struct16: expected a TypedArray, DataView or ArrayBuffer of 16 bytes");
    return 0;
  }
  return struct16(s);
}
#endif
static int32_t F_getpid(Recv) { return (int32_t)getpid(); }
static int32_t F_step(Recv, void* s) { return sqlite3_step(s); }
static int32_t F_column_int(Recv, void* s, int32_t c) { return sqlite3_column_int(s, c); }
static int32_t F_reset(Recv, void* s) { return sqlite3_reset(s); }

// ---------- registration ----------
struct Sig {  // kept alive for the life of the process (V8 keeps pointers to it)
  std::vector<benchfast::TypeInfo> args;
  benchfast::FunctionInfo info;
  benchfast::Function fn;
};

static void Reg(Local<Object> exports, Local<Context> ctx, const char* name, FunctionCallback slow,
                const void* fast, benchfast::TypeInfo ret, std::vector<benchfast::TypeInfo> args,
                int length, bool bigint = false) {
  Isolate* iso = Isolate::GetCurrent();
  const CFunction* cf = nullptr;
  if (fast) {
    Sig* s = new Sig();
    s->args.push_back(TI(T::kV8Value));  // receiver
    s->args.insert(s->args.end(), args.begin(), args.end());
    s->info.ret = ret;
    s->info.int64_repr = bigint ? 1 : 0;
    s->info.arg_count = (uint32_t)s->args.size();
    s->info.args = s->args.data();
    s->fn.address = fast;
    s->fn.info = &s->info;
    cf = reinterpret_cast<const CFunction*>(&s->fn);
  } else if (slow != S_select1 && slow != S_db && slow != S_ptrValue && slow != S_slowCalls) {
    g_slow_only.push_back(name);
  }
  Local<FunctionTemplate> t = FunctionTemplate::New(iso, slow, Local<Value>(), Local<Signature>(), length,
                                                    ConstructorBehavior::kThrow, SideEffectType::kHasSideEffect, cf);
  exports->Set(ctx, String::NewFromUtf8(iso, name).ToLocalChecked(), t->GetFunction(ctx).ToLocalChecked()).Check();
}

static void S_slowOnly(const FunctionCallbackInfo<Value>& a) {
  Isolate* iso = a.GetIsolate();
  Local<Array> arr = Array::New(iso, (int)g_slow_only.size());
  for (size_t i = 0; i < g_slow_only.size(); i++)
    arr->Set(iso->GetCurrentContext(), (uint32_t)i, String::NewFromUtf8(iso, g_slow_only[i].c_str()).ToLocalChecked()).Check();
  a.GetReturnValue().Set(arr);
}

static void Init(Local<Object> exports, Local<Value>, Local<Context> ctx, void*) {
  const auto I = TI(T::kInt32), U = TI(T::kUint32), D = TI(T::kFloat64), P = TI(T::kPointer);
  Reg(exports, ctx, "nop", S_nop, (const void*)F_nop, TI(T::kVoid), {}, 0);
  Reg(exports, ctx, "add_i32", S_add_i32, (const void*)F_add_i32, I, {I, I}, 2);
  Reg(exports, ctx, "add_u32", S_add_u32, (const void*)F_add_u32, U, {U, U}, 2);
  Reg(exports, ctx, "add_f64", S_add_f64, (const void*)F_add_f64, D, {D, D}, 2);
  Reg(exports, ctx, "add_f32", S_add_f32, (const void*)F_add_f32, TI(T::kFloat32), {TI(T::kFloat32), TI(T::kFloat32)}, 2);
#if BENCHFAST_HAS_INT64
  Reg(exports, ctx, "add_i64", S_add_i64, (const void*)F_add_i64, TI(T::kInt64), {TI(T::kInt64), TI(T::kInt64)}, 2, true);
  Reg(exports, ctx, "ptr_to_u64", S_ptr_to_u64, (const void*)F_ptr_to_u64, TI(T::kUint64), {P}, 1, true);
#else
  Reg(exports, ctx, "add_i64", S_add_i64, nullptr, TI(T::kVoid), {}, 2);
  Reg(exports, ctx, "ptr_to_u64", S_ptr_to_u64, nullptr, TI(T::kVoid), {}, 1);
#endif
  Reg(exports, ctx, "many_args", S_many_args, (const void*)F_many_args, D, {I, D, I, D, I, D, I, D, I, I}, 10);
  Reg(exports, ctx, "return_ptr", S_return_ptr, (const void*)F_return_ptr, P, {}, 0);
#if BENCHFAST_HAS_TYPED_ARRAY
  Reg(exports, ctx, "sum_buffer", S_sum_buffer, (const void*)F_sum_buffer, U,
      {TI(T::kUint8, Seq::kIsTypedArray), U}, 2);
#elif BENCHFAST_HAS_VALUE_BUFFER
  Reg(exports, ctx, "sum_buffer", S_sum_buffer, (const void*)F_sum_buffer, U, {TI(T::kV8Value), U}, 2);
#else
  Reg(exports, ctx, "sum_buffer", S_sum_buffer, nullptr, U, {}, 2);
#endif
  Reg(exports, ctx, "getpid", S_getpid, (const void*)F_getpid, I, {}, 0);
  Reg(exports, ctx, "sqlite3_step", S_step, (const void*)F_step, I, {P}, 1);
  Reg(exports, ctx, "sqlite3_column_int", S_column_int, (const void*)F_column_int, I, {P, I}, 2);
  Reg(exports, ctx, "sqlite3_reset", S_reset, (const void*)F_reset, I, {P}, 1);
#if BENCHFAST_HAS_VALUE_BUFFER
  Reg(exports, ctx, "call_cb", S_call_cb, (const void*)F_call_cb, I, {TI(T::kV8Value), I}, 2);
  Reg(exports, ctx, "sqlite3_exec", S_exec, (const void*)F_exec, I, {P, TI(T::kV8Value), TI(T::kV8Value), P, P}, 5);
#else
  // V8 <= 12: slow callback only (the fast path is not allowed to call into JS here).
  Reg(exports, ctx, "call_cb", S_call_cb, nullptr, I, {}, 2);
  Reg(exports, ctx, "sqlite3_exec", S_exec, nullptr, I, {}, 5);
#endif
#if BENCHFAST_HAS_TYPED_ARRAY
  Reg(exports, ctx, "struct16", S_struct16, (const void*)F_struct16, D, {TI(T::kUint8, Seq::kIsTypedArray)}, 1);
#elif BENCHFAST_HAS_VALUE_BUFFER
  Reg(exports, ctx, "struct16", S_struct16, (const void*)F_struct16, D, {TI(T::kV8Value)}, 1);
#else
  Reg(exports, ctx, "struct16", S_struct16, nullptr, D, {}, 1);
#endif
  // A new Uint8Array result: no fast function can return an object.
  Reg(exports, ctx, "struct24", S_struct24, nullptr, P, {}, 1);
  Reg(exports, ctx, "bench_sqlite_db", S_db, nullptr, P, {}, 0);
  Reg(exports, ctx, "bench_sqlite_select1", S_select1, nullptr, P, {}, 0);
  Reg(exports, ctx, "ptrValue", S_ptrValue, nullptr, P, {}, 1);
  Reg(exports, ctx, "slowCalls", S_slowCalls, nullptr, P, {}, 0);
  Isolate* iso = Isolate::GetCurrent();
  exports->Set(ctx, String::NewFromUtf8Literal(iso, "slowOnly"),
               FunctionTemplate::New(iso, S_slowOnly)->GetFunction(ctx).ToLocalChecked()).Check();
}

NODE_MODULE_CONTEXT_AWARE(NODE_GYP_MODULE_NAME, Init)
