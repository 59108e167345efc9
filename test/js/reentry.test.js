'use strict';
// A callback reached from a symbol that was not declared `callback: true`, while an
// optimized call of that symbol runs in C (issue 15 case 1). V8 11-12 abort the process
// when JS runs inside a fast call, so there zerocall's stubs defer to the general path
// while the isolate has an open UnsafeCallback, and are fast again once none is open;
// V8 13+ let fast calls re-enter JS, and the stubs stay fast throughout.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { fixturePath } = require('../support/fixture.js');
const { fastOff } = require('../support/fast_off.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
const reentrantFastCalls = v8Major >= 13;

// Runs in a child: an abort there fails the assertions instead of the test runner.
const scenario = `
  const { dlopen, UnsafeCallback } = require(${JSON.stringify(require.resolve('zerocall'))});
  const { binding } = require(${JSON.stringify(require.resolve('../../lib/internal/binding'))});
  const lib = dlopen(${JSON.stringify(fixturePath)}, {
    set_hook: { parameters: ['function'], result: 'void', callback: true },
    run_hook: { parameters: ['i32'], result: 'i32' },
    add_i32: { parameters: ['i32', 'i32'], result: 'i32' },
  });
  const { set_hook, run_hook, add_i32 } = lib.symbols;
  function hot(x) { return run_hook(x); }
  function add(a, b) { return add_i32(a, b); }
  // Optimized before any callback exists: the stubs are live.
  %PrepareFunctionForOptimization(hot); %PrepareFunctionForOptimization(add);
  hot(1); hot(2); add(1, 2); add(3, 4);
  %OptimizeFunctionOnNextCall(hot); %OptimizeFunctionOnNextCall(add);
  const report = {};
  let before = binding.generalCallCount();
  report.beforeCallback = [hot(5), add(20, 22), binding.generalCallCount() - before];
  const seen = [];
  const cb = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => { seen.push(x); return x * 10; });
  set_hook(cb.pointer);
  before = binding.generalCallCount();
  let sum = 0;
  for (let i = 0; i < 100000; i++) sum += hot(i & 7);
  report.hotLoop = [sum, seen.length, binding.generalCallCount() - before >= 100000];
  before = binding.generalCallCount();
  report.whileOpen = [hot(3), add(1, 1), binding.generalCallCount() - before];
  set_hook(null);
  cb.close();
  before = binding.generalCallCount();
  report.afterClose = [hot(4), add(2, 3), binding.generalCallCount() - before];
  // Bound while a callback is open: deferred from the start; restored at close.
  const cb2 = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => x);
  const late = dlopen(${JSON.stringify(fixturePath)}, { add_i32: { parameters: ['i32', 'i32'], result: 'i32' } });
  function lateAdd(a, b) { return late.symbols.add_i32(a, b); }
  %PrepareFunctionForOptimization(lateAdd); lateAdd(1, 1); lateAdd(2, 2); %OptimizeFunctionOnNextCall(lateAdd);
  before = binding.generalCallCount();
  report.lateWhileOpen = [lateAdd(5, 6), binding.generalCallCount() - before];
  cb2.close();
  before = binding.generalCallCount();
  report.lateAfterClose = [lateAdd(7, 8), binding.generalCallCount() - before];
  late.close(); lib.close();
  console.log(JSON.stringify(report));
`;

test('a stored callback called from an optimized call not declared callback: true', () => {
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', scenario], { encoding: 'utf8' });
  assert.equal(child.stderr, '');
  assert.equal(child.status, 0);
  const report = JSON.parse(child.stdout);
  const fast = fastOff === null;
  // Before any callback: run_hook with no hook returns -x; both calls fast.
  assert.deepEqual(report.beforeCallback, [-5, 42, fast ? 0 : 2]);
  // 100 000 calls, each calling the callback: sum of (i & 7) * 10 = 3 500 000.
  const generalInLoop = !fast || !reentrantFastCalls;
  assert.deepEqual(report.hotLoop, [3500000, 100000, generalInLoop]);
  const deferred = fast && !reentrantFastCalls;
  assert.deepEqual(report.whileOpen, [30, 2, deferred || !fast ? 2 : 0]);
  assert.deepEqual(report.afterClose, [-4, 5, fast ? 0 : 2]);
  assert.deepEqual(report.lateWhileOpen, [11, deferred || !fast ? 1 : 0]);
  assert.deepEqual(report.lateAfterClose, [15, fast ? 0 : 1]);
});
