'use strict';
// Every scalar NativeType in and out: identity, arithmetic with wrap-around, narrow results
// (also with junk in the upper register bits), 64-bit values past 2^53, bool, void.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { all } = require('../support/defs.js');

const lib = dlopen(fixturePath, all());
const s = lib.symbols;
test.after(() => lib.close());

function roundTrips(name, values, expected = values) {
  values.forEach((v, i) => {
    const got = s[name](v);
    assert.ok(Object.is(got, expected[i]), `${name}(${String(v)}) = ${String(got)}, expected ${String(expected[i])}`);
  });
}

test('identity of 8-, 16- and 32-bit integers returns the same number', () => {
  roundTrips('identity_i8', [0, 1, -1, 127, -128, 42]);
  roundTrips('identity_u8', [0, 1, 127, 128, 255]);
  roundTrips('identity_i16', [0, -1, 32767, -32768, 1234]);
  roundTrips('identity_u16', [0, 1, 32768, 65535]);
  roundTrips('identity_i32', [0, 1, -1, 2147483647, -2147483648, 123456789]);
  roundTrips('identity_u32', [0, 1, 2147483647, 2147483648, 4294967295]);
});

test('integer results are numbers, 64-bit results are always bigints', () => {
  assert.equal(typeof s.identity_i32(5), 'number');
  assert.equal(typeof s.identity_u8(5), 'number');
  assert.equal(s.identity_i64(5n), 5n);
  assert.equal(s.identity_u64(0n), 0n);
  assert.equal(s.identity_isize(7n), 7n);
  assert.equal(s.identity_usize(7n), 7n);
  assert.equal(typeof s.identity_i64(5n), 'bigint');
  assert.equal(typeof s.identity_u64(5n), 'bigint');
  assert.equal(typeof s.identity_isize(5n), 'bigint');
  assert.equal(typeof s.identity_usize(5n), 'bigint');
});

test('identity of 64-bit integers keeps every bit', () => {
  roundTrips('identity_i64', [0n, 1n, -1n, 9007199254740993n, -9007199254740993n, 2n ** 63n - 1n, -(2n ** 63n)]);
  roundTrips('identity_u64', [0n, 1n, 9007199254740993n, 2n ** 63n, 2n ** 64n - 1n, 0x8000000000000001n]);
  roundTrips('identity_isize', [-1n, 2n ** 63n - 1n, -(2n ** 63n)]);
  roundTrips('identity_usize', [0n, 2n ** 64n - 1n, 0xdeadbeefcafen]);
});

test('f64 round-trips every double, including -0, NaN, infinities and subnormals', () => {
  roundTrips('identity_f64', [0, -0, 0.1, -2.5, 1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON,
    Infinity, -Infinity, NaN, 2 ** 53 + 2]);
});

test('f32 rounds to single precision', () => {
  roundTrips('identity_f32',
    [0.1, 1 / 3, 16777217, 3.4e38, 1e39, -1e39, 1e-46, 0.5, -0, Infinity, NaN],
    [Math.fround(0.1), Math.fround(1 / 3), 16777216, Math.fround(3.4e38), Infinity, -Infinity, 0, 0.5, -0, Infinity, NaN]);
  assert.equal(s.identity_f32(0.1), 0.10000000149011612);
  assert.equal(s.return_f32_third(), Math.fround(1 / 3));
  assert.equal(s.return_f64_third(), 1 / 3);
});

test('bool in and out', () => {
  assert.equal(s.identity_bool(true), true);
  assert.equal(s.identity_bool(false), false);
  assert.equal(s.negate_bool(true), false);
  assert.equal(s.negate_bool(false), true);
  assert.equal(s.return_true(), true);
  assert.equal(s.return_false(), false);
  assert.equal(s.widen_bool(true), 1);
  assert.equal(s.widen_bool(false), 0);
});

test('add_* wraps like C', () => {
  assert.equal(s.add_i8(100, 27), 127);
  assert.equal(s.add_i8(127, 1), -128);
  assert.equal(s.add_u8(255, 1), 0);
  assert.equal(s.add_u8(200, 100), 44);
  assert.equal(s.add_i16(32767, 1), -32768);
  assert.equal(s.add_u16(65535, 2), 1);
  assert.equal(s.add_i32(2, 3), 5);
  assert.equal(s.add_i32(-7, 3), -4);
  assert.equal(s.add_i32(2147483647, 1), -2147483648);
  assert.equal(s.sub_i32(-2147483648, 1), 2147483647);
  assert.equal(s.sub_i32(10, 3), 7);
  assert.equal(s.add_u32(4294967295, 1), 0);
  assert.equal(s.add_u32(4000000000, 200000000), 4200000000);
  assert.equal(s.add_i64(2n ** 63n - 1n, 1n), -(2n ** 63n));
  assert.equal(s.add_i64(-5n, 3n), -2n);
  assert.equal(s.add_u64(2n ** 64n - 1n, 1n), 0n);
  assert.equal(s.add_u64(2n ** 64n - 1n, 2n ** 64n - 1n), 2n ** 64n - 2n);
  assert.equal(s.add_u64(9007199254740992n, 1n), 9007199254740993n);
  assert.equal(s.add_f32(0.1, 0.2), Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  assert.equal(s.add_f64(0.1, 0.2), 0.30000000000000004);
  assert.equal(s.mul_f64(1.5, -4), -6);
});

test('void result is undefined and the call happens', () => {
  s.reset_nop_calls();
  assert.equal(s.nop(), undefined);
  assert.equal(s.nop(), undefined);
  assert.equal(s.get_nop_calls(), 2);
  assert.equal(s.reset_nop_calls(), undefined);
  assert.equal(s.get_nop_calls(), 0);
});

test('zero-argument functions', () => {
  assert.equal(s.sum_0(), 0);
  assert.equal(s.answer(), 42);
});

test('narrow results at their extremes', () => {
  assert.equal(s.return_i8_minus_one(), -1);
  assert.equal(s.return_i8_min(), -128);
  assert.equal(s.return_u8_255(), 255);
  assert.equal(s.return_i16_min(), -32768);
  assert.equal(s.return_u16_65535(), 65535);
  assert.equal(s.return_i32_min(), -2147483648);
  assert.equal(s.return_u32_max(), 4294967295);
});

test('narrow results ignore junk in the upper bits of the return register', () => {
  assert.equal(s.garbage_i8(), -1);
  assert.equal(s.garbage_u8(), 255);
  assert.equal(s.garbage_i16(), -32768);
  assert.equal(s.garbage_u16(), 65535);
  assert.equal(s.garbage_i32(), -1);
  assert.equal(s.garbage_u32(), 5);
  assert.equal(s.garbage_bool_true(), true);
  assert.equal(s.garbage_bool_false(), false);
});

test('64-bit results past 2^53 are exact', () => {
  assert.equal(s.u64_max(), 18446744073709551615n);
  assert.equal(s.i64_min(), -9223372036854775808n);
  assert.equal(s.i64_max(), 9223372036854775807n);
  assert.equal(s.u64_2p53_plus_1(), 9007199254740993n);
  assert.equal(s.i64_minus_2p53_minus_1(), -9007199254740993n);
  assert.equal(s.u64_high_bit(), 0x8000000000000001n);
});

test('narrow arguments arrive with the right value', () => {
  assert.equal(s.widen_i8(-1), -1);
  assert.equal(s.widen_i8(-128), -128);
  assert.equal(s.widen_i8(127), 127);
  assert.equal(s.widen_u8(255), 255);
  assert.equal(s.widen_u8(256), 0);
  assert.equal(s.widen_u8(511), 255);
  assert.equal(s.widen_i16(-1), -1);
  assert.equal(s.widen_i16(-32768), -32768);
  assert.equal(s.widen_u16(65535), 65535);
  assert.equal(s.widen_u16(65536), 0);
});

test('narrow arguments are extended to 32 bits in the argument register', () => {
  // low32_of_arg0_* return the raw low 32 bits of the first argument register (x86-64).
  assert.equal(s.low32_of_arg0_i8(-1), -1);
  assert.equal(s.low32_of_arg0_i8(-128), -128);
  assert.equal(s.low32_of_arg0_i8(255), -1);
  assert.equal(s.low32_of_arg0_i8(127), 127);
  assert.equal(s.low32_of_arg0_u8(255), 255);
  assert.equal(s.low32_of_arg0_u8(257), 1);
  assert.equal(s.low32_of_arg0_u8(4294967295), 255);
  assert.equal(s.low32_of_arg0_i16(-1), -1);
  assert.equal(s.low32_of_arg0_i16(65535), -1);
  assert.equal(s.low32_of_arg0_i16(-32768), -32768);
  assert.equal(s.low32_of_arg0_u16(65535), 65535);
  assert.equal(s.low32_of_arg0_u16(65543), 7);
  assert.equal(s.low32_of_arg0_u16(-1 >>> 0), 65535);
  assert.equal(s.low32_of_arg0_bool(true), 1);
  assert.equal(s.low32_of_arg0_bool(false), 0);
});

test('results do not depend on earlier calls (no stale state between calls)', () => {
  for (let i = 0; i < 1000; i++) {
    assert.equal(s.add_i32(i, -2 * i), 0 - i);
    assert.equal(s.identity_u64(BigInt(i) << 40n), BigInt(i) << 40n);
    assert.equal(s.identity_f64(i / 7), i / 7);
  }
});
