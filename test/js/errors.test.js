'use strict';
// Bad and missing arguments: exact TypeError messages (docs/errors.md); the first bad
// argument is the one named; extra arguments are ignored (Deno); a thrown call leaves
// the symbol usable.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { all } = require('../support/defs.js');
const { throwsExact, throwsArg, argMessage } = require('../support/assert.js');

const lib = dlopen(fixturePath, all());
const s = lib.symbols;
test.after(() => lib.close());

test('the example from docs/errors.md, verbatim', () => {
  throwsExact(() => s.add_i32(1, 4294967296), TypeError,
    'add_i32: parameter 1 expects i32 (a number in the int32 range), got 4294967296');
});

test('a missing argument is a bad argument (got undefined)', () => {
  throwsArg(() => s.add_i32(1), 'add_i32', 1, 'i32', 'undefined');
  throwsArg(() => s.add_i32(), 'add_i32', 0, 'i32', 'undefined');
  throwsArg(() => s.identity_u64(), 'identity_u64', 0, 'u64', 'undefined');
  throwsArg(() => s.identity_f32(), 'identity_f32', 0, 'f32', 'undefined');
  throwsArg(() => s.negate_bool(), 'negate_bool', 0, 'bool', 'undefined');
  throwsArg(() => s.is_null(), 'is_null', 0, 'pointer', 'undefined');
  throwsArg(() => s.first_byte(), 'first_byte', 0, 'buffer', 'undefined');
  throwsArg(() => s.call_i32_fn(), 'call_i32_fn', 0, 'function', 'undefined');
  throwsArg(() => s.sum_9_i32(1, 2, 3, 4, 5, 6, 7, 8), 'sum_9_i32', 8, 'i32', 'undefined');
  throwsArg(() => s.add_i32(1, undefined), 'add_i32', 1, 'i32', 'undefined');
});

test('extra arguments are ignored', () => {
  assert.equal(s.add_i32(1, 2, 3), 3);
  assert.equal(s.add_i32(1, 2, 'junk', {}, 2 ** 40), 3);
  assert.equal(s.answer(1, 2, 3), 42);
  s.reset_nop_calls();
  assert.equal(s.nop('x', Symbol('y')), undefined);
  assert.equal(s.get_nop_calls(), 1);
  assert.equal(s.identity_u64(5n, 6n), 5n);
});

test('the first bad argument is the one named', () => {
  throwsArg(() => s.add_i32('a', 'b'), 'add_i32', 0, 'i32', 'a string');
  throwsArg(() => s.add_i32(1, 'b'), 'add_i32', 1, 'i32', 'a string');
  throwsArg(() => s.sum_8_i32(1, 2, 3, 4, 5, 6, 7, NaN), 'sum_8_i32', 7, 'i32', 'NaN');
  throwsArg(() => s.sum_8_i32(1, 2, 3, 4, 5, -Infinity, 7, NaN), 'sum_8_i32', 5, 'i32', '-Infinity');
});

test('value descriptions: every kind of value', () => {
  const cases = [
    [undefined, 'undefined'], [null, 'null'], [true, 'true'], [false, 'false'],
    [2147483648.5, '2147483648.5'], [NaN, 'NaN'], [-Infinity, '-Infinity'], [4294967296, '4294967296'], [1e21, '1e+21'],
    [-2147483649, '-2147483649'], [5n, '5n'], [-5n, '-5n'], ['5', 'a string'], [Symbol('s'), 'a symbol'],
    [() => {}, 'a function'], [class {}, 'a function'], [{}, 'an object'], [[], 'an object'],
    [new Date(0), 'an object'], [Object.create(null), 'an object'],
  ];
  for (const [value, got] of cases) {
    throwsExact(() => s.identity_i32(value), TypeError, argMessage('identity_i32', 0, 'i32', got));
  }
  throwsExact(() => s.identity_u64(1.5), TypeError, argMessage('identity_u64', 0, 'u64', '1.5'));
});

test('numbers in messages are printed the way JS prints them (String(n))', () => {
  for (const n of [-1e-7, 0.1 + 0.2, 123456789.5, 1 / 3, 2 ** 64 + 0.5 * 0, 5e-324, -0.5]) {
    const got = String(n);
    if (Number.isInteger(n)) {
      throwsExact(() => s.identity_i32(n), TypeError, argMessage('identity_i32', 0, 'i32', got));
    } else {
      throwsExact(() => s.identity_u64(n), TypeError, argMessage('identity_u64', 0, 'u64', got));
    }
  }
});

test('each type names itself and its accepted values', () => {
  const bad = 'a string';
  throwsArg(() => s.identity_i8('x'), 'identity_i8', 0, 'i8', bad);
  throwsArg(() => s.identity_u8('x'), 'identity_u8', 0, 'u8', bad);
  throwsArg(() => s.identity_i16('x'), 'identity_i16', 0, 'i16', bad);
  throwsArg(() => s.identity_u16('x'), 'identity_u16', 0, 'u16', bad);
  throwsArg(() => s.identity_i32('x'), 'identity_i32', 0, 'i32', bad);
  throwsArg(() => s.identity_u32('x'), 'identity_u32', 0, 'u32', bad);
  throwsArg(() => s.identity_i64('x'), 'identity_i64', 0, 'i64', bad);
  throwsArg(() => s.identity_u64('x'), 'identity_u64', 0, 'u64', bad);
  throwsArg(() => s.identity_isize('x'), 'identity_isize', 0, 'isize', bad);
  throwsArg(() => s.identity_usize('x'), 'identity_usize', 0, 'usize', bad);
  throwsArg(() => s.identity_f32('x'), 'identity_f32', 0, 'f32', bad);
  throwsArg(() => s.identity_f64('x'), 'identity_f64', 0, 'f64', bad);
  throwsArg(() => s.identity_bool('x'), 'identity_bool', 0, 'bool', bad);
  throwsArg(() => s.identity_ptr('x'), 'identity_ptr', 0, 'pointer', bad);
  throwsArg(() => s.call_i32_fn('x', 1, 2), 'call_i32_fn', 0, 'function', bad);
  throwsArg(() => s.first_byte('x'), 'first_byte', 0, 'buffer', bad);
});

test('the error is thrown before the C function runs', () => {
  s.reset_nop_calls();
  const counting = dlopen(fixturePath, { count: { name: 'nop', parameters: ['i32'], result: 'void' } });
  try {
    throwsArg(() => counting.symbols.count('1'), 'count', 0, 'i32', 'a string');
    assert.equal(s.get_nop_calls(), 0);
    counting.symbols.count(1);
    assert.equal(s.get_nop_calls(), 1);
  } finally {
    counting.close();
  }
});

test('a symbol keeps working after throwing', () => {
  for (let i = 0; i < 100; i++) {
    throwsArg(() => s.add_i32(i, 'x'), 'add_i32', 1, 'i32', 'a string');
    assert.equal(s.add_i32(i, 1), i + 1);
  }
});

test('no coercion hooks run', () => {
  let called = false;
  const sneaky = { valueOf() { called = true; return 1; }, toString() { called = true; return '1'; },
    [Symbol.toPrimitive]() { called = true; return 1; } };
  throwsArg(() => s.identity_i32(sneaky), 'identity_i32', 0, 'i32', 'an object');
  throwsArg(() => s.identity_u64(sneaky), 'identity_u64', 0, 'u64', 'an object');
  throwsArg(() => s.identity_f64(sneaky), 'identity_f64', 0, 'f64', 'an object');
  throwsArg(() => s.identity_bool(sneaky), 'identity_bool', 0, 'bool', 'an object');
  assert.equal(called, false);
});

test('pointer objects are rejected where numbers are expected', () => {
  const p = UnsafePointer.create(0x10n);
  throwsArg(() => s.identity_u64(p), 'identity_u64', 0, 'u64', 'an object');
  throwsArg(() => s.identity_i32(p), 'identity_i32', 0, 'i32', 'an object');
});
