// flags: --allow-natives-syntax --no-lazy-feedback-allocation
'use strict';
// UnsafePointerView's getters read through bound C functions: optimized getters stay
// off the general path where this V8 lowers their types, and bad pointers and offsets
// get the same errors cold and optimized.
const test = require('node:test');
const assert = require('node:assert/strict');
const { UnsafePointer, UnsafePointerView } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { argMessage } = require('../support/assert.js');

const { fastOff } = require('../support/fast_off.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
const fastPath = !fastOff;

const bytes = new Uint8Array(64);
const data = new DataView(bytes.buffer);
data.setUint8(1, 254);
data.setInt16(2, -2, true);
data.setUint32(4, 4294967294, true);
data.setBigInt64(8, -2n, true);
data.setFloat32(16, 1.5, true);
data.setFloat64(24, -2.25, true);
data.setBigUint64(32, 0x1234n, true);
bytes[40] = 1;
// A pointer does not keep its memory alive: the tests use `bytes` to the end, or the
// collector may free it under them.
const base = UnsafePointer.of(bytes);

// getter name, offset, value; `wide` = a 64-bit result (V8 11.3 cannot return one fast).
const GETTERS = [
  ['getBool', 40, true], ['getUint8', 1, 254], ['getInt8', 1, -2], ['getUint16', 2, 65534],
  ['getInt16', 2, -2], ['getUint32', 4, 4294967294], ['getInt32', 4, -2], ['getFloat32', 16, 1.5],
  ['getFloat64', 24, -2.25], ['getBigUint64', 8, 18446744073709551614n, 'wide'],
  ['getBigInt64', 8, -2n, 'wide'],
];

let siteId = 0;
function optimizedGetter(name) {
  const site = new Function(`/* site ${siteId++} */ return function (view, offset) { return view.${name}(offset); };`)();
  %PrepareFunctionForOptimization(site);
  return site;
}

test('optimized getters read exact values without entering the general path', () => {
  const view = new UnsafePointerView(base);
  for (const [name, offset, value, wide] of GETTERS) {
    const site = optimizedGetter(name);
    // (--no-lazy-feedback-allocation: the getters have feedback from their first call,
    // which TurboFan needs to lower the inlined getter's call of the reader.)
    assert.equal(site(view, offset), value, `${name} cold`);
    %OptimizeFunctionOnNextCall(site);
    const before = binding.generalCallCount();
    assert.equal(site(view, offset), value, `${name} optimized`);
    const general = binding.generalCallCount() - before;
    const expectFast = fastPath && !(wide && v8Major < 12);
    assert.equal(general, expectFast ? 0 : 1, `${name}: general-path entries`);
  }
  const site = optimizedGetter('getPointer');
  assert.equal(UnsafePointer.value(site(view, 32)), 0x1234n);
  %OptimizeFunctionOnNextCall(site);
  const before = binding.generalCallCount();
  assert.equal(UnsafePointer.value(site(view, 32)), 0x1234n);
  assert.equal(site(new UnsafePointerView(base), 48), null);  // zero bytes: a null pointer
  assert.equal(binding.generalCallCount() - before, fastPath ? 0 : 2);
  assert.equal(bytes[1], 254);
});

test('bad pointers and offsets: the same TypeError cold and optimized', () => {
  const cases = [
    [new UnsafePointerView(null), 0, 'UnsafePointerView: expects a non-null pointer object, got null'],
    [new UnsafePointerView(5), 0, 'UnsafePointerView: expects a non-null pointer object, got 5'],
    [new UnsafePointerView(base), 1.5, 'UnsafePointerView: offset expects an integral number, got 1.5'],
    [new UnsafePointerView(base), '1', 'UnsafePointerView: offset expects an integral number, got a string'],
    [new UnsafePointerView(base), 2 ** 53, 'UnsafePointerView: offset expects an integral number, got 9007199254740992'],
    [new UnsafePointerView(base), 1n, 'UnsafePointerView: offset expects an integral number, got 1n'],
    [new UnsafePointerView(base), NaN, 'UnsafePointerView: offset expects an integral number, got NaN'],
    // Not a pointer object at all: the bound reader's own argument check.
    [new UnsafePointerView({}), 0, argMessage('UnsafePointerView', 0, 'pointer', 'an object')],
  ];
  for (const name of ['getUint8', 'getFloat64', 'getBigInt64', 'getPointer']) {
    const site = optimizedGetter(name);
    site(new UnsafePointerView(base), 0);
    %OptimizeFunctionOnNextCall(site);
    for (const [view, offset, message] of cases) {
      assert.throws(() => site(view, offset), { name: 'TypeError', message }, `${name} ${message}`);
      assert.throws(() => view[name](offset), { name: 'TypeError', message }, `${name} cold ${message}`);
    }
  }
  assert.equal(bytes[1], 254);
});
