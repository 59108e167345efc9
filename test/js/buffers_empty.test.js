// flags: --allow-natives-syntax
'use strict';
// Zero-length buffers pass exactly what Deno passes, cold and optimized, on every V8:
// a buffer without memory (`new Uint8Array()`, `new Uint8Array(0)`, `new ArrayBuffer(0)`)
// passes NULL; a zero-length view into real memory passes its address; a zero-length
// ArrayBuffer over foreign memory (`UnsafePointerView.getArrayBuffer(p, 0)`) passes p.
// `UnsafePointer.of` gives the same address. On V8 11-12 an optimized call given an
// empty Uint8Array leaves the fast path once (V8 would pass a heap address), so the
// general path decides; on V8 13+ the stub's resolver decides, without leaving it.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer, UnsafePointerView } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { fastOff } = require('../support/fast_off.js');
const { optimizedSite } = require('../support/optimize.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
const lib = dlopen(fixturePath, {
  // (buffer) -> pointer: fast on every V8 and CPU with a fast path.
  address_of: { name: 'identity_ptr', parameters: ['buffer'], result: 'pointer' },
});
test.after(() => lib.close());
const addressOf = lib.symbols.address_of;
const value = (p) => (p === null ? null : UnsafePointer.value(p));

const real = new Uint8Array(16);
const base = UnsafePointer.value(UnsafePointer.of(real));  // (also moves `real` off the V8 heap)
const foreign = UnsafePointer.create(base + 4n);
const foreignAddress = base + 4n;

// [what, make a fresh value, the address C gets (null = NULL), is it a Uint8Array]
const CASES = [
  ['new Uint8Array()', () => new Uint8Array(), null, true],
  ['new Uint8Array(0)', () => new Uint8Array(0), null, true],
  ['new ArrayBuffer(0)', () => new ArrayBuffer(0), null, false],
  ['new DataView(new ArrayBuffer(0))', () => new DataView(new ArrayBuffer(0)), null, false],
  ['new Int32Array(0)', () => new Int32Array(0), null, false],
  ['a zero-length view at offset 4', () => new Uint8Array(real.buffer, 4, 0), base + 4n, true],
  ['a zero-length view at the end', () => real.subarray(16), base + 16n, true],
  ['a zero-length DataView at offset 8', () => new DataView(real.buffer, 8, 0), base + 8n, false],
  ['getArrayBuffer(p, 0)', () => UnsafePointerView.getArrayBuffer(foreign, 0), foreignAddress, false],
  ['a Uint8Array over getArrayBuffer(p, 0)', () => new Uint8Array(UnsafePointerView.getArrayBuffer(foreign, 0)),
    foreignAddress, true],
  ['a zero-length view at the end of getArrayBuffer(p, 8)',
    () => new Uint8Array(UnsafePointerView.getArrayBuffer(foreign, 8), 8), foreignAddress + 8n, true],
];

// General-path entries of the optimized call: none where the stub resolves any buffer
// (V8 13+); on V8 11-12 one (an empty Uint8Array falls back, other views are the slow
// callback's anyway); one everywhere without a fast path.
function expectedEntries() {
  if (fastOff) return 1;
  return v8Major >= 13 ? 0 : 1;
}

test('each zero-length buffer passes Deno\'s address, cold', () => {
  for (const [what, make, expected] of CASES) {
    assert.equal(value(addressOf(make())), expected, what);
  }
});

test('each zero-length buffer passes Deno\'s address from optimized code', () => {
  for (const [what, make, expected] of CASES) {
    const run = optimizedSite(addressOf, [real]);
    const trained = run(real);
    assert.deepEqual([value(trained.value), trained.general], [base, fastOff ? 1 : 0], `${what}: the trained call`);
    const { value: got, error, general } = run(make());
    assert.equal(error, undefined, what);
    assert.equal(value(got), expected, what);
    assert.equal(general, expectedEntries(), `${what}: general-path entries`);
  }
});

test('an optimized call given a non-empty Uint8Array stays on the fast path', () => {
  const run = optimizedSite(addressOf, [real]);
  const one = real.subarray(15);
  const { value: got, general } = run(one);
  assert.equal(value(got), base + 15n);
  assert.equal(general, fastOff ? 1 : 0);
});

test('UnsafePointer.of gives the same address as passing the buffer', () => {
  for (const [what, make, expected] of CASES) {
    assert.equal(value(UnsafePointer.of(make())), expected, what);
  }
});
