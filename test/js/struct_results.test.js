// flags: --allow-natives-syntax
'use strict';
// Struct results on the fast path: the wrapper (lib/internal/wrap.js) passes a new
// Uint8Array per call as a hidden last argument, which the stub fills from the result
// registers (up to 16 bytes; AArch64 HFAs up to 32) or hands to C as the hidden result
// pointer (MEMORY class / over 16 bytes). For every class the exact bytes cold (the
// general path) and optimized (no general-path entry), a new buffer per call, and the
// opt-in: a buffer of the struct's size given after the arguments is filled and
// returned; anything else is the general path's TypeError, cold and optimized.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, callPath, UnsafeFnPointer } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { measure, optimizedSite } = require('../support/optimize.js');
const { fastOff, fastStructs } = require('../support/fast_off.js');

const R1 = { struct: ['u8'] };
const R2 = { struct: ['u8', 'i8'] };
const R3 = { struct: ['u8', 'u8', 'u8'] };
const R4 = { struct: ['u8', 'u8', 'u16'] };
const R7 = { struct: Array(7).fill('u8') };
const R8I = { struct: ['i32', 'i32'] };
const R8F = { struct: ['f32', 'f32'] };
const R11 = { struct: Array(11).fill('u8') };
const R12F = { struct: ['f32', 'f32', 'f32'] };
const RN = { struct: ['f32', R8F] };
const R16D = { struct: ['f64', 'f64'] };
const R16I = { struct: ['i64', 'i64'] };
const R16F = { struct: ['f32', 'f32', 'f32', 'f32'] };
const R16M = { struct: ['i32', 'f32', 'f64'] };
const R16DI = { struct: ['f64', 'i64'] };
const R24 = { struct: ['i64', 'i64', 'i64'] };
const R32D = { struct: ['f64', 'f64', 'f64', 'f64'] };
const I32x8 = Array(8).fill('i32');
const I64x8 = Array(8).fill('i64');

const lib = dlopen(fixturePath, {
  make_s1: { parameters: ['u8'], result: R1 },
  result_r2: { parameters: ['u8', 'i8'], result: R2 },
  result_r3: { parameters: ['u8', 'u8', 'u8'], result: R3 },
  result_r4: { parameters: ['u8', 'u8', 'u16'], result: R4 },
  result_r7: { parameters: ['u8'], result: R7 },
  make_s8_ints: { parameters: ['i32', 'i32'], result: R8I },
  make_s8_floats: { parameters: ['f32', 'f32'], result: R8F },
  result_r11: { parameters: ['u8'], result: R11 },
  make_s12_floats: { parameters: ['f32', 'f32', 'f32'], result: R12F },
  result_nested: { parameters: ['f32', 'f32', 'f32'], result: RN },
  make_s16_doubles: { parameters: ['f64', 'f64'], result: R16D },
  result_r16_ints: { parameters: ['i64', 'i64'], result: R16I },
  result_r16_floats: { parameters: ['f32', 'f32', 'f32', 'f32'], result: R16F },
  make_s16_mixed: { parameters: ['i32', 'f32', 'f64'], result: R16M },
  make_s16_double_int: { parameters: ['f64', 'i64'], result: R16DI },
  make_s24_ints: { parameters: ['i64', 'i64', 'i64'], result: R24 },
  make_s32_doubles: { parameters: ['f64', 'f64', 'f64', 'f64'], result: R32D },
  result_mixed_after8: { parameters: I32x8, result: R16M },
  result_r24_after8: { parameters: I64x8, result: R24 },
  result_r24_from: { parameters: [R16M, 'f64'], result: R24 },
  result_r16_ints_pointer: { parameters: [], result: 'pointer' },
  make_s24_later: { name: 'make_s24_ints', parameters: ['i64', 'i64', 'i64'], result: R24, nonblocking: true },
});
const s = lib.symbols;
test.after(() => lib.close());

// Little-endian struct bytes: fields as [setter, offset, value].
function bytes(size, fields) {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (const [setter, offset, value] of fields) view[setter](offset, value, true);
  return out;
}
const seq = (size, first, step) => Uint8Array.from({ length: size }, (_, i) => (first + i * step) & 255);
const mixed = (i, f, d) => bytes(16, [['setInt32', 0, i], ['setFloat32', 4, f], ['setFloat64', 8, d]]);
const i3 = (a, b, c) => bytes(24, [['setBigInt64', 0, a], ['setBigInt64', 8, b], ['setBigInt64', 16, c]]);

// [symbol, arguments, expected bytes]
const cases = [
  ['make_s1', [0xa5], bytes(1, [['setUint8', 0, 0xa5]])],
  ['result_r2', [200, -3], bytes(2, [['setUint8', 0, 200], ['setInt8', 1, -3]])],
  ['result_r3', [1, 0x80, 0xff], bytes(3, [['setUint8', 0, 1], ['setUint8', 1, 0x80], ['setUint8', 2, 0xff]])],
  ['result_r4', [7, 0x81, 0xbeef], bytes(4, [['setUint8', 0, 7], ['setUint8', 1, 0x81], ['setUint16', 2, 0xbeef]])],
  ['result_r7', [0xf0], seq(7, 0xf0, 17)],
  ['make_s8_ints', [-2, 0x7fffffff], bytes(8, [['setInt32', 0, -2], ['setInt32', 4, 0x7fffffff]])],
  ['make_s8_floats', [1.5, -0.25], bytes(8, [['setFloat32', 0, 1.5], ['setFloat32', 4, -0.25]])],
  ['result_r11', [0x33], seq(11, 0x33, 23)],
  ['make_s12_floats', [1, -2.5, 3e38], bytes(12, [['setFloat32', 0, 1], ['setFloat32', 4, -2.5], ['setFloat32', 8, 3e38]])],
  ['result_nested', [9, 0.5, -8], bytes(12, [['setFloat32', 0, 9], ['setFloat32', 4, 0.5], ['setFloat32', 8, -8]])],
  ['make_s16_doubles', [-1e300, 2 ** -1074], bytes(16, [['setFloat64', 0, -1e300], ['setFloat64', 8, 2 ** -1074]])],
  ['result_r16_ints', [-(2 ** 40) - 5, 2 ** 52 + 1], bytes(16, [['setBigInt64', 0, -(2n ** 40n) - 5n], ['setBigInt64', 8, 2n ** 52n + 1n]])],
  ['result_r16_floats', [1, 2, 3, 4], bytes(16, [['setFloat32', 0, 1], ['setFloat32', 4, 2], ['setFloat32', 8, 3], ['setFloat32', 12, 4]])],
  ['make_s16_mixed', [-5, 1.5, 2.25], mixed(-5, 1.5, 2.25)],
  ['make_s16_double_int', [0.125, -(2 ** 33)], bytes(16, [['setFloat64', 0, 0.125], ['setBigInt64', 8, -(2n ** 33n)]])],
  ['make_s24_ints', [2 ** 40, -5, 7], i3(2n ** 40n, -5n, 7n)],
  ['make_s32_doubles', [1.5, -2, 1e-300, 4], bytes(32, [['setFloat64', 0, 1.5], ['setFloat64', 8, -2], ['setFloat64', 16, 1e-300], ['setFloat64', 24, 4]])],
  ['result_mixed_after8', [1, 2, 3, 4, 5, 6, 7, -8], mixed(4321, 11, -56)],
  ['result_r24_after8', [1, 2, 3, 4, 5, 6, 7, -8], i3(3n, 12n, -336n)],
  ['result_r24_from', [mixed(-9, 3.75, 10), 2.5], i3(-9n, 3n, 25n)],
];

// Fast wherever structs are fast; V8 11.3 declares i64 parameters as numbers, which
// these arguments are.
const expectedPath = fastOff ?? (fastStructs ? 'fast' : 'struct results take the general path on this V8 or CPU');

test('struct results take the fast path; nonblocking ones return a Promise', () => {
  for (const [key] of cases) assert.equal(callPath(s[key]), expectedPath, key);
  assert.equal(callPath(s.make_s24_later), 'nonblocking calls return a Promise');
});

test('the exact bytes of every class, cold and optimized, a new buffer per call', () => {
  for (const [key, args, expected] of cases) {
    const fn = s[key];
    const cold = measure(() => fn(...args));
    assert.equal(cold.error, undefined, `${key} cold: ${cold.error && cold.error.message}`);
    assert.deepEqual([cold.value, cold.general], [expected, 1], `${key} cold`);
    assert.equal(cold.value.buffer.byteLength, expected.length, `${key}: a buffer of its own`);
    const run = optimizedSite(fn, args);
    const hot = run(...args);
    assert.equal(hot.error, undefined, `${key} hot: ${hot.error && hot.error.message}`);
    assert.deepEqual([hot.value, hot.general], [expected, fastStructs ? 0 : 1], `${key} hot`);
    const again = run(...args);
    assert.notEqual(again.value, hot.value, `${key}: a new Uint8Array per call`);
    assert.deepEqual(again.value, expected, `${key} again`);
  }
});

test('opt-in: a caller-given buffer after the arguments is filled and returned', () => {
  for (const [key, args, expected] of cases) {
    const fn = s[key];
    const out = new Uint8Array(expected.length).fill(0xee);
    const cold = measure(() => fn(...args, out));
    assert.equal(cold.value, out, `${key} cold: the caller's buffer`);
    assert.deepEqual([cold.value, cold.general], [expected, 1], `${key} cold`);
    const into = new Uint8Array(expected.length);
    const hot = optimizedSite(fn, [...args, into])(...args, into);
    assert.equal(hot.value, into, `${key} hot: the caller's buffer`);
    assert.deepEqual([hot.value, hot.general], [expected, fastStructs ? 0 : 1], `${key} hot`);
  }
  // A view into a larger buffer: only its bytes are written.
  const backing = new Uint8Array(40).fill(0x11);
  const view = new Uint8Array(backing.buffer, 8, 24);
  assert.equal(s.make_s24_ints(1, 2, 3, view), view);
  assert.deepEqual(backing.subarray(0, 8), new Uint8Array(8).fill(0x11));
  assert.deepEqual(view, i3(1n, 2n, 3n));
  assert.deepEqual(backing.subarray(32), new Uint8Array(8).fill(0x11));
  // Any buffer kind the general path takes for a struct.
  const ab = new ArrayBuffer(16);
  assert.equal(s.make_s16_mixed(-5, 1.5, 2.25, ab), ab);
  assert.deepEqual(new Uint8Array(ab), mixed(-5, 1.5, 2.25));
});

test('a wrong result buffer is a TypeError naming the symbol and position, cold and optimized', () => {
  const message = (got) => 'make_s16_mixed: parameter 3 expects { struct: [i32, f32, f64] } ' +
    `(a TypedArray, DataView or ArrayBuffer of 16 bytes), got ${got}`;
  const run = optimizedSite(s.make_s16_mixed, [-5, 1.5, 2.25, new Uint8Array(16)]);
  for (const [bad, got] of [[new Uint8Array(15), 'an object'], [null, 'null'], [16, '16']]) {
    const cold = measure(() => s.make_s16_mixed(-5, 1.5, 2.25, bad));
    assert.equal(Object.getPrototypeOf(cold.error), TypeError.prototype);
    assert.equal(cold.error.message, message(got));
    const hot = run(-5, 1.5, 2.25, bad);
    assert.equal(Object.getPrototypeOf(hot.error), TypeError.prototype);
    assert.equal(hot.error.message, message(got));
  }
  const good = run(-5, 1.5, 2.25, new Uint8Array(16));
  assert.deepEqual([good.value, good.general], [mixed(-5, 1.5, 2.25), fastStructs ? 0 : 1], 'still fast after the errors');
});

test('UnsafeFnPointer and nonblocking calls return the same bytes', async () => {
  const pointer = new UnsafeFnPointer(s.result_r16_ints_pointer(), { parameters: ['i64', 'i64'], result: R16I });
  const expected = bytes(16, [['setBigInt64', 0, -7n], ['setBigInt64', 8, 2n ** 50n]]);
  assert.equal(callPath(pointer.call), expectedPath);
  const cold = measure(() => pointer.call(-7, 2 ** 50));
  assert.deepEqual([cold.value, cold.general], [expected, 1]);
  const hot = optimizedSite((a, b) => pointer.call(a, b), [-7, 2 ** 50])(-7, 2 ** 50);
  assert.deepEqual([hot.value, hot.general], [expected, fastStructs ? 0 : 1]);
  // A Promise's result is made when the call is back: no buffer argument.
  assert.deepEqual(await s.make_s24_later(2 ** 40, -5, 7), i3(2n ** 40n, -5n, 7n));
});
