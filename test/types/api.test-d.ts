// Type-level tests of index.d.ts (checked by `tsc --noEmit`, run from test/run.js).
import { callPath, dlopen, errno, lastFastCall, UnsafeCallback, UnsafeFnPointer, UnsafePointer, UnsafePointerView } from "zerocall";
import type { PointerValue, ToNativeType } from "zerocall";

type AssertEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>() => {};

const lib = dlopen("libm.so.6", {
  cos: { parameters: ["f64"], result: "f64" },
  add: { name: "add_i64", parameters: ["i64", "i64"], result: "i64" },
  maybe: { parameters: ["pointer", "buffer"], result: "pointer", optional: true },
  later: { parameters: ["u32"], result: "void", nonblocking: true },
  count: { type: "u64" },
  openDb: { parameters: ["buffer", { out: "pointer" }], result: "i32" },
  twice: { parameters: [{ inout: "i64" }], result: "void" },
  printf: { parameters: ["buffer", "...", "i32", "f64"], result: "i32" },
  open: { parameters: ["buffer", "i32"], result: "i32", errno: true },
  openLater: { name: "open", parameters: ["buffer", "i32"], result: "i32", errno: true, nonblocking: true },
  strlen: { parameters: ["cstring"], result: "usize" },
  getenv: { parameters: ["cstring"], result: "cstring" },
  wide: { parameters: ["cstring16"], result: "cstring16" },
  point: { parameters: ["f64"], result: { struct: ["f64", "f64"] } },
});
assertType<AssertEqual<Parameters<typeof lib.symbols.openDb>, [ToNativeType<"buffer">, [PointerValue | undefined]]>>();
assertType<AssertEqual<Parameters<typeof lib.symbols.twice>, [[bigint | number]]>>();
// @ts-expect-error: an out-parameter takes a holder, not the value
lib.symbols.openDb(null, null);

assertType<AssertEqual<Parameters<typeof lib.symbols.printf>, [ArrayBufferView | ArrayBuffer | null, number, number]>>();
assertType<AssertEqual<ReturnType<typeof lib.symbols.open>, number>>();
assertType<AssertEqual<ReturnType<typeof lib.symbols.openLater>, Promise<{ value: number; errno: number }>>>();
assertType<AssertEqual<ReturnType<typeof errno>, number>>();
// @ts-expect-error: "..." takes no argument of its own
lib.symbols.printf(null, "x", 1, 2);

assertType<AssertEqual<ReturnType<typeof lib.symbols.cos>, number>>();
assertType<AssertEqual<Parameters<typeof lib.symbols.cos>, [number]>>();
assertType<AssertEqual<ReturnType<typeof lib.symbols.add>, bigint>>();
assertType<AssertEqual<Parameters<typeof lib.symbols.add>, [bigint | number, bigint | number]>>();
assertType<AssertEqual<typeof lib.symbols.count, bigint>>();
// A struct result may go into the caller's buffer, after the arguments.
assertType<AssertEqual<ReturnType<typeof lib.symbols.point>, Uint8Array>>();
lib.symbols.point(1);
lib.symbols.point(1, new Uint8Array(16));
// @ts-expect-error: the buffer is a buffer
lib.symbols.point(1, 16);
assertType<AssertEqual<ReturnType<typeof lib.symbols.later>, Promise<void>>>();
assertType<AssertEqual<Parameters<typeof lib.symbols.strlen>, [string | null | ArrayBufferView | ArrayBuffer | PointerValue]>>();
assertType<AssertEqual<ReturnType<typeof lib.symbols.getenv>, string | null>>();
assertType<AssertEqual<ReturnType<typeof lib.symbols.wide>, string | null>>();
// @ts-expect-error: a number is no C string
lib.symbols.strlen(1);
if (lib.symbols.maybe) {
  const p: PointerValue = lib.symbols.maybe(null, new Uint8Array(4));
  void p;
}
// @ts-expect-error: an optional symbol may be null
lib.symbols.maybe(null, null);
// @ts-expect-error: a string is no f64
lib.symbols.cos("1");

const cb = new UnsafeCallback({ parameters: ["i32", "pointer"], result: "i32" }, (n, p) => {
  assertType<AssertEqual<typeof n, number>>();
  assertType<AssertEqual<typeof p, PointerValue>>();
  return n + 1;
});
// @ts-expect-error: the callback must return a number
new UnsafeCallback({ parameters: [], result: "i32" }, () => "x");
const fn = new UnsafeFnPointer(cb.pointer, { parameters: ["i32", "pointer"], result: "i32" });
assertType<AssertEqual<ReturnType<typeof fn.call>, number>>();
const view = new UnsafePointerView(cb.pointer);
assertType<AssertEqual<ReturnType<typeof view.getBigUint64>, bigint>>();
assertType<AssertEqual<ReturnType<typeof UnsafePointer.value>, bigint>>();
assertType<AssertEqual<ReturnType<typeof view.setInt32>, void>>();
assertType<AssertEqual<Parameters<typeof view.setBigInt64>, [number, bigint | number]>>();
assertType<AssertEqual<Parameters<typeof view.setPointer>, [number, PointerValue]>>();
view.setBool(0, true);
view.copyFrom(new Uint8Array(4), 2);
UnsafePointerView.copyFrom(cb.pointer, new ArrayBuffer(4));
assertType<AssertEqual<ReturnType<typeof view.getCString>, string>>();
view.getCString(0, 16);
UnsafePointerView.getCString(cb.pointer, 0, 16);
// @ts-expect-error: setInt32 takes a number
view.setInt32(0, "1");
// @ts-expect-error: setBool takes a boolean
view.setBool(0, 1);
// @ts-expect-error: the offset comes first and is required
view.setInt32(5);
dlopen(null, {}, { global: true, lazy: false, deepBind: true });
// @ts-expect-error: not an option
dlopen(null, {}, { now: true });
// @ts-expect-error: options are booleans
dlopen(null, {}, { lazy: 0 });
assertType<AssertEqual<ReturnType<typeof callPath>, string>>();
const path: string = callPath(lib.symbols.cos);
void path;
callPath(fn.call);
// @ts-expect-error: callPath takes a function
callPath("cos");
assertType<AssertEqual<ReturnType<typeof lastFastCall>, string | null>>();
// @ts-expect-error: lastFastCall takes no argument
lastFastCall(lib.symbols.cos);
lib.close();
