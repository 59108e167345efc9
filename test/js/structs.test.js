'use strict';
// Structs by value ({ struct: [...] }): the ABI matrix of the fixture (1 to 32 bytes,
// integer, float-only, mixed, padded, nested, passed in memory), in parameters,
// results, callbacks and nonblocking calls; definitions and wrong sizes.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafeCallback, callPath } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { fastOff, fastStructs } = require('../support/fast_off.js');

const S1 = { struct: ['u8'] };
const S4 = { struct: ['u8', 'u16'] };
const S8I = { struct: ['i32', 'i32'] };
const S8F = { struct: ['f32', 'f32'] };
const S16D = { struct: ['f64', 'f64'] };
const S16M = { struct: ['i32', 'f32', 'f64'] };
const S16DI = { struct: ['f64', 'i64'] };
const S12F = { struct: ['f32', 'f32', 'f32'] };
const S24I = { struct: ['i64', 'i64', 'i64'] };
const S32D = { struct: ['f64', 'f64', 'f64', 'f64'] };
const SN = { struct: ['u8', S8F] };

const lib = dlopen(fixturePath, {
  make_s1: { parameters: ['u8'], result: S1 },
  sum_s1: { parameters: [S1], result: 'u32' },
  make_s4: { parameters: ['u8', 'u16'], result: S4 },
  sum_s4: { parameters: [S4], result: 'u32' },
  make_s8_ints: { parameters: ['i32', 'i32'], result: S8I },
  weigh_s8_ints: { parameters: [S8I], result: 'i64' },
  make_s8_floats: { parameters: ['f32', 'f32'], result: S8F },
  weigh_s8_floats: { parameters: [S8F], result: 'f64' },
  make_s16_doubles: { parameters: ['f64', 'f64'], result: S16D },
  weigh_s16_doubles: { parameters: [S16D], result: 'f64' },
  make_s16_mixed: { parameters: ['i32', 'f32', 'f64'], result: S16M },
  weigh_s16_mixed: { parameters: [S16M], result: 'f64' },
  make_s16_double_int: { parameters: ['f64', 'i64'], result: S16DI },
  weigh_s16_double_int: { parameters: [S16DI], result: 'f64' },
  make_s12_floats: { parameters: ['f32', 'f32', 'f32'], result: S12F },
  weigh_s12_floats: { parameters: [S12F], result: 'f64' },
  make_s24_ints: { parameters: ['i64', 'i64', 'i64'], result: S24I },
  weigh_s24_ints: { parameters: [S24I], result: 'i64' },
  make_s32_doubles: { parameters: ['f64', 'f64', 'f64', 'f64'], result: S32D },
  weigh_s32_doubles: { parameters: [S32D], result: 'f64' },
  make_nested: { parameters: ['u8', 'f32', 'f32'], result: SN },
  weigh_nested: { parameters: [SN], result: 'f64' },
  struct_after_args: { parameters: ['i32', 'i32', 'i32', 'i32', 'i32', S16M, 'f64'], result: 'f64' },
  call_struct_fn: { parameters: ['function', 'f32', 'f32'], result: 'f64', callback: true },
  weigh_later: { name: 'weigh_s24_ints', parameters: [S24I], result: 'i64', nonblocking: true },
  make_later: { name: 'make_s32_doubles', parameters: ['f64', 'f64', 'f64', 'f64'], result: S32D, nonblocking: true },
});
const s = lib.symbols;
test.after(() => lib.close());

const view = (bytes) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

test('struct results are new Uint8Arrays with C\'s layout (padding and nesting included)', () => {
  const s1 = s.make_s1(200);
  assert.ok(s1 instanceof Uint8Array);
  assert.deepEqual([...s1], [200]);
  const s4 = s.make_s4(7, 0xbeef);
  assert.equal(s4.length, 4);
  assert.deepEqual([view(s4).getUint8(0), view(s4).getUint16(2, true)], [7, 0xbeef]);
  const s8 = s.make_s8_ints(-5, 9);
  assert.deepEqual([view(s8).getInt32(0, true), view(s8).getInt32(4, true)], [-5, 9]);
  const f8 = s.make_s8_floats(1.5, -2.25);
  assert.deepEqual([view(f8).getFloat32(0, true), view(f8).getFloat32(4, true)], [1.5, -2.25]);
  const d16 = s.make_s16_doubles(0.1, 0.2);
  assert.deepEqual([view(d16).getFloat64(0, true), view(d16).getFloat64(8, true)], [0.1, 0.2]);
  const m16 = s.make_s16_mixed(-3, 0.5, 1e10);
  assert.deepEqual([view(m16).getInt32(0, true), view(m16).getFloat32(4, true), view(m16).getFloat64(8, true)], [-3, 0.5, 1e10]);
  const di = s.make_s16_double_int(2.5, -(2n ** 40n));
  assert.deepEqual([view(di).getFloat64(0, true), view(di).getBigInt64(8, true)], [2.5, -(2n ** 40n)]);
  const f12 = s.make_s12_floats(1, 2, 3);
  assert.equal(f12.length, 12);
  assert.deepEqual([0, 4, 8].map((o) => view(f12).getFloat32(o, true)), [1, 2, 3]);
  const i24 = s.make_s24_ints(1n, -2n, 2n ** 62n);
  assert.deepEqual([0, 8, 16].map((o) => view(i24).getBigInt64(o, true)), [1n, -2n, 2n ** 62n]);
  const d32 = s.make_s32_doubles(1, 2, 3, 4);
  assert.deepEqual([0, 8, 16, 24].map((o) => view(d32).getFloat64(o, true)), [1, 2, 3, 4]);
  const nested = s.make_nested(9, 0.25, 0.75);
  assert.equal(nested.length, 12);
  assert.deepEqual([view(nested).getUint8(0), view(nested).getFloat32(4, true), view(nested).getFloat32(8, true)], [9, 0.25, 0.75]);
});

test('struct arguments round-trip, each field in its place', () => {
  assert.equal(s.sum_s1(s.make_s1(200)), 200);
  assert.equal(s.sum_s4(s.make_s4(7, 1000)), 1007);
  assert.equal(s.weigh_s8_ints(s.make_s8_ints(-5, 9)), 8995n);
  assert.equal(s.weigh_s8_floats(s.make_s8_floats(1.5, 2)), 2001.5);
  assert.equal(s.weigh_s16_doubles(s.make_s16_doubles(0.5, 3)), 3000.5);
  assert.equal(s.weigh_s16_mixed(s.make_s16_mixed(1, 2, 3)), 3002001);
  assert.equal(s.weigh_s16_double_int(s.make_s16_double_int(0.5, 7n)), 7000.5);
  assert.equal(s.weigh_s12_floats(s.make_s12_floats(1, 2, 3)), 3002001);
  assert.equal(s.weigh_s24_ints(s.make_s24_ints(1n, 2n, 3n)), 3002001n);
  assert.equal(s.weigh_s32_doubles(s.make_s32_doubles(1, 2, 3, 4)), 4321);
  assert.equal(s.weigh_nested(s.make_nested(1, 2, 3)), 3002001);
  // Any buffer of the right size: here a DataView and an ArrayBuffer filled by JS.
  const bytes = new ArrayBuffer(16);
  new DataView(bytes).setFloat64(0, 0.25, true);
  new DataView(bytes).setFloat64(8, 4, true);
  assert.equal(s.weigh_s16_doubles(bytes), 4000.25);
  assert.equal(s.weigh_s16_doubles(new DataView(bytes)), 4000.25);
  const offset = new Uint8Array(24);
  offset.set(new Uint8Array(bytes), 8);
  assert.equal(s.weigh_s16_doubles(offset.subarray(8)), 4000.25, 'byteOffset honoured');
  assert.equal(s.struct_after_args(1, 2, 3, 4, 5, s.make_s16_mixed(1, 2, 3), 0.5), 3002016.5);
});

test('a struct of the wrong size or kind is a TypeError naming the struct', () => {
  assert.throws(() => s.weigh_s16_mixed(new Uint8Array(15)), {
    name: 'TypeError',
    message: 'weigh_s16_mixed: parameter 0 expects { struct: [i32, f32, f64] } (a TypedArray, DataView or ArrayBuffer of 16 bytes), got an object',
  });
  assert.throws(() => s.weigh_nested(null), {
    name: 'TypeError',
    message: 'weigh_nested: parameter 0 expects { struct: [u8, { struct: [f32, f32] }] } (a TypedArray, DataView or ArrayBuffer of 12 bytes), got null',
  });
  // Struct parameters and results are fast (structs_fast.test.js, struct_results.test.js).
  // A process without any fast path (ZEROCALL_JIT=0) reports that reason instead.
  assert.equal(binding.callPath(s.sum_s4), fastOff ?? (fastStructs ? 'fast' : 'struct parameters take the general path on this V8 or CPU'));
  assert.equal(callPath(s.make_s8_ints), fastOff ?? (fastStructs ? 'fast' : 'struct results take the general path on this V8 or CPU'));
});

test('callbacks take and return structs', () => {
  const cb = new UnsafeCallback({ parameters: [S8F], result: S16M }, (point) => {
    assert.ok(point instanceof Uint8Array);
    const p = view(point);
    return s.make_s16_mixed(1, p.getFloat32(0, true), p.getFloat32(4, true));
  });
  assert.equal(s.call_struct_fn(cb.pointer, 2, 3), 3002001);
  const wrong = new UnsafeCallback({ parameters: [S8F], result: S16M }, () => new Uint8Array(3));
  assert.throws(() => s.call_struct_fn(wrong.pointer, 2, 3), {
    name: 'TypeError',
    message: 'UnsafeCallback: the callback\'s return value expects { struct: [i32, f32, f64] } (a TypedArray, DataView or ArrayBuffer of 16 bytes), got an object',
  });
  cb.close();
  wrong.close();
});

test('nonblocking calls take and return structs', async () => {
  assert.equal(await s.weigh_later(s.make_s24_ints(1n, 2n, 3n)), 3002001n);
  const d32 = await s.make_later(1, 2, 3, 4);
  assert.deepEqual([0, 8, 16, 24].map((o) => view(d32).getFloat64(o, true)), [1, 2, 3, 4]);
});

test('struct definitions are checked', () => {
  const bad = (def) => () => dlopen(fixturePath, { f: def });
  assert.throws(bad({ parameters: [{ struct: [] }], result: 'void' }), {
    name: 'TypeError', message: 'Invalid definition of \'f\': parameters[0].struct must be a non-empty array of types',
  });
  assert.throws(bad({ parameters: [{ struct: ['i32', 'void'] }], result: 'void' }), {
    name: 'TypeError', message: 'Invalid definition of \'f\': "void" is only valid as a result (parameters[0].struct[1])',
  });
  assert.throws(bad({ parameters: [{ struct: ['i32'], packed: true }], result: 'void' }), {
    name: 'TypeError', message: 'Invalid definition of \'f\': parameters[0] has an unknown key "packed"',
  });
  assert.throws(bad({ type: { struct: ['i32'] } }), {
    name: 'TypeError', message: 'Invalid definition of \'f\': a static cannot be a struct',
  });
});
