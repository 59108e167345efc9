// flags: --allow-natives-syntax
'use strict';
// Same values and same errors at every V8 tier: each case runs cold (interpreter), then
// from a call site trained with good arguments and optimized by TurboFan
// (%OptimizeFunctionOnNextCall), then from a site warmed up in a hot loop, and where V8 has
// it, from a Maglev-optimized site. Training with Smis and then passing doubles, bigints,
// strings or missing arguments is what exercises the fast path's fallbacks.
// Run `ZEROCALL_JIT=0 node test/run.js tier` for the same cases without trampolines.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer, UnsafeFnPointer } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { all } = require('../support/defs.js');
const { argMessage } = require('../support/assert.js');

const lib = dlopen(fixturePath, all());
const s = lib.symbols;
test.after(() => lib.close());

// A fresh call site of fixed arity for `fn`, so each case gets its own type feedback.
function makeSite(fn, arity) {
  const params = Array.from({ length: arity }, (_, i) => `a${i}`).join(', ');
  return new Function('fn', `return function site(${params}) { return fn(${params}); };`)(fn);
}

// Maglev is on by default from Node 24 (V8 13.x); Node 20 and 22 ship it disabled.
const maglevAvailable = Number(process.versions.node.split('.')[0]) >= 24;
function optimizeMaglev(site) {
  if (!maglevAvailable) return false;
  new Function('f', '%OptimizeMaglevOnNextCall(f);')(site);
  return true;
}

function settle(site, expectation, where) {
  let value;
  let error = null;
  try {
    value = site();
  } catch (e) {
    error = e;
  }
  if ('error' in expectation) {
    const [Class, message] = expectation.error;
    assert.ok(error, `${where}: expected ${Class.name}: ${message}, got the value ${String(value)}`);
    assert.equal(Object.getPrototypeOf(error), Class.prototype, `${where}: class of ${error.message}`);
    assert.equal(error.message, message, where);
  } else {
    if (error) throw new assert.AssertionError({ message: `${where}: threw ${error.name}: ${error.message}` });
    if ('check' in expectation) expectation.check(value, where);
    else assert.ok(Object.is(value, expectation.value), `${where}: got ${String(value)}, expected ${String(expectation.value)}`);
  }
}

function showArg(a) {
  if (typeof a === 'bigint') return `${a}n`;
  if (typeof a === 'string') return JSON.stringify(a);
  if (a !== null && typeof a === 'object') return ArrayBuffer.isView(a) || a instanceof ArrayBuffer ? a.constructor.name : 'pointer';
  return String(a);
}

function quietly(site, args) {
  try {
    site(...args);
  } catch {
    // Training with a case that throws.
  }
}

// Runs `args` against `fn` at every tier; the optimized sites are trained with `train`.
function atEveryTier(label, fn, train, args, expectation) {
  const show = `${label}(${args.map(showArg).join(', ')})`;
  settle(() => fn(...args), expectation, `${show} cold`);
  // A site's arity is the case's; when that differs from the training arguments' (missing or
  // extra arguments), the site is trained with the case itself.
  if (train.length !== args.length) train = args;

  const turbo = makeSite(fn, args.length);
  %PrepareFunctionForOptimization(turbo);
  quietly(turbo, train);
  quietly(turbo, train);
  %OptimizeFunctionOnNextCall(turbo);
  quietly(turbo, train);
  settle(() => turbo(...args), expectation, `${show} TurboFan`);
  // Whatever the previous call did to the code (deopt or not), the site still works.
  settle(() => turbo(...args), expectation, `${show} TurboFan again`);
  quietly(turbo, train);

  const hot = makeSite(fn, args.length);
  for (let i = 0; i < 20000; i++) quietly(hot, train);
  settle(() => hot(...args), expectation, `${show} hot loop`);

  const maglev = makeSite(fn, args.length);
  %PrepareFunctionForOptimization(maglev);
  quietly(maglev, train);
  quietly(maglev, train);
  if (optimizeMaglev(maglev)) {
    quietly(maglev, train);
    settle(() => maglev(...args), expectation, `${show} Maglev`);
  }
}

const ok = (value) => ({ value });
const err = (key, index, type, got) => ({ error: [TypeError, argMessage(key, index, type, got)] });
const ptrIs = (addr) => ({ check: (v, where) => assert.equal(UnsafePointer.value(v), addr, where) });

function cases(name, train, list, fn = s[name]) {
  for (const [args, expectation] of list) atEveryTier(name, fn, train, args, expectation);
}

test('i32: values, truncation, range errors, coercion errors, missing and extra args', () => {
  cases('add_i32', [1, 2], [
    [[2, 3], ok(5)],
    [[2147483647, 1], ok(-2147483648)],
    [[1.5, 2.5], ok(3)],
    [[-1.5, 0], ok(-1)],
    [[-0, 0], ok(0)],
    [[-0.5, 0], ok(0)],
    [[1, 2 ** 32], err('add_i32', 1, 'i32', '4294967296')],
    [[2 ** 31, 0], err('add_i32', 0, 'i32', '2147483648')],
    [[-(2 ** 31) - 1, 0], err('add_i32', 0, 'i32', '-2147483649')],
    [[NaN, 1], err('add_i32', 0, 'i32', 'NaN')],
    [[1, Infinity], err('add_i32', 1, 'i32', 'Infinity')],
    [['1', 1], err('add_i32', 0, 'i32', 'a string')],
    [[1n, 2], err('add_i32', 0, 'i32', '1n')],
    [[true, 2], err('add_i32', 0, 'i32', 'true')],
    [[{}, 2], err('add_i32', 0, 'i32', 'an object')],
    [[null, 2], err('add_i32', 0, 'i32', 'null')],
    [[1], err('add_i32', 1, 'i32', 'undefined')],
    [[], err('add_i32', 0, 'i32', 'undefined')],
    [[1, 2, 3], ok(3)],
    [[1, 2, 'extra'], ok(3)],
  ]);
});

test('u32, u8, i8, i16, u16: ranges and wrapping', () => {
  cases('identity_u32', [7], [
    [[4294967295], ok(4294967295)],
    [[2147483648], ok(2147483648)],
    [[1.9], ok(1)],
    [[-1], err('identity_u32', 0, 'u32', '-1')],
    [[2 ** 32], err('identity_u32', 0, 'u32', '4294967296')],
    [[NaN], err('identity_u32', 0, 'u32', 'NaN')],
  ]);
  cases('identity_u8', [7], [
    [[256], ok(0)],
    [[4294967295], ok(255)],
    [[255.5], ok(255)],
    [[-1], err('identity_u8', 0, 'u8', '-1')],
    [['7'], err('identity_u8', 0, 'u8', 'a string')],
  ]);
  cases('identity_i8', [7], [
    [[255], ok(-1)],
    [[128], ok(-128)],
    [[-129], ok(127)],
    [[-1.5], ok(-1)],
    [[2 ** 31], err('identity_i8', 0, 'i8', '2147483648')],
  ]);
  cases('identity_i16', [7], [[[32768], ok(-32768)], [[65535], ok(-1)]]);
  cases('identity_u16', [7], [[[65536], ok(0)], [[-0], ok(0)], [[-1], err('identity_u16', 0, 'u16', '-1')]]);
  cases('low32_of_arg0_i8', [1], [[[-1], ok(-1)], [[255], ok(-1)]]);
  cases('low32_of_arg0_u16', [1], [[[65535], ok(65535)], [[65536 + 9], ok(9)]]);
});

test('narrow results with junk in the upper register bits', () => {
  cases('garbage_i8', [], [[[], ok(-1)]]);
  cases('garbage_u8', [], [[[], ok(255)]]);
  cases('garbage_i16', [], [[[], ok(-32768)]]);
  cases('garbage_u16', [], [[[], ok(65535)]]);
  cases('garbage_i32', [], [[[], ok(-1)]]);
  cases('garbage_u32', [], [[[], ok(5)]]);
  cases('garbage_bool_true', [], [[[], ok(true)]]);
  cases('garbage_bool_false', [], [[[], ok(false)]]);
});

test('64-bit: bigints, numbers, wrapping, fraction errors, bigint results', () => {
  cases('identity_i64', [1n], [
    [[2n ** 63n], ok(-(2n ** 63n))],
    [[-1n], ok(-1n)],
    [[5], ok(5n)],
    [[2 ** 53], ok(9007199254740992n)],
    [[1.5], err('identity_i64', 0, 'i64', '1.5')],
    [[NaN], err('identity_i64', 0, 'i64', 'NaN')],
    [['x'], err('identity_i64', 0, 'i64', 'a string')],
    [[], err('identity_i64', 0, 'i64', 'undefined')],
  ]);
  cases('identity_i64', [1], [[[9007199254740993n], ok(9007199254740993n)], [[-7], ok(-7n)]]);
  cases('identity_u64', [1n], [[[-1n], ok(2n ** 64n - 1n)], [[2n ** 64n + 5n], ok(5n)], [[0], ok(0n)]]);
  cases('add_u64', [1n, 2n], [[[2n ** 64n - 1n, 1n], ok(0n)], [[1, 2], ok(3n)]]);
  cases('u64_max', [], [[[], ok(2n ** 64n - 1n)]]);
  cases('i64_min', [], [[[], ok(-(2n ** 63n))]]);
  cases('identity_usize', [1n], [[[2n ** 64n - 1n], ok(2n ** 64n - 1n)], [[0.5], err('identity_usize', 0, 'usize', '0.5')]]);
  cases('sum_10_i64', [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n], [
    [[1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n], ok(55n)],
    [[0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 2n ** 62n], ok(-(2n ** 63n))],
    [[0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 1.5], err('sum_10_i64', 9, 'i64', '1.5')],
  ]);
});

test('floats and bool', () => {
  cases('identity_f32', [0.5], [
    [[0.1], ok(Math.fround(0.1))],
    [[1], ok(1)],
    [[1e39], ok(Infinity)],
    [[-0], ok(-0)],
    [['x'], err('identity_f32', 0, 'f32', 'a string')],
  ]);
  cases('identity_f64', [0.5], [
    [[0.1], ok(0.1)],
    [[-0], ok(-0)],
    [[NaN], ok(NaN)],
    [[3], ok(3)],
    [[1n], err('identity_f64', 0, 'f64', '1n')],
    [[undefined], err('identity_f64', 0, 'f64', 'undefined')],
  ]);
  cases('identity_f64', [1], [[[0.25], ok(0.25)], [[2 ** 53 + 2], ok(2 ** 53 + 2)]]);
  cases('negate_bool', [true], [
    [[false], ok(true)],
    [[true], ok(false)],
    [[1], err('negate_bool', 0, 'bool', '1')],
    [[null], err('negate_bool', 0, 'bool', 'null')],
  ]);
  cases('mixed_20', Array.from({ length: 20 }, () => 1), [
    [Array.from({ length: 20 }, (_, k) => (k % 2 ? k + 0.5 : -(k + 1))),
      ok(Array.from({ length: 20 }, (_, k) => (k % 2 ? k + 0.5 : -(k + 1))).reduce((a, v, k) => a + (k + 1) * v, 0))],
    [[...Array(19).fill(0), 'x'], err('mixed_20', 19, 'f64', 'a string')],
  ]);
});

test('void, pointers and buffers', () => {
  cases('nop', [], [[[], ok(undefined)], [[1, 2], ok(undefined)]]);
  cases('return_null_ptr', [], [[[], ok(null)]]);
  const p = UnsafePointer.create(0x5000n);
  cases('identity_ptr', [p], [
    [[null], ok(null)],
    [[UnsafePointer.create(0x1234n)], ptrIs(0x1234n)],
    [[5n], err('identity_ptr', 0, 'pointer', '5n')],
    [[new Uint8Array(1)], err('identity_ptr', 0, 'pointer', 'an object')],
  ]);
  cases('identity_ptr', [null], [[[p], ptrIs(0x5000n)]]);
  cases('ptr_add', [p, 1], [[[p, -0x1000], ptrIs(0x4000n)], [[p, -0x5000], ok(null)]]);
  const u8 = new Uint8Array([10, 20, 30, 40]);
  cases('first_byte', [u8], [
    [[u8.subarray(2)], ok(30)],
    [[new DataView(u8.buffer, 1)], ok(20)],
    [[u8.buffer], ok(10)],
    [[new Uint16Array([0x0102])], ok(2)],
    [['x'], err('first_byte', 0, 'buffer', 'a string')],
    [[p], err('first_byte', 0, 'buffer', 'an object')],
  ]);
  cases('sum_buffer', [u8, 4], [[[u8, 4n], ok(100)], [[null, 0], ok(0)], [[u8.subarray(1), 3], ok(90)]]);
});

test('UnsafeFnPointer.call at every tier', () => {
  const fp = new UnsafeFnPointer(s.get_add_i32_ptr(), { parameters: ['i32', 'i32'], result: 'i32' });
  const call = fp.call.bind(fp);
  for (const [args, expected] of [[[2, 3], 5], [[1.5, 1], 2], [[2147483647, 1], -2147483648]]) {
    atEveryTier('fp.call', call, [1, 2], args, ok(expected));
  }
  const u64 = new UnsafeFnPointer(s.get_add_u64_ptr(), { parameters: ['u64', 'u64'], result: 'u64' });
  atEveryTier('fp.call', u64.call.bind(u64), [1n, 2n], [2n ** 64n - 1n, 2n], ok(1n));
});

test('a closed library throws from optimized code too', () => {
  const lib2 = dlopen(fixturePath, { add_i32: { parameters: ['i32', 'i32'], result: 'i32' }, u64_max: { parameters: [], result: 'u64' } });
  const add = lib2.symbols.add_i32;
  const max = lib2.symbols.u64_max;
  const site = makeSite(add, 2);
  const site0 = makeSite(max, 0);
  %PrepareFunctionForOptimization(site);
  %PrepareFunctionForOptimization(site0);
  site(1, 2); site(1, 2); site0(); site0();
  %OptimizeFunctionOnNextCall(site);
  %OptimizeFunctionOnNextCall(site0);
  assert.equal(site(1, 2), 3);
  assert.equal(site0(), 2n ** 64n - 1n);
  const hot = makeSite(add, 2);
  for (let i = 0; i < 20000; i++) hot(i, 1);
  lib2.close();
  for (const [f, args, key] of [[site, [1, 2], 'add_i32'], [hot, [1, 2], 'add_i32'], [site0, [], 'u64_max']]) {
    for (let k = 0; k < 3; k++) {
      assert.throws(() => f(...args), (e) => Object.getPrototypeOf(e) === Error.prototype && e.message === `${key}: library is closed`);
    }
  }
});
