// Type-level tests of the declaration features: prototype strings, struct types, Bun's
// and node:ffi's spellings (checked by `tsc --noEmit -p test/types`).
import { dlopen, struct, union, array, cdef, FFIType, UnsafeCallback, UnsafeFnPointer } from "zerocall";
import type { PointerValue, PointerObject, StructValue } from "zerocall";

type AssertEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>() => {};

const Point = struct({ x: "f64", y: "f64" });
const Item = struct({ id: "i32", pos: array("f32", 2), next: "pointer", flag: { type: "bool", align: 4 } });
const Value = union({ i: "i32", d: "f64" });
assertType<AssertEqual<StructValue<typeof Point.fields>, { x: number; y: number }>>();
assertType<AssertEqual<ReturnType<typeof Item.decode>, { id: number; pos: number[]; next: PointerValue; flag: boolean }>>();
assertType<AssertEqual<ReturnType<typeof Value.read>, { i?: number; d?: number }>>();
assertType<AssertEqual<typeof Point.offsets, { readonly x: number; readonly y: number }>>();

const lib = dlopen("libz.so.1", {
  crc32: "unsigned long crc32(unsigned long crc, const unsigned char *buf, unsigned int len)",
  add: "int add(int a, int b)",
  nothing: "void nothing(void)",
  hypot: "double hypot(double, double)",
  opaque: "int close_db(sqlite3 *db, my_flags_t flags)",
  truth: "_Bool truth(bool b)",
  mid: { parameters: [Point, Point], result: Point },
  bunPtr: { args: ["ptr", FFIType.i32], returns: "ptr" },
  bunFast: { args: ["u64_fast"], returns: "i64_fast" },
  nodePtr: { arguments: ["pointer", "int32"], return: "pointer" },
  nodeVoid: { return: "void" },
  getenv: "const char *getenv(const char *name)",
  bunStrlen: { args: ["cstring"], returns: "cstring" },
  nodeStrlen: { arguments: ["string"], return: "string" },
});
const s = lib.symbols;
assertType<AssertEqual<Parameters<typeof s.crc32>, [bigint | number, PointerValue, number]>>();
assertType<AssertEqual<ReturnType<typeof s.crc32>, bigint>>();
assertType<AssertEqual<typeof s.add, (...args: [number, number]) => number>>();
assertType<AssertEqual<typeof s.nothing, (...args: []) => void>>();
assertType<AssertEqual<ReturnType<typeof s.hypot>, number>>();
assertType<AssertEqual<Parameters<typeof s.opaque>, [PointerValue, unknown]>>();
assertType<AssertEqual<typeof s.truth, (...args: [boolean]) => boolean>>();
assertType<AssertEqual<Parameters<typeof s.mid>[0], { x: number; y: number } | ArrayBufferView | ArrayBuffer>>();
assertType<AssertEqual<ReturnType<typeof s.mid>, { x: number; y: number }>>();
assertType<AssertEqual<ReturnType<typeof s.bunPtr>, number | null>>();
assertType<AssertEqual<Parameters<typeof s.bunPtr>[1], number>>();
assertType<AssertEqual<ReturnType<typeof s.bunFast>, number | bigint>>();
assertType<AssertEqual<Parameters<typeof s.bunFast>, [number | bigint]>>();
assertType<AssertEqual<ReturnType<typeof s.nodePtr>, bigint>>();
assertType<AssertEqual<typeof s.nodeVoid, (...args: []) => void>>();
type StringArgument = string | null | ArrayBufferView | ArrayBuffer | PointerValue;
assertType<AssertEqual<typeof s.getenv, (...args: [StringArgument]) => string | null>>();
assertType<AssertEqual<ReturnType<typeof s.bunStrlen>, string | null>>();
assertType<AssertEqual<Parameters<typeof s.bunStrlen>[0], string | number | bigint | ArrayBufferView | PointerValue | UnsafeCallback>>();
assertType<AssertEqual<ReturnType<typeof s.nodeStrlen>, bigint>>();
assertType<AssertEqual<typeof lib.functions, typeof lib.symbols>>();
// @ts-expect-error: a string is no int
s.add("1", 2);

const cb = new UnsafeCallback("int (*)(int, int)", (a, b) => {
  assertType<AssertEqual<typeof a, number>>();
  return a + b;
});
const fn = new UnsafeFnPointer(cb.pointer as PointerObject, "long (*)(long, double)");
assertType<AssertEqual<ReturnType<typeof fn.call>, bigint>>();

const h = cdef("int f(void);");
const n: number | bigint | undefined = h.constants.X;
void n;
lib.close();
