// flags: --allow-natives-syntax
'use strict';
// UnsafePointer.offset refuses null as Deno does (there is no pointer arithmetic from
// NULL: UnsafePointer.create makes a pointer from an address), cold and from
// optimized code; UnsafePointer.create names what it accepts.
const test = require('node:test');
const assert = require('node:assert/strict');
const { UnsafePointer } = require('zerocall');
const { throwsExact } = require('../support/assert.js');
const { optimizedSite } = require('../support/optimize.js');

const OFFSET_NULL = 'Invalid pointer to offset, pointer is null (use UnsafePointer.create(address))';
const offset = (p, n) => UnsafePointer.offset(p, n);

function assertOffsetNullError(error) {
  assert.ok(error, 'expected a TypeError');
  assert.equal(Object.getPrototypeOf(error), TypeError.prototype);
  assert.equal(error.message, OFFSET_NULL);
}

test('UnsafePointer.offset(null, n) is a TypeError, cold', () => {
  for (const n of [0, 1, -1, 16n, 2 ** 40]) {
    throwsExact(() => UnsafePointer.offset(null, n), TypeError, OFFSET_NULL);
  }
});

test('UnsafePointer.offset(null, n) is a TypeError from optimized code', () => {
  const p = UnsafePointer.create(0x1000n);
  const run = optimizedSite(offset, [p, 16]);
  const fine = run(p, 16);
  assert.equal(fine.error, undefined);
  assert.equal(UnsafePointer.value(fine.value), 0x1010n);
  for (const n of [0, 8, 8n]) assertOffsetNullError(run(null, n).error);
  // A pointer again afterwards: the site still works.
  assert.equal(UnsafePointer.value(run(p, -16).value), 0xff0n);
});

test('UnsafePointer.offset refuses what is not a pointer object', () => {
  throwsExact(() => UnsafePointer.offset(5, 1), TypeError, 'UnsafePointer.offset: expects a pointer object, got 5');
  throwsExact(() => UnsafePointer.offset(undefined, 1), TypeError,
    'UnsafePointer.offset: expects a pointer object, got undefined');
  throwsExact(() => UnsafePointer.offset({}, 1), TypeError,
    'UnsafePointer.offset: expects a pointer object, got an object');
});

test('UnsafePointer.create takes a bigint or a non-negative safe integer, and says so', () => {
  assert.equal(UnsafePointer.value(UnsafePointer.create(4096)), 4096n);
  assert.equal(UnsafePointer.value(UnsafePointer.create(4096n)), 4096n);
  const expects = 'UnsafePointer.create: expects a bigint in [0, 2^64) or a non-negative safe integer, got ';
  throwsExact(() => UnsafePointer.create(-1), TypeError, `${expects}-1`);
  throwsExact(() => UnsafePointer.create(1.5), TypeError, `${expects}1.5`);
  throwsExact(() => UnsafePointer.create(2 ** 53), TypeError, `${expects}9007199254740992`);
  throwsExact(() => UnsafePointer.create('1'), TypeError, `${expects}a string`);
  throwsExact(() => UnsafePointer.create(), TypeError, `${expects}undefined`);
});
