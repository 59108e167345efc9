// flags: --allow-natives-syntax
'use strict';
// The V8 Fast API path: which signatures take it on this V8 (the eligibility
// predicate), proof that optimized calls reach C without entering the general path
// (its entry counter stays put), the same errors from optimized code, closed
// libraries, rebinding after reopen and ZEROCALL_JIT=0 (W^X: wx_pages.test.js).
// Where the process has no fast path at all (ZEROCALL_JIT=0, or a CPU without a
// fast-call emitter: arm64 today), the same calls are checked to give the same values
// and errors through exactly one general-path entry each.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { dlopen, UnsafePointer, UnsafeFnPointer } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { pick } = require('../support/defs.js');
const { fastOff } = require('../support/fast_off.js');
const { optimizedSite: optimizedSiteOf } = require('../support/optimize.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
const bigIntFast = v8Major >= 12; // V8 11.3 can neither take BigInt arguments nor return 64 bits
const reentrant = v8Major >= 13; // fast calls may re-enter JS from V8 12.6
const jitOff = process.env.ZEROCALL_JIT === '0';
// General-path entries of an optimized call that the fast path takes when there is one.
const fastEntries = fastOff ? 1 : 0;

// A call site of its own, trained with `args` (twice) and optimized by TurboFan; its
// runner reports the general-path entries.
const optimizedSite = (fn, args) => optimizedSiteOf(fn, args, { training: 2 });

function show(value) {
  if (typeof value === 'bigint') return `${value}n`;
  if (value !== null && typeof value === 'object') return `pointer 0x${UnsafePointer.value(value).toString(16)}`;
  return String(value);
}

// An optimized call that would take the fast path: the right value, and no general-path
// entry (or exactly one when the process has no fast path).
function assertFastValue(fn, args, expected) {
  const run = optimizedSite(fn, args);
  const { value, error, general } = run(...args);
  assert.equal(error, undefined, `${fn.name}: threw ${error && error.message}`);
  assert.ok(Object.is(value, expected) || (typeof expected === 'bigint' && value === expected),
    `${fn.name}(${args.map(show).join(', ')}): got ${show(value)}, expected ${show(expected)}`);
  assert.equal(general, fastEntries, `${fn.name}: general-path entries of the optimized call`);
}

const lib = dlopen(fixturePath, pick(
  'nop', 'add_i32', 'add_u32', 'add_f64', 'add_f32', 'add_i64', 'add_u64', 'identity_i8', 'identity_u8',
  'identity_i16', 'identity_u16', 'widen_i8', 'widen_u8', 'widen_i16', 'widen_u16', 'garbage_i8', 'garbage_u8',
  'garbage_i16', 'garbage_u16', 'garbage_bool_true', 'garbage_bool_false', 'return_u32_max', 'sum_7_i32',
  'sum_9_i32', 'sum_12_f64', 'mixed_20', 'many_args', 'ptr_to_u64', 'u64_to_ptr', 'ptr_add', 'identity_ptr',
  'identity_bool', 'sum_buffer', 'call_i32_fn', 'sum_10_i64', 'get_add_i32_ptr', 'u64_max', 'identity_i32',
  'identity_u32', 'digits_10_i32'));
const s = lib.symbols;
test.after(() => lib.close());

test('the eligibility predicate, as this V8 applies it', () => {
  const expectFast = (fn) => assert.equal(binding.callPath(fn), fastOff ?? 'fast', fn.name);
  for (const fn of [s.nop, s.add_i32, s.add_u32, s.add_f64, s.add_f32, s.identity_i8, s.sum_12_f64, s.mixed_20, s.ptr_to_u64 && s.ptr_add]) {
    expectFast(fn);
  }
  if (fastOff) {
    // The process-wide reason comes first, even for signatures the fast path refuses.
    const cb = dlopen(fixturePath, { add_i32: { parameters: ['i32', 'i32'], result: 'i32', callback: true } });
    for (const fn of [s.identity_bool, s.sum_buffer, s.add_i64, s.u64_to_ptr, s.call_i32_fn, cb.symbols.add_i32]) {
      assert.equal(binding.callPath(fn), fastOff, fn.name);
    }
    cb.close();
    return;
  }
  assert.equal(binding.callPath(s.identity_bool), 'bool parameters are converted loosely by V8\'s fast path');
  expectFast(s.sum_buffer);  // (buffer, usize): fast on every V8
  if (bigIntFast) {
    expectFast(s.add_i64);
    expectFast(s.ptr_to_u64);
  } else {
    assert.equal(binding.callPath(s.add_i64), 'this V8 aborts on 64-bit fast-call results');
    expectFast(s.u64_to_ptr);  // 64-bit parameters as numbers
  }
  assert.equal(binding.callPath(s.call_i32_fn),
    reentrant ? 'fast' : 'function parameters need a V8 that lets fast calls re-enter JS');
  const cb = dlopen(fixturePath, { add_i32: { parameters: ['i32', 'i32'], result: 'i32', callback: true } });
  assert.equal(binding.callPath(cb.symbols.add_i32),
    reentrant ? 'fast' : 'callback: true needs a V8 that lets fast calls re-enter JS');
  cb.close();
});

test('optimized calls reach C without the general path', () => {
  assertFastValue(s.nop, [], undefined);
  assertFastValue(s.add_i32, [2147483647, 1], -2147483648);
  // A fraction is truncated, on the general path: 8/16/32-bit parameters are
  // declared as int64 numbers, so integers arrive exactly and fractions go to the
  // slow callback (every V8).
  const fraction = optimizedSite(s.add_i32, [1, 2])(1.9, -0.5);
  assert.deepEqual([fraction.value, fraction.general], [1, 1]);
  assertFastValue(s.add_u32, [4294967295, 2], 1);
  assertFastValue(s.return_u32_max, [], 4294967295);
  assertFastValue(s.add_f64, [0.1, 0.2], 0.1 + 0.2);
  assertFastValue(s.add_f32, [0.1, 0.2], Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  assertFastValue(s.sum_7_i32, [1, 2, 3, 4, 5, 6, 7], 28);
  assertFastValue(s.sum_9_i32, [1, 2, 3, 4, 5, 6, 7, 8, 9], 45);
  const twelve = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((x) => x + 0.5);
  assertFastValue(s.sum_12_f64, twelve, s.sum_12_f64(...twelve));
});

test('narrow integers are wrapped and extended on the fast path', () => {
  assertFastValue(s.widen_i8, [255], -1);
  assertFastValue(s.widen_i8, [-129], 127);
  assertFastValue(s.widen_u8, [256], 0);
  assertFastValue(s.widen_u8, [-1 >>> 0], 255);
  assertFastValue(s.widen_i16, [65535], -1);
  assertFastValue(s.widen_u16, [65536 + 7], 7);
  assertFastValue(s.identity_i8, [200], -56);
  assertFastValue(s.identity_u16, [70000], 70000 - 65536);
  // The C functions leave junk above the narrow value in the return register.
  assertFastValue(s.garbage_i8, [], -1);
  assertFastValue(s.garbage_u8, [], 255);
  assertFastValue(s.garbage_i16, [], -32768);
  assertFastValue(s.garbage_u16, [], 65535);
  assertFastValue(s.garbage_bool_true, [], true);
  assertFastValue(s.garbage_bool_false, [], false);
});

test('stack-passed arguments keep their order on the fast path', () => {
  const ints = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const cold = s.mixed_20(...Array.from({ length: 20 }, (_, i) => (i % 2 ? i + 0.25 : i)));
  assertFastValue(s.mixed_20, Array.from({ length: 20 }, (_, i) => (i % 2 ? i + 0.25 : i)), cold);
  const coldMany = s.many_args(1, 0.5, 2, 0.25, 3, 0.125, 4, 2.5, 5, 6);
  assertFastValue(s.many_args, [1, 0.5, 2, 0.25, 3, 0.125, 4, 2.5, 5, 6], coldMany);
  if (bigIntFast) assertFastValue(s.sum_10_i64, ints.map(BigInt), s.sum_10_i64(...ints.map(BigInt)));
});

test('64-bit integers and pointers on the fast path', { skip: !bigIntFast && 'V8 11.3' }, () => {
  assertFastValue(s.add_i64, [2n ** 62n, 2n ** 62n], -(2n ** 63n));
  assertFastValue(s.add_u64, [2n ** 64n - 1n, 2n], 1n);
  assertFastValue(s.u64_max, [], 2n ** 64n - 1n);
  const p = UnsafePointer.create(0x12345678n);
  assertFastValue(s.ptr_to_u64, [p], 0x12345678n);
  const run = optimizedSite(s.ptr_add, [p, 8]);
  const moved = run(p, 8);
  assert.equal(moved.general, fastEntries);
  assert.equal(UnsafePointer.value(moved.value), 0x12345680n);
  const back = run(p, -0x12345678);
  assert.equal(back.value, null, 'a NULL result is null on the fast path too');
});

// V8 11-12 pass only Uint8Arrays to fast calls (other views take the slow callback,
// i.e. the general path); on V8 13+ the stub resolves every buffer kind itself.
test('buffer arguments on the fast path', () => {
  const viewsOnGeneralPath = fastOff || v8Major < 13 ? 1 : 0;
  const lib32 = dlopen(fixturePath, { sum_buffer: { parameters: ['buffer', 'u32'], result: 'u32' } });
  const sum = lib32.symbols.sum_buffer;
  assert.equal(binding.callPath(sum), fastOff ?? 'fast');
  const bytes = new Uint8Array(64).map((_, i) => i);
  const run = optimizedSite(sum, [bytes, 64]);
  const whole = run(bytes, 64);
  assert.deepEqual([whole.value, whole.general], [2016, fastEntries]);
  const tail = run(bytes.subarray(60), 4);  // byteOffset 60: 60 + 61 + 62 + 63
  assert.deepEqual([tail.value, tail.general], [246, fastEntries]);
  const nodeBuffer = run(Buffer.from([5, 6, 7]), 3);
  assert.deepEqual([nodeBuffer.value, nodeBuffer.general], [18, fastEntries]);
  const small = new Uint8Array([1, 2, 3]);  // on the V8 heap until zerocall moves it
  assert.deepEqual([run(small, 3).value, run(small, 3).general], [6, fastEntries]);
  const view = run(new DataView(bytes.buffer, 10, 2), 2);
  assert.deepEqual([view.value, view.general], [21, viewsOnGeneralPath]);
  const wide = run(new Uint16Array([0x0102]), 2);
  assert.deepEqual([wide.value, wide.general], [3, viewsOnGeneralPath]);
  const whole64 = run(new Float64Array(1).buffer, 8);
  assert.deepEqual([whole64.value, whole64.general], [0, viewsOnGeneralPath]);
  const none = run(null, 0);
  assert.deepEqual([none.value, none.general], [0, viewsOnGeneralPath]);
  for (const [value, got] of [['bytes', 'a string'], [undefined, 'undefined'], [{}, 'an object'], [7, '7']]) {
    const bad = run(value, 1);
    assert.equal(Object.getPrototypeOf(bad.error), TypeError.prototype);
    assert.equal(bad.error.message, `sum_buffer: parameter 0 expects buffer (a TypedArray, DataView, ArrayBuffer or null), got ${got}`);
  }
  // C writes through the pointer into the JS memory.
  const fill = dlopen(fixturePath, { fill_buffer: { parameters: ['buffer', 'usize', 'u8'], result: 'void' } });
  const target = new Uint8Array(8);
  const write = optimizedSite(fill.symbols.fill_buffer, [target, 8, 1]);
  const done = write(target.subarray(2), 4, 9);
  assert.equal(done.general, fastEntries);
  assert.deepEqual([...target], [1, 1, 9, 9, 9, 9, 1, 1]);
  fill.close();
  lib32.close();
});

// Without a 64-bit result, 64-bit parameters cross as numbers (V8 11-12: integral
// numbers in range are fast, bigints take the general path) or are resolved by the
// stub (V8 13+: both fast). With a 64-bit result V8's BigInt lowering is used
// (V8 12+), and numbers take the general path.
test('64-bit parameters: numbers and bigints', () => {
  const bytes = new Uint8Array([1, 2, 3, 4]);
  const run = optimizedSite(s.sum_buffer, [bytes, 4]);
  const numbersFast = fastEntries;
  const bigintsFast = fastOff || v8Major < 13 ? 1 : 0;
  const byNumber = run(bytes, 3);
  assert.deepEqual([byNumber.value, byNumber.general], [6, numbersFast]);
  const byBigInt = optimizedSite(s.sum_buffer, [bytes, 4n])(bytes, 4n);  // a site trained on bigints
  assert.deepEqual([byBigInt.value, byBigInt.general], [10, bigintsFast]);
  for (const [value, got] of [[1.5, '1.5'], [2 ** 64, '18446744073709552000'], ['4', 'a string'], [NaN, 'NaN']]) {
    const bad = run(bytes, value);
    assert.equal(Object.getPrototypeOf(bad.error), TypeError.prototype);
    assert.equal(bad.error.message, `sum_buffer: parameter 1 expects usize (a bigint or an integral number), got ${got}`);
  }
  if (bigIntFast) {
    const add = optimizedSite(s.add_u64, [1n, 2n]);
    assert.deepEqual([add(2n ** 64n - 1n, 5n).value, add(2n ** 64n - 1n, 5n).general], [4n, fastEntries]);
    const mixed = add(1, 2n);  // a number where V8 expects a BigInt: the general path
    assert.deepEqual([mixed.value, mixed.general], [3n, 1]);
  }
});

test('optimized calls throw the general path\'s errors', () => {
  const run = optimizedSite(s.add_i32, [1, 2]);
  // V8 13+: integers arrive exactly and the stub range-checks them, so an
  // out-of-range integer throws from the fast path; NaN and infinities (like
  // everything on older V8) go to the general path, which throws.
  const numberErrorPath = fastOff || v8Major < 13 ? 1 : 0;
  const expectArg = (args, index, got, general) => {
    const result = run(...args);
    assert.equal(Object.getPrototypeOf(result.error), TypeError.prototype);
    assert.equal(result.error.message, `add_i32: parameter ${index} expects i32 (a number in the int32 range), got ${got}`);
    assert.equal(result.general, general, `${got}: which path threw`);
  };
  expectArg([2 ** 31, 1], 0, '2147483648', numberErrorPath);
  expectArg([1, -(2 ** 31) - 1], 1, '-2147483649', numberErrorPath);
  expectArg([NaN, 1], 0, 'NaN', 1);
  expectArg([1, Infinity], 1, 'Infinity', 1);
  expectArg(['1', 1], 0, 'a string', 1);
  expectArg([1, undefined], 1, 'undefined', 1);
  expectArg([1n, 1], 0, '1n', 1);
  expectArg([1, null], 1, 'null', 1);
  expectArg([true, 1], 0, 'true', 1);
  const u32 = optimizedSite(s.add_u32, [1, 2]);
  const neg = u32(-1, 1);
  assert.equal(neg.error.message, 'add_u32: parameter 0 expects u32 (a number in the uint32 range), got -1');
  const f64 = optimizedSite(s.add_f64, [1.5, 2.5]);
  assert.equal(f64(1.5, null).error.message, 'add_f64: parameter 1 expects f64 (a number), got null');
  const ptr = optimizedSite(s.identity_ptr, [null]);
  assert.equal(ptr(5).error.message, 'identity_ptr: parameter 0 expects pointer (a pointer object or null), got 5');
  assert.equal(run(3, 4).value, 7, 'the site still works after the errors');
});

// 8/16/32-bit parameters of a function without a 64-bit result arrive as exact
// int64s and the stub checks their range: V8 13+ throws from the stub; V8 11-12
// (whose fast calls cannot throw) set the options' fallback flag, so V8 re-runs
// the call through the slow callback, i.e. the general path, which throws. Either
// way the error is the cold call's, and the site stays optimized: the next good
// call is fast again (a deopt would send it to the general path).
test('integer parameters are range-checked by the stub', { skip: fastOff || false }, () => {
  const rejectPath = v8Major >= 13 ? 0 : 1;
  const coldError = (fn, args) => {
    try {
      fn(...args);
    } catch (e) {
      return e;
    }
    assert.fail(`${fn.name}(${args.map(show).join(', ')}) did not throw cold`);
  };
  const expectReject = (run, fn, args, good, goodValue) => {
    const where = `${fn.name}(${args.map(show).join(', ')})`;
    const cold = coldError(fn, args);
    const hot = run(...args);
    assert.equal(Object.getPrototypeOf(hot.error), TypeError.prototype, `${where}: ${hot.error && hot.error.message}`);
    assert.equal(hot.error.message, cold.message, where);
    assert.equal(hot.general, rejectPath, `${where}: which path threw`);
    const after = run(...good);
    assert.deepEqual([after.value, after.error, after.general], [goodValue, undefined, 0], `${where}: the site is still fast`);
  };

  // The bench's shape: 6 i32 and 4 f64 interleaved (x86-64: the last i32 and the
  // options on V8's stack).
  const good = [1, 0.5, 2, 0.25, 3, 0.125, 4, 2.5, 5, 6];
  const goodValue = s.many_args(...good);
  assertFastValue(s.many_args, good, goodValue);
  const edges = [-2147483648, 0.5, 2147483647, 0.25, -1, 0.125, 0, 2.5, 2147483647, -2147483648];
  assertFastValue(s.many_args, edges, s.many_args(...edges));
  const many = optimizedSite(s.many_args, good);
  for (const k of [0, 2, 4, 6, 8, 9]) {
    // 2^32 + 5 and -2^32 have low 32 bits that would pass alone.
    for (const bad of [2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 5, -(2 ** 32), 2 ** 53, -(2 ** 63)]) {
      const args = good.slice();
      args[k] = bad;
      expectReject(many, s.many_args, args, good, goodValue);
      assert.match(coldError(s.many_args, args).message,
        new RegExp(`^many_args: parameter ${k} expects i32 \\(a number in the int32 range\\), got `));
    }
  }
  // Only the first bad parameter is reported.
  const twoBad = good.slice();
  twoBad[2] = 2 ** 40;
  twoBad[8] = -(2 ** 40);
  assert.equal(many(...twoBad).error.message,
    'many_args: parameter 2 expects i32 (a number in the int32 range), got 1099511627776');

  const u32 = optimizedSite(s.identity_u32, [7]);
  assert.deepEqual([u32(4294967295).value, u32(4294967295).general], [4294967295, 0]);
  for (const bad of [-1, 2 ** 32, -(2 ** 32) + 1, 2 ** 33]) expectReject(u32, s.identity_u32, [bad], [7], 7);
  const i32 = optimizedSite(s.identity_i32, [7]);
  for (const bad of [2 ** 31, 2 ** 32 - 1, -(2 ** 31) - 1]) expectReject(i32, s.identity_i32, [bad], [-7], -7);
  const u8 = optimizedSite(s.widen_u8, [7]);
  assert.deepEqual([u8(256 + 9).value, u8(256 + 9).general], [9, 0]);
  for (const bad of [-1, 2 ** 32]) expectReject(u8, s.widen_u8, [bad], [255], 255);
  const i16 = optimizedSite(s.widen_i16, [7]);
  assert.deepEqual([i16(65535).value, i16(65535).general], [-1, 0]);
  for (const bad of [2 ** 31, -(2 ** 31) - 1]) expectReject(i16, s.widen_i16, [bad], [-32768], -32768);

  // UnsafeFnPointer functions never close, so before they took no options argument
  // on V8 11-12; a checked one needs it for its rejects.
  const fnPtr = new UnsafeFnPointer(s.get_add_i32_ptr(), { parameters: ['i32', 'i32'], result: 'i32' });
  const add = optimizedSite(fnPtr.call, [1, 2]);
  assert.deepEqual([add(40, 2).value, add(40, 2).general], [42, 0]);
  expectReject(add, fnPtr.call, [1, 2 ** 31], [2, 3], 5);

  // With a 64-bit result the function's int64s are BigInts, so its small integers
  // cannot be int64 numbers: V8 12 keeps kEnforceRange (out of range: the slow
  // callback), V8 13+ passes doubles the stub checks, V8 11.3 has no 64-bit results.
  if (bigIntFast) {
    const digits = optimizedSite(s.digits_10_i32, [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
    assert.deepEqual([digits(9, 8, 7, 6, 5, 4, 3, 2, 1, 0).value, digits(9, 8, 7, 6, 5, 4, 3, 2, 1, 0).general],
      [9876543210n, 0]);
    const bad = digits(0, 0, 0, 0, 0, 0, 0, 0, 0, 2 ** 31);
    assert.equal(bad.error.message, 'digits_10_i32: parameter 9 expects i32 (a number in the int32 range), got 2147483648');
    assert.equal(bad.general, rejectPath);
  }
});

test('a closed library throws from optimized code, and a reopened one rebinds', () => {
  const defs = pick('add_i32', 'nop');
  const first = dlopen(fixturePath, defs);
  const add = first.symbols.add_i32;
  const run = optimizedSite(add, [20, 22]);
  assert.equal(run(20, 22).value, 42);
  first.close();
  const closed = run(1, 2);
  assert.equal(Object.getPrototypeOf(closed.error), Error.prototype);
  assert.equal(closed.error.message, 'add_i32: library is closed');
  assert.throws(() => add(1, 2), { name: 'Error', message: 'add_i32: library is closed' });
  assert.throws(() => first.symbols.nop(), { name: 'Error', message: 'nop: library is closed' });

  // V8 never frees a function made from a template, so zerocall reuses a closed
  // library's function when the same symbol of the same library is bound again.
  const second = dlopen(fixturePath, defs);
  assert.equal(second.symbols.add_i32, add);
  const again = run(40, 2);
  assert.equal(again.value, 42);
  assert.equal(again.general, fastEntries, 'the rebound stub is on the fast path again');
  const third = dlopen(fixturePath, defs);
  assert.notEqual(third.symbols.add_i32, add, 'an open library\'s function is never shared');
  third.close();
  second.close();
  assert.equal(run(1, 2).error.message, 'add_i32: library is closed');
});

test('UnsafeFnPointer calls take the fast path and share one function per pointer and signature', () => {
  const definition = { parameters: ['i32', 'i32'], result: 'i32' };
  const a = new UnsafeFnPointer(s.get_add_i32_ptr(), definition);
  const b = new UnsafeFnPointer(s.get_add_i32_ptr(), { parameters: ['i32', 'i32'], result: 'i32' });
  assert.equal(a.call, b.call);
  assert.equal(binding.callPath(a.call), fastOff ?? 'fast');
  assertFastValue(a.call, [5, 6], 11);
});

test('ZEROCALL_JIT=0 keeps every call on the general path with the same results', { skip: jitOff && 'already off' }, () => {
  const script = `
    const { dlopen } = require(${JSON.stringify(require.resolve('zerocall'))});
    const { binding } = require(${JSON.stringify(require.resolve('../../lib/internal/binding'))});
    const lib = dlopen(${JSON.stringify(fixturePath)}, { add_i32: { parameters: ['i32', 'i32'], result: 'i32' } });
    const f = lib.symbols.add_i32;
    function site(a, b) { return f(a, b); }
    %PrepareFunctionForOptimization(site); site(1, 2); site(1, 2); %OptimizeFunctionOnNextCall(site);
    const before = binding.generalCallCount();
    const value = site(40, 2);
    console.log(JSON.stringify({ path: binding.callPath(f), value, general: binding.generalCallCount() - before }));`;
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], {
    env: { ...process.env, ZEROCALL_JIT: '0' }, encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), { path: 'the fast path is disabled (ZEROCALL_JIT=0)', value: 42, general: 1 });
});
