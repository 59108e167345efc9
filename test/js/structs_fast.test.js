// flags: --allow-natives-syntax
'use strict';
// Struct parameters on the fast path (x86-64 SysV): for each struct class (two SSE
// eightbytes, two INTEGER ones, mixed, 1 to 12 bytes with odd sizes, nested, a struct
// that no longer fits the GP registers, MEMORY class, several in one call) the exact
// result from optimized code without entering the general path (its entry counter
// stays put) and from interpreted code through it, and the same TypeErrors from both.
// V8 13+ passes any value, which the stub resolves (and throws for); V8 11-12 pass a
// Uint8Array (or Node Buffer) whose length the stub checks: a wrong length sets the
// fallback flag and any other value takes the slow callback, so there errors come from
// the general path. With ZEROCALL_JIT=0 everything takes the general path.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, callPath } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { measure, optimizedSite } = require('../support/optimize.js');

const { fastOff, fastStructs } = require('../support/fast_off.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
// Where a struct may be any buffer kind on the fast path, and errors throw from the stub.
const resolvedStructs = fastStructs && v8Major >= 13;
// V8 11.3 cannot return 64 bits, so such functions take the general path there.
const int64ResultsFast = fastStructs && v8Major >= 12;

const S1 = { struct: ['u8'] };
const S2 = { struct: ['u8', 'i8'] };
const S3 = { struct: ['u8', 'u8', 'u8'] };
const S4 = { struct: ['u8', 'u16'] };
const S6 = { struct: ['u16', 'u16', 'u16'] };
const S7 = { struct: Array(7).fill('u8') };
const S8I = { struct: ['i32', 'i32'] };
const S8F = { struct: ['f32', 'f32'] };
const S11 = { struct: Array(11).fill('u8') };
const S12F = { struct: ['f32', 'f32', 'f32'] };
const SN = { struct: ['u8', S8F] };
const S16D = { struct: ['f64', 'f64'] };
const S16I = { struct: ['i64', 'i64'] };
const S16M = { struct: ['i32', 'f32', 'f64'] };
const S16DI = { struct: ['f64', 'i64'] };
const S24I = { struct: ['i64', 'i64', 'i64'] };
const S32D = { struct: ['f64', 'f64', 'f64', 'f64'] };
const I32x5 = ['i32', 'i32', 'i32', 'i32', 'i32'];

const lib = dlopen(fixturePath, {
  sum_s1: { parameters: [S1], result: 'u32' },
  weigh_s2: { parameters: [S2], result: 'i32' },
  weigh_s3: { parameters: [S3], result: 'u32' },
  sum_s4: { parameters: [S4], result: 'u32' },
  weigh_s6: { parameters: [S6], result: 'f64' },
  weigh_s7: { parameters: [S7], result: 'u64' },
  weigh_s8_ints: { parameters: [S8I], result: 'i64' },
  weigh_s8_floats: { parameters: [S8F], result: 'f64' },
  weigh_s11: { parameters: [S11], result: 'u64' },
  weigh_s12_floats: { parameters: [S12F], result: 'f64' },
  weigh_nested: { parameters: [SN], result: 'f64' },
  weigh_s16_doubles: { parameters: [S16D], result: 'f64' },
  weigh_s16_ints: { parameters: [S16I], result: 'i64' },
  weigh_s16_mixed: { parameters: [S16M], result: 'f64' },
  weigh_s16_double_int: { parameters: [S16DI], result: 'f64' },
  weigh_s24_ints: { parameters: [S24I], result: 'i64' },
  weigh_s32_doubles: { parameters: [S32D], result: 'f64' },
  struct_after_args: { parameters: [...I32x5, S16M, 'f64'], result: 'f64' },
  ints_then_s16_ints: { parameters: [...I32x5, S16I, 'i64'], result: 'i64' },
  struct_medley: { parameters: ['f64', S16D, 'i32', S16M, S24I, S3, 'f64'], result: 'f64' },
  make_s16_doubles: { parameters: ['f64', 'f64'], result: S16D },
  // 128 bytes of struct parameters in all are fast, 136 are not (never called).
  took_128: { name: 'nop', parameters: [{ struct: Array(8).fill('f64') }, { struct: Array(8).fill('i64') }], result: 'void' },
  took_136: { name: 'nop', parameters: [{ struct: Array(17).fill('f64') }], result: 'void' },
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
const d2 = (x, y) => bytes(16, [['setFloat64', 0, x], ['setFloat64', 8, y]]);
const i2 = (a, b) => bytes(16, [['setBigInt64', 0, a], ['setBigInt64', 8, b]]);
const mixed = (i, f, d) => bytes(16, [['setInt32', 0, i], ['setFloat32', 4, f], ['setFloat64', 8, d]]);
const i3 = (a, b, c) => bytes(24, [['setBigInt64', 0, a], ['setBigInt64', 8, b], ['setBigInt64', 16, c]]);
const run8 = (n) => Uint8Array.from({ length: n }, (_, i) => i + 1);

// The C functions' arithmetic, for the expected values.
const weighD2 = (x, y) => x + 1000 * y;
const weighMixed = (i, f, d) => i + 1000 * Math.fround(f) + 1000000 * d;
const weighI3 = (a, b, c) => BigInt.asIntN(64, a + 1000n * b + 1000000n * c);
const weighS3 = (b) => b[0] | b[1] << 8 | b[2] << 16;

// The exact value cold (interpreted: the general path) and hot (optimized: the
// fast path where structs are fast, else the general path again). A bigint
// result is a 64-bit one, general on V8 11.3.
function assertHotAndCold(fn, args, expected, label = fn.name, fast = fastStructs && (typeof expected !== 'bigint' || int64ResultsFast)) {
  const cold = measure(() => fn(...args));
  assert.equal(cold.error, undefined, `${label} cold: ${cold.error && cold.error.message}`);
  assert.deepEqual([cold.value, cold.general], [expected, 1], `${label} cold`);
  const hot = optimizedSite(fn, args)(...args);
  assert.equal(hot.error, undefined, `${label} hot: ${hot.error && hot.error.message}`);
  assert.deepEqual([hot.value, hot.general], [expected, fast ? 0 : 1], `${label} hot`);
}

// The same TypeError cold and hot; hot, it comes from the stub on V8 13+ and from the
// general path before (after a fallback or the slow callback). Either way the site is
// still fast for good arguments afterwards.
function assertSameTypeError(fn, goodArgs, badArgs, message) {
  const cold = measure(() => fn(...badArgs));
  assert.equal(Object.getPrototypeOf(cold.error), TypeError.prototype, `${fn.name} cold`);
  assert.equal(cold.error.message, message);
  const run = optimizedSite(fn, goodArgs);
  const hot = run(...badArgs);
  assert.equal(Object.getPrototypeOf(hot.error), TypeError.prototype, `${fn.name} hot`);
  assert.equal(hot.error.message, message);
  assert.equal(hot.general, resolvedStructs ? 0 : 1, `${fn.name} hot: which path threw`);
  const again = run(...goodArgs);
  assert.deepEqual([again.error, again.general], [undefined, fastStructs ? 0 : 1], `${fn.name}: still fast after the error`);
}

test('the eligibility predicate for struct parameters on this V8', () => {
  const fast = fastOff ?? (fastStructs ? 'fast' : 'struct parameters take the general path on this V8 or CPU');
  for (const fn of [s.sum_s1, s.weigh_s3, s.weigh_s16_doubles, s.weigh_s16_mixed, s.weigh_nested,
    s.weigh_s32_doubles, s.struct_medley, s.took_128]) {
    assert.equal(binding.callPath(fn), fast, fn.name);
  }
  // V8 11.3 refuses 64-bit results first.
  for (const fn of [s.weigh_s7, s.weigh_s11, s.weigh_s16_ints, s.weigh_s24_ints, s.ints_then_s16_ints]) {
    assert.equal(binding.callPath(fn), fastOff ?? (v8Major < 12 ? 'this V8 aborts on 64-bit fast-call results' : fast), fn.name);
  }
  if (!fastStructs) return;
  assert.equal(binding.callPath(s.took_136), 'struct parameters of more than 128 bytes in all take the general path');
  // Struct results: struct_results.test.js.
  assert.equal(callPath(s.make_s16_doubles), 'fast');
});

test('two SSE, two INTEGER and mixed eightbytes', () => {
  assertHotAndCold(s.weigh_s16_doubles, [d2(0.5, 3)], weighD2(0.5, 3));
  assertHotAndCold(s.weigh_s16_doubles, [d2(-1e300, 2 ** -1074)], weighD2(-1e300, 2 ** -1074));
  const a = -(2n ** 40n) - 5n;
  const b = 2n ** 33n + 1n;
  assertHotAndCold(s.weigh_s16_ints, [i2(a, b)], a - 3n * b);
  assertHotAndCold(s.weigh_s16_ints, [i2(2n ** 62n, -(2n ** 62n))], BigInt.asIntN(64, 2n ** 62n + 3n * 2n ** 62n));
  assertHotAndCold(s.weigh_s16_mixed, [mixed(-7, 0.25, 1.5)], weighMixed(-7, 0.25, 1.5));
  assertHotAndCold(s.weigh_s16_mixed, [mixed(2 ** 31 - 1, 0.1, -2.5)], weighMixed(2 ** 31 - 1, 0.1, -2.5));
  const di = bytes(16, [['setFloat64', 0, 0.5], ['setBigInt64', 8, -7n]]);
  assertHotAndCold(s.weigh_s16_double_int, [di], 0.5 - 7000);
});

test('small structs: 1, 2, 3, 4, 6, 7, 8, 11 and 12 bytes, and a nested one', () => {
  assertHotAndCold(s.sum_s1, [Uint8Array.of(200)], 200);
  assertHotAndCold(s.weigh_s2, [Uint8Array.of(200, 0xfd)], 200 * 1000 - 3);
  assertHotAndCold(s.weigh_s3, [Uint8Array.of(0xa1, 0xb2, 0xc3)], 0xc3b2a1);
  assertHotAndCold(s.sum_s4, [bytes(4, [['setUint8', 0, 7], ['setUint16', 2, 0xbeef]])], 7 + 0xbeef);
  const s6 = bytes(6, [['setUint16', 0, 1], ['setUint16', 2, 0xffff], ['setUint16', 4, 3]]);
  assertHotAndCold(s.weigh_s6, [s6], 1 + 65536 * 0xffff + 4294967296 * 3);
  assertHotAndCold(s.weigh_s7, [run8(7)], 0x07060504030201n);
  assertHotAndCold(s.weigh_s8_ints, [bytes(8, [['setInt32', 0, -5], ['setInt32', 4, 9]])], -5n + 9000n);
  assertHotAndCold(s.weigh_s8_floats, [bytes(8, [['setFloat32', 0, 1.5], ['setFloat32', 4, -2]])], 1.5 - 2000);
  const weigh11 = (b) => b.reduce((v, x) => BigInt.asUintN(64, v * 31n + BigInt(x)), 0n);
  assertHotAndCold(s.weigh_s11, [run8(11).map((x) => x * 23)], weigh11(run8(11).map((x) => x * 23)));
  const f12 = bytes(12, [['setFloat32', 0, 1], ['setFloat32', 4, 2], ['setFloat32', 8, 3.5]]);
  assertHotAndCold(s.weigh_s12_floats, [f12], 1 + 2000 + 3500000);
  const nested = bytes(12, [['setUint8', 0, 9], ['setFloat32', 4, 0.25], ['setFloat32', 8, 0.75]]);
  assertHotAndCold(s.weigh_nested, [nested], 9 + 250 + 750000);
});

// The stub reads exactly the struct's bytes: an odd-sized struct at the very end of
// its buffer (the next bytes belong to nobody) still arrives whole.
test('odd sizes at the end of their buffer', () => {
  const tail = new Uint8Array(4096 * 2);
  tail.set([0x11, 0x22, 0x33], tail.length - 3);
  assertHotAndCold(s.weigh_s3, [tail.subarray(tail.length - 3)], 0x332211);
  tail.set(run8(7), tail.length - 7);
  assertHotAndCold(s.weigh_s7, [tail.subarray(tail.length - 7)], 0x07060504030201n);
});

test('structs past the registers, in memory, and several in one call', () => {
  assertHotAndCold(s.struct_after_args, [1, 2, 3, 4, 5, mixed(1, 2, 3), 0.5], 15 + weighMixed(1, 2, 3) + 0.5);
  const pair = i2(10n, 1n);
  assertHotAndCold(s.ints_then_s16_ints, [1, 2, 3, 4, 5, pair, 9n], 1n + 20n + 300n + 4000n + 50000n + 7n * 100000n + 63n);
  assertHotAndCold(s.weigh_s24_ints, [i3(1n, -2n, 3n)], weighI3(1n, -2n, 3n));
  const d32 = bytes(32, [['setFloat64', 0, 1], ['setFloat64', 8, 2], ['setFloat64', 16, 3], ['setFloat64', 24, 4.5]]);
  assertHotAndCold(s.weigh_s32_doubles, [d32], 1 + 20 + 300 + 4500);
  const medley = [0.5, d2(1, 2), 3, mixed(1, 2, 3), i3(4n, 5n, 6n), Uint8Array.of(7, 8, 9), 0.25];
  assertHotAndCold(s.struct_medley, medley,
    0.5 + weighD2(1, 2) * 3 + 15 + weighMixed(1, 2, 3) * 7 + Number(weighI3(4n, 5n, 6n)) + weighS3([7, 8, 9]) * 11 + 0.25 * 13);
});

// V8 11-12 pass only Uint8Arrays (Node Buffers included) to the stub; other kinds
// take the slow callback there.
test('every buffer kind of the right size, byteOffset honoured', () => {
  const bytes16 = d2(0.25, 4);
  const expected = weighD2(0.25, 4);
  const run = optimizedSite(s.weigh_s16_doubles, [bytes16]);
  const shifted = new Uint8Array(24);
  shifted.set(bytes16, 8);
  const pooled = Buffer.from(bytes16);  // a slice of Node's pool: a byteOffset of its own
  for (const [label, value, byteView] of [['ArrayBuffer', bytes16.slice().buffer, false],
    ['DataView', new DataView(bytes16.slice().buffer), false], ['subarray', shifted.subarray(8), true],
    ['Float64Array', new Float64Array([0.25, 4]), false], ['Buffer', pooled, true],
    ['BigUint64Array', new BigUint64Array(bytes16.slice().buffer), false]]) {
    const fast = resolvedStructs || (fastStructs && byteView);
    assert.deepEqual(run(value), { value: expected, error: undefined, general: fast ? 0 : 1 }, label);
    assert.equal(s.weigh_s16_doubles(value), expected, `${label} cold`);
  }
});

test('wrong sizes and kinds: the general path\'s TypeError, hot and cold', () => {
  const expects = (key, index, struct, size) =>
    `${key}: parameter ${index} expects ${struct} (a TypedArray, DataView or ArrayBuffer of ${size} bytes), got`;
  const mixedExpect = expects('weigh_s16_mixed', 0, '{ struct: [i32, f32, f64] }', 16);
  for (const [value, got] of [[new Uint8Array(15), 'an object'], [new Uint8Array(17), 'an object'],
    [new ArrayBuffer(8), 'an object'], [null, 'null'], [undefined, 'undefined'], [7, '7'], ['bytes', 'a string'],
    [{}, 'an object'], [[1, 2], 'an object'], [16n, '16n']]) {
    assertSameTypeError(s.weigh_s16_mixed, [mixed(1, 2, 3)], [value], `${mixedExpect} ${got}`);
  }
  assertSameTypeError(s.weigh_nested, [new Uint8Array(12)], [null],
    `${expects('weigh_nested', 0, '{ struct: [u8, { struct: [f32, f32] }] }', 12)} null`);
  assertSameTypeError(s.sum_s1, [new Uint8Array(1)], [new Uint8Array(0)], `${expects('sum_s1', 0, '{ struct: [u8] }', 1)} an object`);
  // The first bad parameter is the one reported, on both paths.
  const args = [1, 2, 3, 4, 5, mixed(1, 2, 3), 0.5];
  assertSameTypeError(s.struct_after_args, args, [1, 2, 3, 4, 5, new Uint8Array(3), 0.5],
    `${expects('struct_after_args', 5, '{ struct: [i32, f32, f64] }', 16)} an object`);
  const early = measure(() => s.struct_after_args(2 ** 31, 2, 3, 4, 5, new Uint8Array(3), 0.5));
  assert.equal(early.error.message, 'struct_after_args: parameter 0 expects i32 (a number in the int32 range), got 2147483648');
  const hot = optimizedSite(s.struct_after_args, args)(2 ** 31, 2, 3, 4, 5, new Uint8Array(3), 0.5);
  assert.equal(hot.error.message, early.error.message);
  const third = measure(() => s.struct_medley(0.5, d2(1, 2), 3, mixed(1, 2, 3), new Uint8Array(16), Uint8Array.of(1), 0));
  assert.equal(third.error.message, `${expects('struct_medley', 4, '{ struct: [i64, i64, i64] }', 24)} an object`);
  // The site still works after the errors.
  assertHotAndCold(s.weigh_s16_mixed, [mixed(-1, 0.5, 2)], weighMixed(-1, 0.5, 2));
});
