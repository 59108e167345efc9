'use strict';
// The integer argument rules (api-contract.md "Native types and their JS values"):
// 8/16/32-bit: a number that fits 32 bits (int32 for signed, uint32 for unsigned), fractions
// truncated toward zero, -0 is 0, 8/16-bit wrap to their width; NaN, ±Infinity, values
// outside 32 bits and non-numbers are TypeErrors. 64-bit: bigint or integral number,
// bigints wrap to 64 bits like Deno; fractions rejected. No coercion anywhere.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { all } = require('../support/defs.js');
const { throwsArg } = require('../support/assert.js');

const lib = dlopen(fixturePath, all());
const s = lib.symbols;
test.after(() => lib.close());

function same(got, expected, what) {
  assert.ok(Object.is(got, expected), `${what}: got ${String(got)}, expected ${String(expected)}`);
}

test('fractions are truncated toward zero', () => {
  same(s.identity_i32(1.5), 1, 'i32 1.5');
  same(s.identity_i32(-1.5), -1, 'i32 -1.5');
  same(s.identity_i32(1.9999), 1, 'i32 1.9999');
  same(s.identity_i32(-2147483647.75), -2147483647, 'i32 -2147483647.75');
  same(s.identity_u32(1.9), 1, 'u32 1.9');
  same(s.identity_u32(4294967294.5), 4294967294, 'u32 4294967294.5');
  same(s.identity_i8(1.5), 1, 'i8 1.5');
  same(s.identity_i8(-1.5), -1, 'i8 -1.5');
  same(s.identity_i8(-128.9), -128, 'i8 -128.9');
  same(s.identity_u8(255.9), 255, 'u8 255.9');
  same(s.identity_i16(-32768.5), -32768, 'i16 -32768.5');
  same(s.identity_u16(65535.99), 65535, 'u16 65535.99');
  same(s.add_i32(0.5, 0.5), 0, 'add_i32(0.5, 0.5)');
  same(s.identity_i32(5e-324), 0, 'i32 5e-324');
});

test('-0 is 0', () => {
  same(s.identity_i32(-0), 0, 'i32 -0');
  same(s.identity_u32(-0), 0, 'u32 -0');
  same(s.identity_i8(-0), 0, 'i8 -0');
  same(s.identity_u16(-0), 0, 'u16 -0');
  same(s.identity_i32(-0.5), 0, 'i32 -0.5');
  same(s.identity_i64(-0), 0n, 'i64 -0');
  same(s.identity_u64(-0), 0n, 'u64 -0');
});

test('32-bit boundaries are accepted', () => {
  same(s.identity_i32(2147483647), 2147483647, 'i32 max');
  same(s.identity_i32(-2147483648), -2147483648, 'i32 min');
  same(s.identity_u32(4294967295), 4294967295, 'u32 max');
  same(s.identity_u32(0), 0, 'u32 0');
});

test('8- and 16-bit types wrap to their width', () => {
  same(s.identity_u8(256), 0, 'u8 256');
  same(s.identity_u8(257), 1, 'u8 257');
  same(s.identity_u8(4294967295), 255, 'u8 4294967295');
  same(s.identity_i8(128), -128, 'i8 128');
  same(s.identity_i8(255), -1, 'i8 255');
  same(s.identity_i8(-129), 127, 'i8 -129');
  same(s.identity_i8(2147483647), -1, 'i8 2147483647');
  same(s.identity_i8(-2147483648), 0, 'i8 -2147483648');
  same(s.identity_u16(65536), 0, 'u16 65536');
  same(s.identity_u16(70000), 4464, 'u16 70000');
  same(s.identity_u16(4294967295), 65535, 'u16 4294967295');
  same(s.identity_i16(32768), -32768, 'i16 32768');
  same(s.identity_i16(-32769), 32767, 'i16 -32769');
  same(s.identity_i16(65535), -1, 'i16 65535');
  same(s.identity_u8(300.7), 44, 'u8 300.7');
});

test('32-bit types reject NaN, infinities and values outside 32 bits', () => {
  throwsArg(() => s.identity_i32(NaN), 'identity_i32', 0, 'i32', 'NaN');
  throwsArg(() => s.identity_i32(Infinity), 'identity_i32', 0, 'i32', 'Infinity');
  throwsArg(() => s.identity_i32(-Infinity), 'identity_i32', 0, 'i32', '-Infinity');
  throwsArg(() => s.identity_i32(2 ** 31), 'identity_i32', 0, 'i32', '2147483648');
  throwsArg(() => s.identity_i32(-(2 ** 31) - 1), 'identity_i32', 0, 'i32', '-2147483649');
  throwsArg(() => s.identity_i32(2 ** 32), 'identity_i32', 0, 'i32', '4294967296');
  throwsArg(() => s.identity_i32(2147483648.5), 'identity_i32', 0, 'i32', '2147483648.5');
  throwsArg(() => s.identity_i32(-2147483649.5), 'identity_i32', 0, 'i32', '-2147483649.5');
  throwsArg(() => s.identity_i32(1e21), 'identity_i32', 0, 'i32', '1e+21');
  throwsArg(() => s.identity_u32(-1), 'identity_u32', 0, 'u32', '-1');
  throwsArg(() => s.identity_u32(-1.5), 'identity_u32', 0, 'u32', '-1.5');
  throwsArg(() => s.identity_u32(2 ** 32), 'identity_u32', 0, 'u32', '4294967296');
  throwsArg(() => s.identity_u32(NaN), 'identity_u32', 0, 'u32', 'NaN');
  throwsArg(() => s.identity_u32(Infinity), 'identity_u32', 0, 'u32', 'Infinity');
});

test('8- and 16-bit types check the 32-bit range before wrapping', () => {
  throwsArg(() => s.identity_u8(-1), 'identity_u8', 0, 'u8', '-1');
  throwsArg(() => s.identity_u8(2 ** 32), 'identity_u8', 0, 'u8', '4294967296');
  throwsArg(() => s.identity_i8(2 ** 31), 'identity_i8', 0, 'i8', '2147483648');
  throwsArg(() => s.identity_i8(NaN), 'identity_i8', 0, 'i8', 'NaN');
  throwsArg(() => s.identity_u16(-1), 'identity_u16', 0, 'u16', '-1');
  throwsArg(() => s.identity_i16(-(2 ** 31) - 1), 'identity_i16', 0, 'i16', '-2147483649');
  throwsArg(() => s.identity_i16(-Infinity), 'identity_i16', 0, 'i16', '-Infinity');
});

// The fast path checks the whole 64-bit integer V8 passes, not its low 32 bits.
test('values beyond 32 bits are rejected even when their low 32 bits would fit', () => {
  throwsArg(() => s.identity_i32(2 ** 32 + 5), 'identity_i32', 0, 'i32', '4294967301');
  throwsArg(() => s.identity_i32(-(2 ** 32)), 'identity_i32', 0, 'i32', '-4294967296');
  throwsArg(() => s.identity_i32(2 ** 32 - 1), 'identity_i32', 0, 'i32', '4294967295');
  throwsArg(() => s.identity_i32(2 ** 53), 'identity_i32', 0, 'i32', '9007199254740992');
  throwsArg(() => s.identity_i32(-(2 ** 63)), 'identity_i32', 0, 'i32', '-9223372036854776000');
  throwsArg(() => s.identity_u32(-(2 ** 32) + 1), 'identity_u32', 0, 'u32', '-4294967295');
  throwsArg(() => s.identity_u32(2 ** 32 + 7), 'identity_u32', 0, 'u32', '4294967303');
  throwsArg(() => s.identity_u32(2 ** 64), 'identity_u32', 0, 'u32', '18446744073709552000');
  throwsArg(() => s.identity_u8(2 ** 32 + 1), 'identity_u8', 0, 'u8', '4294967297');
  throwsArg(() => s.identity_u8(-(2 ** 32)), 'identity_u8', 0, 'u8', '-4294967296');
  throwsArg(() => s.identity_i8(2 ** 40), 'identity_i8', 0, 'i8', '1099511627776');
  throwsArg(() => s.identity_i16(-(2 ** 40) + 3), 'identity_i16', 0, 'i16', '-1099511627773');
  throwsArg(() => s.identity_u16(2 ** 48), 'identity_u16', 0, 'u16', '281474976710656');
  same(s.identity_u32(2 ** 32 - 1), 4294967295, 'u32 2^32-1');
  same(s.identity_i32(-(2 ** 31)), -2147483648, 'i32 -2^31');
});

test('integer types never coerce: strings, bigints, booleans, objects are TypeErrors', () => {
  throwsArg(() => s.identity_i32('1'), 'identity_i32', 0, 'i32', 'a string');
  throwsArg(() => s.identity_i32(''), 'identity_i32', 0, 'i32', 'a string');
  throwsArg(() => s.identity_i32(1n), 'identity_i32', 0, 'i32', '1n');
  throwsArg(() => s.identity_i32(true), 'identity_i32', 0, 'i32', 'true');
  throwsArg(() => s.identity_i32(false), 'identity_i32', 0, 'i32', 'false');
  throwsArg(() => s.identity_i32(null), 'identity_i32', 0, 'i32', 'null');
  throwsArg(() => s.identity_i32(undefined), 'identity_i32', 0, 'i32', 'undefined');
  throwsArg(() => s.identity_i32({}), 'identity_i32', 0, 'i32', 'an object');
  throwsArg(() => s.identity_i32([1]), 'identity_i32', 0, 'i32', 'an object');
  throwsArg(() => s.identity_i32(new Number(1)), 'identity_i32', 0, 'i32', 'an object');
  throwsArg(() => s.identity_i32({ valueOf: () => 1 }), 'identity_i32', 0, 'i32', 'an object');
  throwsArg(() => s.identity_i32(Symbol('x')), 'identity_i32', 0, 'i32', 'a symbol');
  throwsArg(() => s.identity_i32(() => 1), 'identity_i32', 0, 'i32', 'a function');
  throwsArg(() => s.identity_u8('255'), 'identity_u8', 0, 'u8', 'a string');
  throwsArg(() => s.identity_u16(3n), 'identity_u16', 0, 'u16', '3n');
  throwsArg(() => s.identity_i16(true), 'identity_i16', 0, 'i16', 'true');
  throwsArg(() => s.identity_u32(null), 'identity_u32', 0, 'u32', 'null');
});

test('64-bit types take integral numbers', () => {
  same(s.identity_i64(0), 0n, 'i64 0');
  same(s.identity_i64(-1), -1n, 'i64 -1');
  same(s.identity_i64(2 ** 53), 9007199254740992n, 'i64 2^53');
  same(s.identity_i64(-(2 ** 53)), -9007199254740992n, 'i64 -2^53');
  same(s.identity_i64(2 ** 60), 1152921504606846976n, 'i64 2^60');
  same(s.identity_i64(-(2 ** 63)), -9223372036854775808n, 'i64 -2^63');
  same(s.identity_u64(0), 0n, 'u64 0');
  same(s.identity_u64(4294967296), 4294967296n, 'u64 2^32');
  same(s.identity_u64(2 ** 63), 9223372036854775808n, 'u64 2^63');
  same(s.identity_u64(2 ** 64 - 2048), 18446744073709549568n, 'u64 2^64-2048');
  same(s.identity_usize(12345), 12345n, 'usize 12345');
  same(s.identity_isize(-12345), -12345n, 'isize -12345');
  same(s.add_u64(1, 2n), 3n, 'add_u64(1, 2n)');
});

test('64-bit types wrap bigints to 64 bits', () => {
  same(s.identity_u64(2n ** 64n), 0n, 'u64 2^64');
  same(s.identity_u64(2n ** 64n + 5n), 5n, 'u64 2^64+5');
  same(s.identity_u64(-1n), 18446744073709551615n, 'u64 -1n');
  same(s.identity_u64(-(2n ** 63n)), 9223372036854775808n, 'u64 -2^63');
  same(s.identity_i64(2n ** 63n), -9223372036854775808n, 'i64 2^63');
  same(s.identity_i64(2n ** 64n - 1n), -1n, 'i64 2^64-1');
  same(s.identity_i64(-(2n ** 64n) - 1n), -1n, 'i64 -2^64-1');
  same(s.identity_i64(2n ** 100n + 3n), 3n, 'i64 2^100+3');
  same(s.identity_usize(2n ** 64n + 1n), 1n, 'usize 2^64+1');
  same(s.identity_isize(2n ** 63n), -9223372036854775808n, 'isize 2^63');
});

test('64-bit types reject fractions, NaN, infinities and non-numbers', () => {
  throwsArg(() => s.identity_i64(1.5), 'identity_i64', 0, 'i64', '1.5');
  throwsArg(() => s.identity_i64(-0.5), 'identity_i64', 0, 'i64', '-0.5');
  throwsArg(() => s.identity_i64(NaN), 'identity_i64', 0, 'i64', 'NaN');
  throwsArg(() => s.identity_i64(Infinity), 'identity_i64', 0, 'i64', 'Infinity');
  throwsArg(() => s.identity_u64(0.5), 'identity_u64', 0, 'u64', '0.5');
  throwsArg(() => s.identity_u64(-Infinity), 'identity_u64', 0, 'u64', '-Infinity');
  throwsArg(() => s.identity_usize(1.5), 'identity_usize', 0, 'usize', '1.5');
  throwsArg(() => s.identity_isize(NaN), 'identity_isize', 0, 'isize', 'NaN');
  throwsArg(() => s.identity_i64('1'), 'identity_i64', 0, 'i64', 'a string');
  throwsArg(() => s.identity_u64(true), 'identity_u64', 0, 'u64', 'true');
  throwsArg(() => s.identity_u64(null), 'identity_u64', 0, 'u64', 'null');
  throwsArg(() => s.identity_u64(undefined), 'identity_u64', 0, 'u64', 'undefined');
  throwsArg(() => s.identity_i64(Object(1n)), 'identity_i64', 0, 'i64', 'an object');
  throwsArg(() => s.identity_isize('5n'), 'identity_isize', 0, 'isize', 'a string');
  throwsArg(() => s.add_i64(1n, 2.5), 'add_i64', 1, 'i64', '2.5');
});

test('bool takes only booleans', () => {
  throwsArg(() => s.negate_bool(1), 'negate_bool', 0, 'bool', '1');
  throwsArg(() => s.negate_bool(0), 'negate_bool', 0, 'bool', '0');
  throwsArg(() => s.negate_bool('true'), 'negate_bool', 0, 'bool', 'a string');
  throwsArg(() => s.negate_bool(null), 'negate_bool', 0, 'bool', 'null');
  throwsArg(() => s.negate_bool(undefined), 'negate_bool', 0, 'bool', 'undefined');
  throwsArg(() => s.negate_bool(1n), 'negate_bool', 0, 'bool', '1n');
  throwsArg(() => s.negate_bool(new Boolean(true)), 'negate_bool', 0, 'bool', 'an object');
});

test('floats take only numbers', () => {
  throwsArg(() => s.identity_f64(1n), 'identity_f64', 0, 'f64', '1n');
  throwsArg(() => s.identity_f64('1'), 'identity_f64', 0, 'f64', 'a string');
  throwsArg(() => s.identity_f64(null), 'identity_f64', 0, 'f64', 'null');
  throwsArg(() => s.identity_f64(undefined), 'identity_f64', 0, 'f64', 'undefined');
  throwsArg(() => s.identity_f64(true), 'identity_f64', 0, 'f64', 'true');
  throwsArg(() => s.identity_f64(new Number(1)), 'identity_f64', 0, 'f64', 'an object');
  throwsArg(() => s.identity_f32(false), 'identity_f32', 0, 'f32', 'false');
  throwsArg(() => s.identity_f32([]), 'identity_f32', 0, 'f32', 'an object');
  throwsArg(() => s.add_f64(1, Symbol.iterator), 'add_f64', 1, 'f64', 'a symbol');
});
