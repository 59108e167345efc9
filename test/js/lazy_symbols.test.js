// flags: --allow-natives-syntax
'use strict';
// Function symbols are found and checked at dlopen and made on their first read
// (lib/library.js): what a caller can observe of that, and that a symbol made late is the
// same fast function as one made at once.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, callPath } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { throwsExact } = require('../support/assert.js');
const { optimizedSite } = require('../support/optimize.js');

const I32 = { parameters: ['i32', 'i32'], result: 'i32' };
const defs = () => ({ add_i32: I32, nop: { parameters: [], result: 'void' }, static_i32: { type: 'i32' } });

test('a function symbol is an enumerable accessor until read, then a data property', () => {
  const lib = dlopen(fixturePath, defs());
  assert.deepEqual(Object.keys(lib.symbols), ['add_i32', 'nop', 'static_i32']);
  const before = Object.getOwnPropertyDescriptor(lib.symbols, 'add_i32');
  assert.equal(typeof before.get, 'function');
  assert.equal(before.enumerable, true);
  assert.equal(before.configurable, true);
  assert.equal(Object.getOwnPropertyDescriptor(lib.symbols, 'static_i32').value, -123456);
  const add = lib.symbols.add_i32;
  assert.equal(add(20, 22), 42);
  assert.equal(add.name, 'add_i32');
  assert.deepEqual(Object.getOwnPropertyDescriptor(lib.symbols, 'add_i32'),
    { value: add, writable: true, enumerable: true, configurable: true });
  assert.equal(lib.symbols.add_i32, add);
  assert.equal(callPath(add), 'fast');
  lib.close();
});

test('an assignment before the first read replaces the symbol', () => {
  const lib = dlopen(fixturePath, defs());
  lib.symbols.nop = 7;
  assert.deepEqual(Object.getOwnPropertyDescriptor(lib.symbols, 'nop'),
    { value: 7, writable: true, enumerable: true, configurable: true });
  lib.close();
});

test('a frozen symbols object still answers one function per symbol', () => {
  const lib = dlopen(fixturePath, defs());
  Object.freeze(lib.symbols);
  const add = lib.symbols.add_i32;
  assert.equal(add(1, 2), 3);
  assert.equal(lib.symbols.add_i32, add);
  lib.close();
});

test('a symbol first read after close() throws as a closed one does', () => {
  const lib = dlopen(fixturePath, defs());
  const early = lib.symbols.add_i32;
  lib.close();
  throwsExact(() => early(1, 2), Error, 'add_i32: library is closed');
  const late = lib.symbols.nop;
  assert.equal(late.name, 'nop');
  throwsExact(() => late(), Error, 'nop: library is closed');
});

test('a symbol made on first read takes the fast path when optimized', () => {
  const lib = dlopen(fixturePath, defs());
  const run = optimizedSite(lib.symbols.add_i32, [1, 2]);
  assert.deepEqual(run(40, 2), { value: 42, error: undefined, general: 0 });
  lib.close();
});

test('a missing symbol is still an error of dlopen, before any read', () => {
  throwsExact(() => dlopen(fixturePath, { no_such_symbol_here: I32 }), Error,
    `Failed to register symbol no_such_symbol_here: Could not obtain symbol from the library: ${fixturePath}: undefined symbol: no_such_symbol_here`);
});
