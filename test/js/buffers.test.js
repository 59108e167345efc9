'use strict';
// `buffer` parameters: TypedArray (byteOffset honoured), DataView, ArrayBuffer, Node Buffer,
// null; writes by C are visible in JS; `buffer` results are pointer objects or null.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer, UnsafePointerView } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { all } = require('../support/defs.js');
const { throwsArg } = require('../support/assert.js');

const lib = dlopen(fixturePath, {
  ...all(),
  buf_to_u64: { name: 'ptr_to_u64', parameters: ['buffer'], result: 'u64' },
  buf_is_null: { name: 'is_null', parameters: ['buffer'], result: 'bool' },
  read_i32_buf: { name: 'read_i32_at', parameters: ['buffer'], result: 'i32' },
  c_strlen_buf: { name: 'c_strlen', parameters: ['buffer'], result: 'usize' },
  static_buffer_as_buffer: { name: 'get_static_buffer', parameters: [], result: 'buffer' },
  null_as_buffer: { name: 'return_null_ptr', parameters: [], result: 'buffer' },
  identity_buffer: { name: 'identity_ptr', parameters: ['buffer'], result: 'buffer' },
});
const s = lib.symbols;
test.after(() => lib.close());

test('Uint8Array', () => {
  assert.equal(s.sum_buffer(new Uint8Array([1, 2, 3, 4]), 4n), 10);
  assert.equal(s.sum_buffer(new Uint8Array([1, 2, 3, 4]), 4), 10);
  assert.equal(s.sum_buffer(new Uint8Array([255, 255]), 2), 510);
  assert.equal(s.first_byte(new Uint8Array([42])), 42);
});

test('TypedArray with a non-zero byteOffset passes the address of its first byte', () => {
  const u8 = new Uint8Array([10, 20, 30, 40, 50]);
  assert.equal(s.sum_buffer(u8.subarray(2), 3), 120);
  assert.equal(s.first_byte(u8.subarray(3)), 40);
  assert.equal(s.first_byte(new Uint8Array(u8.buffer, 4, 1)), 50);
  assert.equal(s.buf_to_u64(u8.subarray(1)), s.buf_to_u64(u8) + 1n);
  const i32 = new Int32Array([1, -2, 3]);
  assert.equal(s.read_i32_buf(i32.subarray(1)), -2);
  assert.equal(s.read_i32_buf(new Int32Array(i32.buffer, 8)), 3);
  assert.equal(s.buf_to_u64(i32.subarray(2)), s.buf_to_u64(i32) + 8n);
  const f64 = new Float64Array([0.5, 1.5]);
  assert.equal(s.buf_to_u64(f64.subarray(1)), s.buf_to_u64(f64) + 8n);
});

test('every TypedArray kind', () => {
  const kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array];
  for (const K of kinds) {
    const a = new K(4);
    const p = s.buf_to_u64(a);
    assert.equal(p, UnsafePointer.value(UnsafePointer.of(a)), K.name);
    assert.equal(s.buf_to_u64(a.subarray(1)), p + BigInt(K.BYTES_PER_ELEMENT), `${K.name} subarray`);
  }
  assert.equal(s.read_i32_buf(new Int32Array([-77])), -77);
  assert.equal(s.read_i32_buf(new Uint32Array([0xffffffff])), -1);
});

test('DataView, also with a byteOffset', () => {
  const u8 = new Uint8Array([10, 20, 30, 40, 50]);
  assert.equal(s.first_byte(new DataView(u8.buffer)), 10);
  assert.equal(s.first_byte(new DataView(u8.buffer, 2)), 30);
  assert.equal(s.sum_buffer(new DataView(u8.buffer, 1, 2), 2), 50);
});

test('ArrayBuffer', () => {
  const ab = new Uint8Array([7, 8, 9]).buffer;
  assert.equal(s.first_byte(ab), 7);
  assert.equal(s.sum_buffer(ab, 3), 24);
  assert.equal(s.buf_to_u64(ab), s.buf_to_u64(new Uint8Array(ab)));
});

test('Node Buffer (a pooled slice with a byteOffset)', () => {
  const b = Buffer.from('abc');
  assert.equal(s.sum_buffer(b, 3), 97 + 98 + 99);
  assert.equal(s.c_strlen_buf(Buffer.from('hello\0world')), 5n);
  const pooled = Buffer.from('xyz');
  assert.equal(s.buf_to_u64(pooled), s.buf_to_u64(pooled.buffer) + BigInt(pooled.byteOffset));
});

test('null is the NULL pointer', () => {
  assert.equal(s.buf_is_null(null), true);
  assert.equal(s.buf_to_u64(null), 0n);
  assert.equal(s.sum_buffer(null, 0), 0);
  assert.equal(s.buf_is_null(new Uint8Array(1)), false);
});

test('C writes into the buffer are visible in JS', () => {
  const u8 = new Uint8Array([10, 20, 30, 40, 50]);
  assert.equal(s.fill_buffer(u8.subarray(1, 3), 2, 7), undefined);
  assert.deepEqual([...u8], [10, 7, 7, 40, 50]);
  const dv = new DataView(u8.buffer, 3);
  s.fill_buffer(dv, 2, 0xff);
  assert.deepEqual([...u8], [10, 7, 7, 255, 255]);
  s.fill_buffer(u8.buffer, 1, 1);
  assert.deepEqual([...u8], [1, 7, 7, 255, 255]);
  s.fill_buffer(u8, 5, 256 + 9);
  assert.deepEqual([...u8], [9, 9, 9, 9, 9]);
});

test('buffer results are pointer objects or null', () => {
  const p = s.static_buffer_as_buffer();
  assert.equal(typeof p, 'object');
  assert.ok(UnsafePointer.equals(p, s.get_static_buffer()));
  assert.equal(new UnsafePointerView(p).getUint8(7), 7);
  assert.equal(s.null_as_buffer(), null);
  assert.equal(s.identity_buffer(null), null);
  const u8 = new Uint8Array(8);
  assert.equal(UnsafePointer.value(s.identity_buffer(u8.subarray(2))), UnsafePointer.value(UnsafePointer.of(u8)) + 2n);
});

test('buffer parameters reject everything else', () => {
  throwsArg(() => s.sum_buffer(5, 0), 'sum_buffer', 0, 'buffer', '5');
  throwsArg(() => s.sum_buffer('abc', 3), 'sum_buffer', 0, 'buffer', 'a string');
  throwsArg(() => s.sum_buffer([1, 2], 2), 'sum_buffer', 0, 'buffer', 'an object');
  throwsArg(() => s.sum_buffer({ buffer: new ArrayBuffer(2) }, 2), 'sum_buffer', 0, 'buffer', 'an object');
  throwsArg(() => s.sum_buffer(undefined, 0), 'sum_buffer', 0, 'buffer', 'undefined');
  throwsArg(() => s.sum_buffer(1n, 0), 'sum_buffer', 0, 'buffer', '1n');
  throwsArg(() => s.sum_buffer(true, 0), 'sum_buffer', 0, 'buffer', 'true');
  throwsArg(() => s.sum_buffer(UnsafePointer.create(0x1000n), 0), 'sum_buffer', 0, 'buffer', 'an object');
  throwsArg(() => s.sum_buffer(new Uint8Array(1), 1.5), 'sum_buffer', 1, 'usize', '1.5');
});
