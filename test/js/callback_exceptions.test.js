// flags: --allow-natives-syntax --no-lazy-feedback-allocation
'use strict';
// An exception thrown by a synchronous callback, on the general path (cold) and inside an
// optimized fast call: C gets zero, the foreign call's later callbacks return zero without
// running JS, and the JS code that made the innermost foreign call gets the first exception.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafeCallback } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');

const { fastOff } = require('../support/fast_off.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
// Functions that call back take the fast path from V8 13.
const fastCallbacks = v8Major >= 13 && !fastOff;

const libc = dlopen(null, { qsort: { parameters: ['buffer', 'usize', 'usize', 'function'], result: 'void', callback: true } });
const lib = dlopen(fixturePath, { call_unary: { parameters: ['function', 'i32'], result: 'i32', callback: true } });
test.after(() => { libc.close(); lib.close(); });

let siteId = 0;
// Runs `body` cold, then from an optimized function of its own, returning both outcomes
// (a value or the error) and the general-path entries of the optimized run.
function coldAndOptimized(body, prepare) {
  const site = new Function('body', `/* site ${siteId++} */ return function () { return body(); };`)(body);
  %PrepareFunctionForOptimization(site);
  const outcome = () => { prepare(); try { return { value: site() }; } catch (error) { return { error }; } };
  const cold = outcome();
  outcome();
  %OptimizeFunctionOnNextCall(site);
  const before = binding.generalCallCount();
  const optimized = outcome();
  return { cold, optimized, general: binding.generalCallCount() - before };
}

test('qsort: the comparator throws on its 3rd call; it never runs again in that sort', () => {
  let calls = 0;
  let throwOn = 0;
  const compare = new UnsafeCallback({ parameters: ['pointer', 'pointer'], result: 'i32' }, () => {
    calls++;
    if (calls === throwOn) throw new RangeError(`compare call ${calls}`);
    return 0;
  });
  const values = new Int32Array(64);
  const sort = () => libc.symbols.qsort(values, values.length, 4, compare.pointer);
  const { cold, optimized, general } = coldAndOptimized(sort, () => { calls = 0; throwOn = 3; });
  for (const outcome of [cold, optimized]) {
    assert.ok(outcome.error instanceof RangeError);
    assert.equal(outcome.error.message, 'compare call 3');
  }
  assert.equal(calls, 3);
  assert.equal(general, fastCallbacks ? 0 : 1);
  calls = 0;
  throwOn = 0;
  sort();
  assert.ok(calls > 3, 'the next sort runs its comparator normally');
  compare.close();
});

test('nested foreign calls: the exception reaches the innermost call\'s JS caller', () => {
  const thrower = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => { throw new TypeError(`inner ${x}`); });
  let caught;
  const catching = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => {
    try {
      return lib.symbols.call_unary(thrower.pointer, x);
    } catch (error) {
      caught = error.message;
      return x * 10;
    }
  });
  const handled = coldAndOptimized(() => lib.symbols.call_unary(catching.pointer, 4), () => { caught = undefined; });
  assert.deepEqual(handled.cold, { value: 40 });
  assert.deepEqual(handled.optimized, { value: 40 });
  assert.equal(caught, 'inner 4');

  const passing = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => lib.symbols.call_unary(thrower.pointer, x) + 1);
  const unhandled = coldAndOptimized(() => lib.symbols.call_unary(passing.pointer, 5), () => {});
  for (const outcome of [unhandled.cold, unhandled.optimized]) {
    assert.ok(outcome.error instanceof TypeError);
    assert.equal(outcome.error.message, 'inner 5');
  }
  for (const cb of [thrower, catching, passing]) cb.close();
});
