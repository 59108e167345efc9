'use strict';
// 0 to 20 arguments: ladders past the argument registers (6 GPR / 8 FPR on SysV x86-64,
// 8 / 8 on AAPCS64), ints and doubles interleaved, narrow types on the stack. Weighted sums
// and digit strings make a dropped, duplicated or swapped argument visible.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { all } = require('../support/defs.js');
const { throwsArg } = require('../support/assert.js');

const lib = dlopen(fixturePath, all());
const s = lib.symbols;
test.after(() => lib.close());

const weighted = (args) => args.reduce((acc, v, k) => acc + (k + 1) * Number(v), 0);

test('sum_N_i32 ladder, 1 to 9 arguments', () => {
  // Powers of two: a dropped or duplicated argument changes the sum.
  for (let n = 1; n <= 9; n++) {
    const args = Array.from({ length: n }, (_, k) => 2 ** k);
    assert.equal(s[`sum_${n}_i32`](...args), 2 ** n - 1, `sum_${n}_i32`);
    const neg = args.map((v) => -v);
    assert.equal(s[`sum_${n}_i32`](...neg), -(2 ** n - 1), `sum_${n}_i32 negative`);
  }
});

test('digits_10_i32 keeps argument order across registers and stack', () => {
  assert.equal(s.digits_10_i32(1, 2, 3, 4, 5, 6, 7, 8, 9, 0), 1234567890n);
  assert.equal(s.digits_10_i32(9, 8, 7, 6, 5, 4, 3, 2, 1, 0), 9876543210n);
  assert.equal(s.digits_10_i32(0, 0, 0, 0, 0, 0, 0, 0, 0, 7), 7n);
  assert.equal(s.digits_10_i32(7, 0, 0, 0, 0, 0, 0, 0, 0, 0), 7000000000n);
});

test('narrow types on the stack: digits_12_i8, digits_12_u16', () => {
  assert.equal(s.digits_12_i8(1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3), 123456789123n);
  // -1 digits: sum of -10^k; shows sign extension of stack-passed i8s.
  assert.equal(s.digits_12_i8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1), -11n);
  // 256 + 3 wraps to 3 as i8, also when passed on the stack.
  assert.equal(s.digits_12_i8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 259, 1), 31n);
  assert.equal(s.digits_12_u16(9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8), 987654321098n);
  assert.equal(s.digits_12_u16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 65536 + 4, 65536 + 2), 42n);
});

test('sum_10_i64 and sum_10_u64: 64-bit values on the stack', () => {
  const args = [1n, -2n, 3n, -4n, 5n, -6n, 7n, -8n, 2n ** 40n, -(2n ** 50n)];
  const expected = args.reduce((acc, v, k) => acc + BigInt(k + 1) * v, 0n);
  assert.equal(s.sum_10_i64(...args), expected);
  assert.equal(s.sum_10_i64(0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 2n ** 62n), BigInt.asIntN(64, 10n * 2n ** 62n));
  const u = [2n ** 64n - 1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 2n ** 63n];
  assert.equal(s.sum_10_u64(...u), BigInt.asUintN(64, (2n ** 64n - 1n) + 2n ** 63n));
  assert.equal(s.sum_10_u64(1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 9007199254740993n), 9007199254740993n + 45n);
  assert.equal(s.sum_10_u64(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 55n);
});

test('sum_9_f64, sum_12_f64 and sum_9_f32: doubles past the 8 FP registers', () => {
  const nine = [1.5, -2.25, 3, 4.5, -5, 6.125, 7, 8.5, 9.75];
  assert.equal(s.sum_9_f64(...nine), weighted(nine));
  assert.equal(s.sum_9_f64(0, 0, 0, 0, 0, 0, 0, 0, 1), 9);
  const twelve = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0.5];
  assert.equal(s.sum_12_f64(...twelve), weighted(twelve));
  assert.equal(s.sum_12_f64(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 12);
  assert.equal(s.sum_9_f32(1, 2, 3, 4, 5, 6, 7, 8, 9), 285);
  assert.equal(s.sum_9_f32(0, 0, 0, 0, 0, 0, 0, 0, 0.5), 4.5);
});

test('mixed_20: 10 i32 and 10 f64 interleaved', () => {
  const args = Array.from({ length: 20 }, (_, k) => (k % 2 ? k + 0.5 : -(k + 1)));
  assert.equal(s.mixed_20(...args), weighted(args));
  const one = (pos) => Array.from({ length: 20 }, (_, k) => (k === pos ? 1 : 0));
  for (let pos = 0; pos < 20; pos++) assert.equal(s.mixed_20(...one(pos)), pos + 1, `position ${pos}`);
});

test('many_args: 6 i32 and 4 f64 interleaved', () => {
  const args = [1, 0.5, 2, 0.25, 3, 0.125, 4, 0.0625, 5, 6];
  assert.equal(s.many_args(...args), weighted(args));
  assert.equal(s.many_args(0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 10);
  assert.equal(s.many_args(0, 0, 0, 0, 0, 0, 0, 0, 1, 0), 9);
});

test('many_args: every integer position is range-checked, in registers and on the stack', () => {
  const good = [1, 0.5, 2, 0.25, 3, 0.125, 4, 0.0625, 5, 6];
  for (const k of [0, 2, 4, 6, 8, 9]) {
    for (const [bad, got] of [[2 ** 31, '2147483648'], [-(2 ** 31) - 1, '-2147483649'], [2 ** 32 + 5, '4294967301'],
      [NaN, 'NaN'], [-Infinity, '-Infinity'], ['1', 'a string'], [1n, '1n']]) {
      const args = good.slice();
      args[k] = bad;
      throwsArg(() => s.many_args(...args), 'many_args', k, 'i32', got);
    }
    const edge = good.slice();
    edge[k] = k % 4 === 0 ? 2147483647 : -2147483648;
    assert.equal(s.many_args(...edge), weighted(edge), `edge at ${k}`);
  }
  // The first bad argument is the one reported.
  throwsArg(() => s.many_args(1, 0.5, 2 ** 31, 0.25, 3, 0.125, 4, 0.0625, 5, -(2 ** 31) - 1), 'many_args', 2, 'i32', '2147483648');
});

test('mix_13: every kind of type in one call', () => {
  // f32, f64, i8, u16, i64, u32, f32, u8, i16, u64, f64, bool, i32
  const args = [0.5, 1.25, -3, 65535, -(2n ** 40n), 4294967295, -0.75, 255, -32768, 2n ** 52n, 1e10, true, -7];
  const expected = weighted(args.map((v) => (v === true ? 1 : v)));
  assert.equal(s.mix_13(...args), expected);
  // narrow wrap inside a long signature: 257 as u8 -> 1, 65537 as u16 -> 1, 129 as i8 -> -127
  const w = [0, 0, 129, 65537, 0n, 0, 0, 257, 0, 0n, 0, false, 0];
  assert.equal(s.mix_13(...w), 3 * -127 + 4 * 1 + 8 * 1);
});

test('sum_9_ptr: pointers on the stack', () => {
  const ptrs = Array.from({ length: 9 }, (_, k) => UnsafePointer.create(BigInt(0x1000 * (k + 1))));
  const expected = ptrs.reduce((acc, p, k) => acc + BigInt(k + 1) * UnsafePointer.value(p), 0n);
  assert.equal(s.sum_9_ptr(...ptrs), expected);
  assert.equal(s.sum_9_ptr(null, null, null, null, null, null, null, null, ptrs[0]), 9n * 0x1000n);
});

test('a bad argument far down a long signature names its index', () => {
  const args = Array.from({ length: 20 }, (_, k) => (k % 2 ? 0.5 : 1));
  args[17] = 'x';
  throwsArg(() => s.mixed_20(...args), 'mixed_20', 17, 'f64', 'a string');
  args[17] = 0.5;
  args[18] = 2 ** 31;
  throwsArg(() => s.mixed_20(...args), 'mixed_20', 18, 'i32', '2147483648');
  throwsArg(() => s.mixed_20(...args.slice(0, 19)), 'mixed_20', 18, 'i32', '2147483648');
  args[18] = 1;
  throwsArg(() => s.mixed_20(...args.slice(0, 19)), 'mixed_20', 19, 'f64', 'undefined');
  throwsArg(() => s.digits_12_i8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NaN), 'digits_12_i8', 11, 'i8', 'NaN');
  throwsArg(() => s.mix_13(0.5, 1.25, -3, 65535, 1.5, 0, 0, 0, 0, 0n, 0, true, 0), 'mix_13', 4, 'i64', '1.5');
  throwsArg(() => s.mix_13(0.5, 1.25, -3, 65535, 1n, 0, 0, 0, 0, 0n, 0, 1, 0), 'mix_13', 11, 'bool', '1');
  // The narrow kinds of mix_13 check the 32-bit range before wrapping.
  const base = [0.5, 1.25, -3, 65535, 0n, 0, 0, 0, 0, 0n, 0, true, 0];
  for (const [k, type, bad, got] of [[2, 'i8', 2 ** 31, '2147483648'], [3, 'u16', -1, '-1'], [5, 'u32', 2 ** 32, '4294967296'],
    [7, 'u8', 2 ** 32 + 255, '4294967551'], [8, 'i16', -(2 ** 31) - 1, '-2147483649'], [12, 'i32', 2 ** 40, '1099511627776']]) {
    const args = base.slice();
    args[k] = bad;
    throwsArg(() => s.mix_13(...args), 'mix_13', k, type, got);
  }
});
