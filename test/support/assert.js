'use strict';
// Exact-error assertions shared by the tests (messages from docs/errors.md).
const assert = require('node:assert/strict');

// `<accepted values>` per type, docs/errors.md.
const ACCEPTED = {
  bool: 'a boolean',
  i8: 'a number in the int32 range',
  i16: 'a number in the int32 range',
  i32: 'a number in the int32 range',
  u8: 'a number in the uint32 range',
  u16: 'a number in the uint32 range',
  u32: 'a number in the uint32 range',
  i64: 'a bigint or an integral number',
  u64: 'a bigint or an integral number',
  isize: 'a bigint or an integral number',
  usize: 'a bigint or an integral number',
  f32: 'a number',
  f64: 'a number',
  pointer: 'a pointer object or null',
  function: 'a pointer object or null',
  buffer: 'a TypedArray, DataView, ArrayBuffer or null',
};

// The exact bad-argument message: `<key>: parameter <index> expects <type> (<accepted>), got <value>`.
function argMessage(key, index, type, got) {
  if (!(type in ACCEPTED)) throw new Error(`argMessage: unknown type ${type}`);
  return `${key}: parameter ${index} expects ${type} (${ACCEPTED[type]}), got ${got}`;
}

// Asserts that fn throws an error whose class is exactly Class (not a subclass, not another
// realm's look-alike) and whose message equals `message` (a string) or matches it (a RegExp).
function throwsExact(fn, Class, message) {
  let threw = false;
  try {
    fn();
  } catch (err) {
    threw = true;
    assert.ok(err instanceof Class, `expected a ${Class.name}, got ${err && err.constructor && err.constructor.name}: ${err && err.message}`);
    assert.equal(Object.getPrototypeOf(err), Class.prototype, `expected exactly ${Class.name}, got ${err.constructor.name}`);
    assert.equal(err.name, Class.name);
    if (message instanceof RegExp) assert.match(err.message, message);
    else assert.equal(err.message, message);
  }
  assert.ok(threw, `expected ${Class.name}: ${message} but nothing was thrown`);
}

function throwsArg(fn, key, index, type, got) {
  throwsExact(fn, TypeError, argMessage(key, index, type, got));
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

module.exports = { ACCEPTED, argMessage, throwsExact, throwsArg, escapeRegExp };
