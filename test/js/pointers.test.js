'use strict';
// UnsafePointer (create/equals/of/offset/value), pointer arguments and results, and
// UnsafePointerView: every getter, getCString, getArrayBuffer, copyInto and the static forms.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafeCallback, UnsafePointer, UnsafePointerView } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { all, pick } = require('../support/defs.js');
const { throwsArg } = require('../support/assert.js');

const lib = dlopen(fixturePath, {
  ...all(),
  ptr_to_u64_buf: { name: 'ptr_to_u64', parameters: ['buffer'], result: 'u64' },
  add_i32_as_function: { name: 'get_add_i32_ptr', parameters: [], result: 'function' },
  null_as_function: { name: 'return_null_ptr', parameters: [], result: 'function' },
  identity_function: { name: 'identity_ptr', parameters: ['function'], result: 'function' },
});
const s = lib.symbols;
test.after(() => lib.close());

const V = UnsafePointer.value;

test('UnsafePointer.create / value', () => {
  assert.equal(UnsafePointer.create(0n), null);
  const p = UnsafePointer.create(0x1234n);
  assert.equal(typeof p, 'object');
  assert.notEqual(p, null);
  assert.equal(V(p), 0x1234n);
  assert.equal(V(null), 0n);
  assert.equal(typeof V(null), 'bigint');
  assert.equal(V(UnsafePointer.create(2n ** 64n - 1n)), 2n ** 64n - 1n);
  assert.equal(V(UnsafePointer.create(0x7fff12345678n)), 0x7fff12345678n);
});

test('pointer objects are opaque: not numbers, bigints or typed arrays', () => {
  const p = UnsafePointer.create(0x1000n);
  assert.equal(typeof p, 'object');
  assert.equal(ArrayBuffer.isView(p), false);
  assert.equal(p instanceof ArrayBuffer, false);
  assert.equal(Array.isArray(p), false);
});

test('UnsafePointer.equals', () => {
  assert.equal(UnsafePointer.equals(UnsafePointer.create(5n), UnsafePointer.create(5n)), true);
  assert.equal(UnsafePointer.equals(UnsafePointer.create(5n), UnsafePointer.create(6n)), false);
  assert.equal(UnsafePointer.equals(null, null), true);
  assert.equal(UnsafePointer.equals(UnsafePointer.create(5n), null), false);
  assert.equal(UnsafePointer.equals(null, UnsafePointer.create(5n)), false);
  assert.equal(UnsafePointer.equals(s.get_static_buffer(), s.get_static_buffer()), true);
});

test('UnsafePointer.offset', () => {
  const p = UnsafePointer.create(0x1000n);
  assert.equal(V(UnsafePointer.offset(p, 16)), 0x1010n);
  assert.equal(V(UnsafePointer.offset(p, -16)), 0xff0n);
  assert.equal(V(UnsafePointer.offset(p, 0)), 0x1000n);
  assert.equal(UnsafePointer.offset(UnsafePointer.create(16n), -16), null);
  const buf = s.get_static_buffer();
  assert.equal(new UnsafePointerView(UnsafePointer.offset(buf, 5)).getUint8(), 5);
});

test('UnsafePointer.of: TypedArray (byteOffset honoured) and ArrayBuffer', () => {
  const u8 = new Uint8Array(16);
  const p = UnsafePointer.of(u8);
  assert.equal(typeof p, 'object');
  assert.equal(V(p), s.ptr_to_u64_buf(u8));
  assert.equal(V(UnsafePointer.of(u8.subarray(3))), V(p) + 3n);
  assert.equal(V(UnsafePointer.of(u8.buffer)), V(p));
  const f64 = new Float64Array(4);
  assert.equal(V(UnsafePointer.of(f64.subarray(2))), V(UnsafePointer.of(f64)) + 16n);
  // The pointer really addresses the array's memory.
  const i32 = new Int32Array([11, 22, 33]);
  assert.equal(s.read_i32_at(UnsafePointer.of(i32.subarray(1))), 22);
  s.write_i32_at(UnsafePointer.of(i32.subarray(2)), -5);
  assert.deepEqual([...i32], [11, 22, -5]);
});

test('pointer results: null, round-trips and arithmetic', () => {
  assert.equal(s.return_null_ptr(), null);
  assert.equal(s.u64_to_ptr(0n), null);
  assert.equal(s.identity_ptr(null), null);
  const p = s.u64_to_ptr(0xabcdef01234n);
  assert.equal(typeof p, 'object');
  assert.equal(V(p), 0xabcdef01234n);
  assert.equal(s.ptr_to_u64(p), 0xabcdef01234n);
  assert.equal(s.ptr_to_u64(null), 0n);
  assert.equal(V(s.u64_to_ptr(2n ** 64n - 1n)), 2n ** 64n - 1n);
  assert.equal(V(s.identity_ptr(p)), 0xabcdef01234n);
  assert.ok(UnsafePointer.equals(s.identity_ptr(p), p));
  assert.equal(V(s.ptr_add(p, 16)), 0xabcdef01244n);
  assert.equal(V(s.ptr_add(p, -0x234)), 0xabcdef01000n);
  assert.equal(s.ptr_add(UnsafePointer.create(8n), -8), null);
  assert.equal(s.is_null(null), true);
  assert.equal(s.is_null(p), false);
  assert.equal(s.is_null(UnsafePointer.create(1n)), false);
});

test('pointer arguments take only pointer objects or null', () => {
  throwsArg(() => s.is_null(5), 'is_null', 0, 'pointer', '5');
  throwsArg(() => s.is_null(5n), 'is_null', 0, 'pointer', '5n');
  throwsArg(() => s.is_null(undefined), 'is_null', 0, 'pointer', 'undefined');
  throwsArg(() => s.is_null({}), 'is_null', 0, 'pointer', 'an object');
  throwsArg(() => s.is_null(new Uint8Array(4)), 'is_null', 0, 'pointer', 'an object');
  throwsArg(() => s.is_null(new ArrayBuffer(4)), 'is_null', 0, 'pointer', 'an object');
  throwsArg(() => s.is_null('0x10'), 'is_null', 0, 'pointer', 'a string');
  throwsArg(() => s.is_null(false), 'is_null', 0, 'pointer', 'false');
  throwsArg(() => s.ptr_add(null, 1.5e10), 'ptr_add', 1, 'i32', '15000000000');
  throwsArg(() => s.call_i32_fn(5, 1, 2), 'call_i32_fn', 0, 'function', '5');
  throwsArg(() => s.call_i32_fn({}, 1, 2), 'call_i32_fn', 0, 'function', 'an object');
});

test('function parameters take pointer objects', () => {
  assert.equal(s.call_i32_fn(s.get_add_i32_ptr(), 20, 22), 42);
  assert.equal(s.call_i32_fn(s.get_add_i32_ptr(), -20, -22), -42);
});

test('function results are pointer objects or null', () => {
  const f = s.add_i32_as_function();
  assert.equal(typeof f, 'object');
  assert.ok(UnsafePointer.equals(f, s.get_add_i32_ptr()));
  assert.equal(s.null_as_function(), null);
  assert.equal(s.identity_function(null), null);
  assert.ok(UnsafePointer.equals(s.identity_function(f), f));
  assert.equal(s.call_i32_fn(f, 1, 2), 3);
});

test('UnsafePointerView keeps its pointer (Deno: .pointer)', () => {
  const p = s.get_static_buffer();
  assert.equal(new UnsafePointerView(p).pointer, p);
});

test('UnsafePointerView: every getter at its offset', () => {
  const v = new UnsafePointerView(s.get_view_data());
  assert.equal(v.getBool(0), true);
  assert.equal(v.getBool(40), false);
  assert.equal(v.getUint8(1), 254);
  assert.equal(v.getInt8(1), -2);
  assert.equal(v.getUint16(2), 65534);
  assert.equal(v.getInt16(2), -2);
  assert.equal(v.getUint32(4), 4294967294);
  assert.equal(v.getInt32(4), -2);
  assert.equal(v.getBigUint64(8), 18446744073709551614n);
  assert.equal(v.getBigInt64(8), -2n);
  assert.equal(v.getFloat32(16), 1.5);
  assert.equal(v.getUint32(20), 0x01020304);
  assert.equal(v.getUint8(20), 4);
  assert.equal(v.getFloat64(24), -2.25);
  assert.ok(UnsafePointer.equals(v.getPointer(32), s.get_static_buffer()));
  assert.equal(v.getPointer(40), null);
  assert.equal(v.getCString(48), 'zerocall été');
  assert.equal(v.getCString(57), 'été');
});

test('UnsafePointerView: offsets default to 0', () => {
  const v = new UnsafePointerView(s.get_static_buffer());
  assert.equal(v.getUint8(), 0);
  assert.equal(v.getInt8(), 0);
  assert.equal(v.getUint16(), 0x0100);
  assert.equal(v.getUint32(), 0x03020100);
  assert.equal(v.getInt32(), 0x03020100);
  assert.equal(v.getBigUint64(), 0x0706050403020100n);
  assert.equal(v.getBigInt64(), 0x0706050403020100n);
  assert.equal(v.getBool(), false);
  assert.equal(new UnsafePointerView(s.get_view_data()).getBool(), true);
  assert.equal(new UnsafePointerView(UnsafePointer.offset(s.get_view_data(), 48)).getCString(), 'zerocall été');
});

test('UnsafePointerView over JS memory, small 64-bit values are still bigints', () => {
  const b = new BigInt64Array([7n, -7n]);
  const v = new UnsafePointerView(UnsafePointer.of(b));
  assert.equal(v.getBigInt64(), 7n);
  assert.equal(v.getBigUint64(), 7n);
  assert.equal(typeof v.getBigUint64(), 'bigint');
  assert.equal(v.getBigInt64(8), -7n);
  const f = new Float32Array([0.1]);
  assert.equal(new UnsafePointerView(UnsafePointer.of(f)).getFloat32(), Math.fround(0.1));
  const d = new Float64Array([0.1, NaN]);
  assert.equal(new UnsafePointerView(UnsafePointer.of(d)).getFloat64(), 0.1);
  assert.ok(Number.isNaN(new UnsafePointerView(UnsafePointer.of(d)).getFloat64(8)));
  const pv = new BigUint64Array([0x1234n, 0n]);
  const pp = new UnsafePointerView(UnsafePointer.of(pv));
  assert.equal(V(pp.getPointer()), 0x1234n);
  assert.equal(pp.getPointer(8), null);
});

test('getCString: instance and static forms, with offsets', () => {
  const str = s.get_static_string();
  assert.equal(new UnsafePointerView(str).getCString(), 'Hello from zerocall');
  assert.equal(new UnsafePointerView(str).getCString(6), 'from zerocall');
  assert.equal(UnsafePointerView.getCString(str), 'Hello from zerocall');
  assert.equal(UnsafePointerView.getCString(str, 11), 'zerocall');
  assert.equal(s.c_strlen(str), 19n);
  const mem = new Uint8Array([0x61, 0x62, 0, 0x63, 0]);
  assert.equal(UnsafePointerView.getCString(UnsafePointer.of(mem)), 'ab');
  assert.equal(UnsafePointerView.getCString(UnsafePointer.of(mem), 2), '');
  assert.equal(UnsafePointerView.getCString(UnsafePointer.of(mem), 3), 'c');
});

test('getArrayBuffer: instance and static forms, with offsets', () => {
  const buf = s.get_static_buffer();
  const ab = new UnsafePointerView(buf).getArrayBuffer(4);
  assert.ok(ab instanceof ArrayBuffer);
  assert.equal(ab.byteLength, 4);
  assert.deepEqual([...new Uint8Array(ab)], [0, 1, 2, 3]);
  assert.deepEqual([...new Uint8Array(new UnsafePointerView(buf).getArrayBuffer(4, 2))], [2, 3, 4, 5]);
  const st = UnsafePointerView.getArrayBuffer(buf, 3, 13);
  assert.ok(st instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(st)], [13, 14, 15]);
  assert.deepEqual([...new Uint8Array(UnsafePointerView.getArrayBuffer(buf, 2))], [0, 1]);
});

test('getArrayBuffer aliases the memory (Deno: no copy)', () => {
  const mem = new Uint8Array([1, 2, 3, 4]);
  const ab = UnsafePointerView.getArrayBuffer(UnsafePointer.of(mem), 4);
  new Uint8Array(ab)[1] = 99;
  assert.deepEqual([...mem], [1, 99, 3, 4]);
  mem[3] = 77;
  assert.equal(new Uint8Array(ab)[3], 77);
});

test('copyInto: instance and static forms, with offsets and byteOffset destinations', () => {
  const buf = s.get_static_buffer();
  const dest = new Uint8Array(4);
  assert.equal(new UnsafePointerView(buf).copyInto(dest), undefined);
  assert.deepEqual([...dest], [0, 1, 2, 3]);
  new UnsafePointerView(buf).copyInto(dest, 3);
  assert.deepEqual([...dest], [3, 4, 5, 6]);
  UnsafePointerView.copyInto(buf, dest, 10);
  assert.deepEqual([...dest], [10, 11, 12, 13]);
  UnsafePointerView.copyInto(buf, dest);
  assert.deepEqual([...dest], [0, 1, 2, 3]);
  // The destination's byteOffset and byteLength bound the copy.
  const big = new Uint8Array(8).fill(0xee);
  new UnsafePointerView(buf).copyInto(big.subarray(2, 5), 7);
  assert.deepEqual([...big], [0xee, 0xee, 7, 8, 9, 0xee, 0xee, 0xee]);
  // An ArrayBuffer destination takes its whole length.
  const ab = new ArrayBuffer(3);
  UnsafePointerView.copyInto(buf, ab, 1);
  assert.deepEqual([...new Uint8Array(ab)], [1, 2, 3]);
  // Typed arrays of wider elements copy bytes.
  const u16 = new Uint16Array(2);
  new UnsafePointerView(buf).copyInto(u16, 4);
  assert.deepEqual([...u16], [0x0504, 0x0706]);
});

test('writes through a pointer are visible to JS and C', () => {
  const addr = s.get_static_i32_addr();
  const before = s.get_static_i32();
  assert.equal(new UnsafePointerView(addr).getInt32(), before);
  s.write_i32_at(addr, 987654);
  assert.equal(new UnsafePointerView(addr).getInt32(), 987654);
  assert.equal(s.get_static_i32(), 987654);
  s.write_i32_at(addr, before);
  assert.equal(s.read_i32_at(addr), before);
});

test('definitions picked elsewhere bind the same functions', () => {
  const other = dlopen(fixturePath, pick('get_static_buffer'));
  try {
    assert.ok(UnsafePointer.equals(other.symbols.get_static_buffer(), s.get_static_buffer()));
  } finally {
    other.close();
  }
});

test('UnsafePointer.value(UnsafeCallback) is its function pointer, as in Deno', () => {
  const cb = new UnsafeCallback({ parameters: [], result: 'void' }, () => {});
  try {
    assert.equal(UnsafePointer.value(cb), UnsafePointer.value(cb.pointer));
    assert.notEqual(UnsafePointer.value(cb), 0n);
  } finally {
    cb.close();
  }
  assert.throws(() => UnsafePointer.value({ pointer: cb.pointer }), {
    name: 'TypeError', message: 'UnsafePointer.value: expects a pointer object or null, got an object',
  });
});
