// flags: --allow-natives-syntax
'use strict';
// `errno: true` (C's errno saved right after each call, read with errno()) and variadic
// symbols ("..." between the fixed parameters and one call shape of the variable part):
// exact values cold and from optimized code (which must not enter the general path), the
// nonblocking forms, and the definition errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Worker } = require('worker_threads');
const { dlopen, errno, callPath, UnsafeFnPointer, UnsafeCallback } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { optimizedSite } = require('../support/optimize.js');
const { fastOff } = require('../support/fast_off.js');
const { throwsExact, throwsArg } = require('../support/assert.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
// V8 11.3 cannot return 64 bits from a fast call.
const int64ResultsFast = fastOff === null && v8Major >= 12;
// What an optimized call site reports when it took the fast path (or, with the fast path
// off, the general path once).
const fast = (value, isFast = fastOff === null) => ({ value, error: undefined, general: isFast ? 0 : 1 });

const F64x10 = Array(10).fill('f64');
const lib = dlopen(fixturePath, {
  fail_with_errno: { parameters: ['i32'], result: 'i32', errno: true },
  fail_quietly: { name: 'fail_with_errno', parameters: ['i32'], result: 'i32' },
  fail_i8: { parameters: ['i32', 'i32'], result: 'i8', errno: true },
  fail_f64: { parameters: ['i32', 'f64'], result: 'f64', errno: true },
  fail_i64: { parameters: ['i32', 'i64'], result: 'i64', errno: true },
  fail_many: { parameters: Array(10).fill('i32'), result: 'i32', errno: true },
  fail_later: { name: 'fail_with_errno', parameters: ['i32'], result: 'i32', errno: true, nonblocking: true },
  fail_later_quietly: { name: 'fail_with_errno', parameters: ['i32'], result: 'i32', nonblocking: true },
  fail_va: { parameters: ['i32', '...', 'i32'], result: 'i32', errno: true },
  fail_va_later: { name: 'fail_va', parameters: ['i32', '...', 'i32'], result: 'i32', errno: true, nonblocking: true },
  fail_with_errno_pointer: { parameters: [], result: 'pointer' },
  // Three call shapes of one variadic function, under their own keys.
  sum_va: { parameters: ['i32', 'i32', '...', 'i32', 'f64', 'f64'], result: 'f64' },
  sum_va_doubles: { name: 'sum_va', parameters: ['i32', 'i32', '...', ...F64x10], result: 'f64' },
  sum_va_ints: { name: 'sum_va', parameters: ['i32', 'i32', '...', ...Array(8).fill('i32')], result: 'f64' },
  sum_va_later: { name: 'sum_va', parameters: ['i32', 'i32', '...', 'i32', 'f64', 'f64'], result: 'f64', nonblocking: true },
  sum_shape: { parameters: ['buffer', '...', 'i64', 'u32', 'f64', 'buffer'], result: 'f64' },
  // "..." first: no fixed parameter (C23 allows it; the ABI does not care).
  sum_shape_all: { name: 'sum_shape', parameters: ['...', 'buffer', 'i32', 'f64'], result: 'f64' },
});
const s = lib.symbols;
test.after(() => lib.close());

const invalid = (key, what) => `Invalid definition of '${key}': ${what}`;
const bad = (definition) => () => dlopen(fixturePath, { f: definition });
const cString = (text) => Buffer.from(`${text}\0`);

test('errno() is 0 before any errno: true call, then what the last one left', () => {
  assert.equal(errno(), 0);
  assert.equal(s.fail_with_errno(7), -1);
  assert.equal(errno(), 7);
  assert.equal(s.fail_with_errno(0), -1);
  assert.equal(errno(), 0);
  assert.equal(s.fail_with_errno(-5), -1);
  assert.equal(errno(), -5);
  // The same C function bound without errno: true leaves the saved value alone.
  assert.equal(s.fail_quietly(99), -1);
  assert.equal(errno(), -5);
});

test('errno: true on the fast path: every result kind, stack arguments', () => {
  for (const fn of [s.fail_with_errno, s.fail_i8, s.fail_f64, s.fail_many, s.fail_va]) {
    assert.equal(callPath(fn), fastOff ?? 'fast');
  }
  const plain = optimizedSite(s.fail_with_errno, [5]);
  assert.deepEqual(plain(13), fast(-1));
  assert.equal(errno(), 13);
  const quiet = optimizedSite(s.fail_quietly, [5]);
  assert.deepEqual(quiet(77), fast(-1));
  assert.equal(errno(), 13);
  // A narrow result is normalised after the call, errno saved first.
  const narrow = optimizedSite(s.fail_i8, [5, 1]);
  assert.deepEqual(narrow(21, 300), fast(44));
  assert.equal(errno(), 21);
  assert.deepEqual(narrow(22, -129), fast(127));
  assert.equal(errno(), 22);
  const double = optimizedSite(s.fail_f64, [5, 1]);
  assert.deepEqual(double(23, 1.25), fast(2.5));
  assert.equal(errno(), 23);
  const wide = optimizedSite(s.fail_i64, [5, 1n]);
  assert.deepEqual(wide(24, 2n ** 62n), fast(2n ** 62n + 1n, int64ResultsFast));
  assert.equal(errno(), 24);
  const many = optimizedSite(s.fail_many, [1, 1, 1, 1, 1, 1, 1, 1, 1, 5]);
  assert.deepEqual(many(1, 2, 3, 4, 5, 6, 7, 8, 9, 25), fast(285));
  assert.equal(errno(), 25);
  // Cold (the general path), the same values.
  assert.equal(s.fail_i8(31, 300), 44);
  assert.equal(errno(), 31);
  assert.equal(s.fail_f64(32, -0.5), -1);
  assert.equal(errno(), 32);
  assert.equal(s.fail_i64(33, -1n), 0n);
  assert.equal(errno(), 33);
  assert.equal(s.fail_many(1, 2, 3, 4, 5, 6, 7, 8, 9, 34), 285);
  assert.equal(errno(), 34);
});

test('a rejected argument does not call C, so errno() keeps the last value', () => {
  assert.equal(s.fail_with_errno(40), -1);
  throwsArg(() => s.fail_with_errno(2 ** 31), 'fail_with_errno', 0, 'i32', '2147483648');
  const site = optimizedSite(s.fail_with_errno, [5]);
  assert.deepEqual(site(41), fast(-1));
  const rejected = site(1.5e10);
  assert.equal(rejected.error.message,
    'fail_with_errno: parameter 0 expects i32 (a number in the int32 range), got 15000000000');
  assert.equal(errno(), 41);
});

test('UnsafeFnPointer with errno: true', () => {
  const fp = new UnsafeFnPointer(s.fail_with_errno_pointer(), { parameters: ['i32'], result: 'i32', errno: true });
  assert.equal(fp.call(51), -1);
  assert.equal(errno(), 51);
  const site = optimizedSite(fp.call, [5]);
  assert.deepEqual(site(52), fast(-1));
  assert.equal(errno(), 52);
});

test('nonblocking errno: true resolves to { value, errno } from the pool thread; errno() is untouched', async () => {
  assert.equal(s.fail_with_errno(60), -1);
  assert.deepEqual(await s.fail_later(61), { value: -1, errno: 61 });
  assert.deepEqual(await Promise.all([s.fail_later(62), s.fail_later(63)]),
    [{ value: -1, errno: 62 }, { value: -1, errno: 63 }]);
  assert.equal(await s.fail_later_quietly(64), -1);
  assert.deepEqual(await s.fail_va_later(1, 65), { value: -1, errno: 65 });
  assert.equal(errno(), 60);
});

test('errno() is per JS thread: a worker has its own', async () => {
  assert.equal(s.fail_with_errno(70), -1);
  const code = `
    const { parentPort, workerData } = require('worker_threads');
    const { dlopen, errno } = require(workerData.zerocall);
    const lib = dlopen(workerData.fixturePath, { f: { name: 'fail_with_errno', parameters: ['i32'], result: 'i32', errno: true } });
    const before = errno();
    lib.symbols.f(71);
    parentPort.postMessage([before, errno()]);`;
  const worker = new Worker(code, { eval: true, workerData: { fixturePath, zerocall: require.resolve('zerocall') } });
  const [message] = await Promise.all([new Promise((resolve) => worker.once('message', resolve)),
    new Promise((resolve) => worker.once('exit', resolve))]);
  assert.deepEqual(message, [0, 71]);
  assert.equal(errno(), 70);
});

test('variadic calls: each declared call shape, cold and optimized', () => {
  for (const fn of [s.sum_va, s.sum_va_doubles, s.sum_va_ints, s.sum_shape, s.sum_shape_all]) {
    assert.equal(callPath(fn), fastOff ?? 'fast');
  }
  // 5*1 + 1.5*2 + 2.25*3: ints and doubles, the doubles in vector registers (%al = 2).
  assert.equal(s.sum_va(1, 2, 5, 1.5, 2.25), 14.75);
  const mixed = optimizedSite(s.sum_va, [1, 2, 1, 1, 1]);
  assert.deepEqual(mixed(1, 2, 5, 1.5, 2.25), fast(14.75));
  assert.deepEqual(mixed(1, 2, -3, 0.5, -0.25), fast(-3 + 1 - 0.75));
  // Ten doubles: eight in registers (%al = 8), two on the stack. Sum of k*k, k = 1..10.
  const tenth = (k) => k / 10;
  const doubles = Array.from({ length: 10 }, (_, i) => tenth(i + 1));
  const expected = doubles.reduce((sum, d, i) => sum + d * (i + 1), 0);
  assert.equal(s.sum_va_doubles(0, 10, ...doubles), expected);
  const ten = optimizedSite(s.sum_va_doubles, [0, 10, ...Array(10).fill(1)]);
  assert.deepEqual(ten(0, 10, ...doubles), fast(expected));
  // Eight ints: past the GP argument registers (%al = 0).
  assert.equal(s.sum_va_ints(8, 0, 1, 2, 3, 4, 5, 6, 7, 8), 204);
  const ints = optimizedSite(s.sum_va_ints, [8, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(ints(8, 0, 1, 2, 3, 4, 5, 6, 7, 8), fast(204));
  // int64, unsigned, double and a C string (its length) after a fixed buffer.
  const shape = cString('luds');
  const shapeSum = -(2 ** 40) * 1 + 4294967295 * 2 + 0.5 * 3 + 5 * 4;
  assert.equal(s.sum_shape(shape, -(2 ** 40), 4294967295, 0.5, cString('hello')), shapeSum);
  const site = optimizedSite(s.sum_shape, [shape, 1, 1, 1, cString('x')]);
  assert.deepEqual(site(shape, -(2 ** 40), 4294967295, 0.5, cString('hello')), fast(shapeSum));
  assert.equal(s.sum_shape_all(cString('id'), 3, 0.25), 3 + 0.5);
  const all = optimizedSite(s.sum_shape_all, [cString('id'), 1, 1]);
  assert.deepEqual(all(cString('id'), 3, 0.25), fast(3.5));
});

test('variadic with errno: true, and nonblocking variadic calls', async () => {
  assert.equal(s.fail_va(1, 81), -1);
  assert.equal(errno(), 81);
  const site = optimizedSite(s.fail_va, [1, 5]);
  assert.deepEqual(site(1, 82), fast(-1));
  assert.equal(errno(), 82);
  assert.equal(await s.sum_va_later(1, 2, 5, 1.5, 2.25), 14.75);
});

test('a variadic argument is checked like any: its index counts the arguments, not the marker', () => {
  throwsArg(() => s.sum_va(1, 2, 1.5e10, 1, 1), 'sum_va', 2, 'i32', '15000000000');
  throwsArg(() => s.sum_va(1, 2, 1, 'x', 1), 'sum_va', 3, 'f64', 'a string');
  throwsArg(() => s.sum_shape(cString('l'), 1, -1, 1, null), 'sum_shape', 2, 'u32', '-1');
});

test('definition errors: errno not a boolean, "..." twice, last, in a callback, promoted types', () => {
  throwsExact(bad({ parameters: ['i32'], result: 'i32', errno: 1 }), TypeError, invalid('f', 'errno must be a boolean, got 1'));
  throwsExact(bad({ parameters: ['i32'], result: 'i32', errno: 'yes' }), TypeError,
    invalid('f', 'errno must be a boolean, got "yes"'));
  throwsExact(() => new UnsafeFnPointer(s.fail_with_errno_pointer(), { parameters: [], result: 'i32', errno: null }),
    TypeError, invalid('UnsafeFnPointer', 'errno must be a boolean, got null'));
  throwsExact(() => new UnsafeCallback({ parameters: [], result: 'void', errno: true }, () => {}), TypeError,
    invalid('UnsafeCallback', 'unknown key "errno"'));
  throwsExact(bad({ parameters: ['i32', '...', 'i32', '...', 'i32'], result: 'i32' }), TypeError,
    invalid('f', 'parameters[3] is a second "..." (the first is parameters[1])'));
  throwsExact(bad({ parameters: ['i32', '...'], result: 'i32' }), TypeError,
    invalid('f', 'parameters[1] is "..." with no parameter after it: list the types of one call shape after it'));
  throwsExact(bad({ parameters: ['...'], result: 'i32' }), TypeError,
    invalid('f', 'parameters[0] is "..." with no parameter after it: list the types of one call shape after it'));
  throwsExact(() => new UnsafeCallback({ parameters: ['i32', '...', 'i32'], result: 'void' }, () => {}), TypeError,
    invalid('UnsafeCallback', 'parameters[1] is "...": variadic callbacks are not supported'));
  const promoted = { f32: 'f64', bool: 'i32', i8: 'i32', u8: 'i32', i16: 'i32', u16: 'i32' };
  for (const [type, to] of Object.entries(promoted)) {
    throwsExact(bad({ parameters: ['i32', '...', 'i32', type], result: 'void' }), TypeError,
      invalid('f', `parameters[3] is "${type}" after "...": C promotes it to "${to}", declare that`));
    // Before the marker they are fixed parameters, as in C.
    dlopen(fixturePath, { f: { name: 'sum_va', parameters: [type, '...', 'i32'], result: 'f64' } }).close();
  }
  // The marker is no type: not a result, not a struct field; positions count it.
  throwsExact(bad({ parameters: [], result: '...' }), TypeError, invalid('f', 'result is "...", not a known type'));
  throwsExact(bad({ parameters: [{ struct: ['i32', '...'] }], result: 'void' }), TypeError,
    invalid('f', 'parameters[0].struct[1] is "...", not a known type'));
  throwsExact(bad({ parameters: ['i32', '...', 'i32', 'nope'], result: 'void' }), TypeError,
    invalid('f', 'parameters[3] is "nope", not a known type'));
  throwsExact(bad({ parameters: ['i32', '...', 'void'], result: 'void' }), TypeError,
    invalid('f', '"void" is only valid as a result (parameters[2])'));
});
