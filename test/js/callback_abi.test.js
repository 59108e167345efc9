// flags: --allow-natives-syntax
'use strict';
// How C's arguments reach a callback and its result reaches C, through both C entry
// points: the register entry (a thunk, for every signature) and a libffi closure
// (everything under ZEROCALL_JIT=0, checked in a child process). Every argument class
// is passed, in registers and on the stack, 20 and 40 of them, and every result type
// comes back; the outer call runs cold and optimized. Structs: callback_structs.test.js.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { dlopen, UnsafeCallback, UnsafePointer } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');

const jitOff = process.env.ZEROCALL_JIT === '0';
const hostHasEntry = process.arch === 'x64' || process.arch === 'arm64';
const expectedEntry = jitOff || !hostHasEntry ? 'libffi' : 'thunk';

const WIDE = ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'f32', 'f64', 'pointer', 'bool',
  'f64', 'f32', 'f64', 'f64', 'f64', 'f64', 'i32', 'f64'];
const WIDE_ARGS = [-8, 200, -1600, 60000, -2000000000, 4000000000, -9000000000000000000n,
  18000000000000000000n, 1.5, 2.25, 0x1234n, true, 3.5, -4.75, 5.5, 6.5, 7.5, 8.5, 123456, 9.25];
const RESULTS = {
  bool: [true, false], i8: [-128, 127], u8: [255, 0], i16: [-32768, 32767], u16: [65535, 1],
  i32: [-2147483648, 2147483647], u32: [4294967295, 7], i64: [-(2n ** 63n), 2n ** 63n - 1n],
  u64: [2n ** 64n - 1n, 5n], f32: [-1.25, 3.5], f64: [Math.PI, -0.5],
};

const defs = {
  call_wide: { parameters: ['function'], result: 'f64', callback: true },
  zc_cb_40: { parameters: ['function'], result: 'f64', callback: true },
};
for (const type of [...Object.keys(RESULTS), 'pointer']) {
  defs[`call_result_${type}`] = { parameters: ['function'], result: type, callback: true };
}
const lib = dlopen(fixturePath, defs);
const s = lib.symbols;
test.after(() => lib.close());

let siteId = 0;
// An optimized call site of its own for fn(a0): cold calls first, then TurboFan.
function optimizedSite(fn, arg) {
  const site = new Function('fn', `/* site ${siteId++} */ return function (a0) { return fn(a0); };`)(fn);
  %PrepareFunctionForOptimization(site);
  try { site(arg); } catch { /* a call that throws trains the site too */ }
  %OptimizeFunctionOnNextCall(site);
  return site;
}

function unwrap(value) {
  return typeof value === 'object' && value !== null ? UnsafePointer.value(value) : value;
}

test('twenty arguments of every class reach the callback, in registers and on the stack', () => {
  const seen = [];
  const wide = new UnsafeCallback({ parameters: WIDE, result: 'f64' }, (...args) => {
    seen.push(args.map(unwrap));
    return args.length + 0.5;
  });
  assert.equal(binding.callbackEntry(wide.pointer), expectedEntry);
  assert.equal(s.call_wide(wide.pointer), 20.5);  // cold
  const site = optimizedSite(s.call_wide, wide.pointer);
  assert.equal(site(wide.pointer), 20.5);  // optimized
  assert.equal(seen.length, 3);
  for (const args of seen) assert.deepEqual(args, WIDE_ARGS);
  wide.close();
});

test('every result type reaches C exactly', () => {
  for (const [type, values] of Object.entries(RESULTS)) {
    for (const value of values) {
      const cb = new UnsafeCallback({ parameters: [], result: type }, () => value);
      assert.equal(binding.callbackEntry(cb.pointer), expectedEntry, type);
      const fn = s[`call_result_${type}`];
      assert.equal(fn(cb.pointer), value, `${type} ${value} cold`);
      assert.equal(optimizedSite(fn, cb.pointer)(cb.pointer), value, `${type} ${value} optimized`);
      cb.close();
    }
  }
  const address = UnsafePointer.create(0xdead0n);
  const cb = new UnsafeCallback({ parameters: [], result: 'pointer' }, () => address);
  assert.equal(UnsafePointer.value(s.call_result_pointer(cb.pointer)), 0xdead0n);
  assert.equal(UnsafePointer.value(optimizedSite(s.call_result_pointer, cb.pointer)(cb.pointer)), 0xdead0n);
  cb.close();
});

test('a bad result is a TypeError for the caller and zero for C, on both tiers', () => {
  const bad = new UnsafeCallback({ parameters: [], result: 'u8' }, () => -1);
  const message = 'UnsafeCallback: the callback\'s return value expects u8 (a number in the uint32 range), got -1';
  assert.throws(() => s.call_result_u8(bad.pointer), { name: 'TypeError', message });
  assert.throws(() => optimizedSite(s.call_result_u8, bad.pointer)(bad.pointer), { name: 'TypeError', message });
  bad.close();
});

// 40 parameters, five kinds in turn (test/fixture/fixture_callback_structs.c): no fixed
// limit on the thunk's parameter count (past 32 its argument pointers are on the heap).
const KINDS_40 = ['i32', 'f64', 'i64', 'f32', 'u8'];
const PARAMS_40 = Array.from({ length: 40 }, (_, k) => KINDS_40[k % 5]);
const ARGS_40 = PARAMS_40.map((type, k) => ({
  i32: k * 3 - 50, f64: k + 0.25, i64: BigInt(k) << 33n, f32: k + 0.5, u8: 200 + k,
})[type]);

test('forty parameters reach the callback through the register entry', () => {
  const seen = [];
  const cb = new UnsafeCallback({ parameters: PARAMS_40, result: 'f64' }, (...args) => {
    seen.push(args);
    return -40.5;
  });
  assert.equal(binding.callbackEntry(cb.pointer), expectedEntry);
  assert.equal(s.zc_cb_40(cb.pointer), -40.5);  // cold
  assert.equal(optimizedSite(s.zc_cb_40, cb.pointer)(cb.pointer), -40.5);  // optimized
  assert.equal(seen.length, 3);
  for (const args of seen) assert.deepEqual(args, ARGS_40);
  cb.close();
  assert.throws(() => binding.callbackEntry(UnsafePointer.create(16n)), {
    name: 'TypeError', message: 'callbackEntry: not a callback\'s pointer',
  });
});

test('the same passing through libffi closures (ZEROCALL_JIT=0)', { skip: jitOff && 'already under ZEROCALL_JIT=0' }, () => {
  const env = { ...process.env, ZEROCALL_JIT: '0' };
  delete env.NODE_TEST_CONTEXT;  // a test run of its own, reporting to stdout
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--test-reporter=tap', __filename], {
    env, encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stdout + child.stderr);
  assert.match(child.stdout, /# pass 4\n/);
});
