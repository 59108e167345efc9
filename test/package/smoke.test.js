'use strict';
// Smoke test of an installed zerocall: scripts/test-package.sh copies this file into a fresh
// project where `npm install <the packed tarball>` ran, and runs it there with each Node:
//
//   ZEROCALL_TRACE_FAST=1 node --allow-natives-syntax smoke.test.js
//
// It calls libc only (no C compiler is needed, none is on PATH): a fast-path call from
// optimized code, general-path calls (a cold call, a nonblocking call), a struct result on
// both paths, a callback (qsort) and a struct argument. ZEROCALL_SMOKE_ADDON=prebuild (the default) or
// =source says which addon the install must have left: the prebuild for this Node's ABI or
// a build/Release made by `npm install --build-from-source`.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { dlopen, UnsafeCallback, UnsafePointer, UnsafePointerView, callPath, lastFastCall } = require('zerocall');

const packageDir = path.resolve(path.dirname(require.resolve('zerocall')), '..');
const prepare = new Function('f', '%PrepareFunctionForOptimization(f);');
const optimizeNext = new Function('f', '%OptimizeFunctionOnNextCall(f);');

const libc = dlopen('libc.so.6', {
  abs: { parameters: ['i32'], result: 'i32' },
  div: { parameters: ['i32', 'i32'], result: { struct: ['i32', 'i32'] } },
  strlen: { parameters: ['buffer'], result: 'usize', nonblocking: true },
  qsort: { parameters: ['buffer', 'usize', 'usize', 'function'], result: 'void' },
  inet_ntoa: { parameters: [{ struct: ['u32'] }], result: 'pointer' },
});
test.after(() => libc.close());

test('the install left the expected addon, and nothing else', () => {
  // lib/internal/binding.js is not exported: reached by path, as a test may.
  const { addonPath } = require(path.join(packageDir, 'lib/internal/binding.js'));
  const fromSource = process.env.ZEROCALL_SMOKE_ADDON === 'source';
  const expected = fromSource
    ? path.join(packageDir, 'build/Release/zerocall.node')
    : path.join(packageDir, 'prebuilds', `linux-${process.arch}`, `node.abi${process.versions.modules}.glibc.node`);
  assert.equal(addonPath, expected);
  if (!fromSource) {
    assert.equal(require('node:fs').existsSync(path.join(packageDir, 'build')), false,
      'a prebuild install compiles nothing, so it has no build/ directory');
  }
});

test('abs: general path when cold, fast path once optimized', () => {
  assert.equal(process.env.ZEROCALL_TRACE_FAST, '1', 'run with ZEROCALL_TRACE_FAST=1 (see the header)');
  assert.equal(callPath(libc.symbols.abs), 'fast');
  lastFastCall();
  assert.equal(libc.symbols.abs(-5), 5);
  assert.equal(lastFastCall(), null, 'a cold call takes the general path');
  const site = (x) => libc.symbols.abs(x);
  prepare(site);
  site(-1);
  site(-2);
  optimizeNext(site);
  assert.equal(site(-7), 7);
  assert.equal(lastFastCall(), 'abs', 'the optimized call took the fast path');
  assert.equal(site(-2147483647), 2147483647);
  assert.equal(lastFastCall(), 'abs');
});

test('div: a struct result, cold (general path) and optimized (fast path)', () => {
  assert.equal(callPath(libc.symbols.div), 'fast');
  const fields = (result) => {
    assert.ok(result instanceof Uint8Array);
    return [...new Int32Array(result.buffer, result.byteOffset, 2)];
  };
  lastFastCall();
  assert.deepEqual(fields(libc.symbols.div(-7, 2)), [-3, -1]); // C truncates toward zero
  assert.equal(lastFastCall(), null, 'a cold call takes the general path');
  const site = (a, b) => libc.symbols.div(a, b);
  prepare(site);
  // Long enough for the JS wrapper that makes the result buffer to get feedback of its
  // own, so that TurboFan inlines it and the native call in it becomes a fast call.
  for (let i = 0; i < 50; i++) site(9, 4);
  optimizeNext(site);
  assert.deepEqual(fields(site(-7, 2)), [-3, -1]);
  assert.equal(lastFastCall(), 'div', 'the optimized call took the fast path');
  assert.deepEqual(fields(site(100, 7)), [14, 2]);
});

test('strlen: a nonblocking call resolves on a worker thread', async () => {
  assert.equal(callPath(libc.symbols.strlen), 'nonblocking calls return a Promise');
  const pending = libc.symbols.strlen(new TextEncoder().encode('zerocall\0'));
  assert.ok(pending instanceof Promise);
  assert.equal(await pending, 8n);
});

test('qsort: a C function calls back into JS', () => {
  const values = new Int32Array([5, -3, 42, 0, 7]);
  let calls = 0;
  const compare = new UnsafeCallback({ parameters: ['pointer', 'pointer'], result: 'i32' }, (a, b) => {
    calls++;
    return new UnsafePointerView(a).getInt32() - new UnsafePointerView(b).getInt32();
  });
  try {
    libc.symbols.qsort(values, BigInt(values.length), 4n, compare.pointer);
  } finally {
    compare.close();
  }
  assert.deepEqual([...values], [-3, 0, 5, 7, 42]);
  assert.ok(calls >= values.length - 1, `the comparator ran ${calls} times`);
});

test('inet_ntoa: a struct argument, cold and optimized', () => {
  const address = (bytes) => new Uint8Array(bytes); // struct in_addr, network byte order
  const text = (pointer) => UnsafePointerView.getCString(pointer);
  assert.equal(text(libc.symbols.inet_ntoa(address([192, 0, 2, 1]))), '192.0.2.1');
  const site = (a) => libc.symbols.inet_ntoa(a);
  prepare(site);
  site(address([10, 0, 0, 1]));
  optimizeNext(site);
  const pointer = site(address([127, 0, 0, 1]));
  assert.notEqual(UnsafePointer.value(pointer), 0n);
  assert.equal(text(pointer), '127.0.0.1');
  assert.throws(() => site(address([1, 2, 3])), {
    name: 'TypeError',
    message: 'inet_ntoa: parameter 0 expects { struct: [u32] } (a TypedArray, DataView or ArrayBuffer of 4 bytes), ' +
      'got an object',
  });
});
