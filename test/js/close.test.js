'use strict';
// close(): every symbol throws `Error` "<key>: library is closed"; close() twice is a no-op;
// Symbol.dispose closes; libraries are independent; dlopen(null) and dlopen(URL).
const test = require('node:test');
const assert = require('node:assert/strict');
const { pathToFileURL } = require('url');
const { dlopen } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { pick } = require('../support/defs.js');
const { throwsExact } = require('../support/assert.js');

const closed = (key) => `${key}: library is closed`;

test('after close() every symbol throws Error "<key>: library is closed"', () => {
  const lib = dlopen(fixturePath, {
    ...pick('add_i32', 'nop', 'identity_u64', 'mixed_20', 'return_null_ptr', 'add_f64'),
    renamed: { name: 'add_i32', parameters: ['i32', 'i32'], result: 'i32' },
  });
  const s = lib.symbols;
  assert.equal(s.add_i32(1, 2), 3);
  assert.equal(lib.close(), undefined);
  throwsExact(() => s.add_i32(1, 2), Error, closed('add_i32'));
  throwsExact(() => s.nop(), Error, closed('nop'));
  throwsExact(() => s.identity_u64(1n), Error, closed('identity_u64'));
  throwsExact(() => s.mixed_20(...Array(20).fill(0)), Error, closed('mixed_20'));
  throwsExact(() => s.return_null_ptr(), Error, closed('return_null_ptr'));
  throwsExact(() => s.add_f64(1, 2), Error, closed('add_f64'));
  throwsExact(() => s.renamed(1, 2), Error, closed('renamed'));
  // Closed wins over argument checks: the call can never reach the unloaded code.
  throwsExact(() => s.add_i32(), Error, closed('add_i32'));
  throwsExact(() => s.add_i32('x', 1), Error, closed('add_i32'));
  // And keeps throwing.
  for (let i = 0; i < 10; i++) throwsExact(() => s.add_i32(i, i), Error, closed('add_i32'));
});

test('close() twice is a no-op', () => {
  const lib = dlopen(fixturePath, pick('add_i32'));
  assert.equal(lib.close(), undefined);
  assert.equal(lib.close(), undefined);
  throwsExact(() => lib.symbols.add_i32(1, 2), Error, closed('add_i32'));
});

test('Symbol.dispose closes', () => {
  assert.equal(typeof Symbol.dispose, 'symbol');
  const lib = dlopen(fixturePath, pick('add_i32'));
  assert.equal(typeof lib[Symbol.dispose], 'function');
  assert.equal(lib.symbols.add_i32(2, 2), 4);
  assert.equal(lib[Symbol.dispose](), undefined);
  throwsExact(() => lib.symbols.add_i32(1, 2), Error, closed('add_i32'));
  lib[Symbol.dispose]();
  lib.close();
});

test('`using` closes at the end of the block where the syntax exists', () => {
  let supported = true;
  try {
    new Function('{ using x = null; }');
  } catch {
    supported = false;
  }
  // V8 ships explicit resource management from 13.x (Node 24); Node 20/22 lack the syntax.
  const major = Number(process.versions.node.split('.')[0]);
  if (major <= 22) {
    assert.equal(supported, false);
    return;
  }
  assert.equal(supported, true);
  const run = new Function('dlopen', 'path', 'defs', `
    let syms;
    { using lib = dlopen(path, defs); syms = lib.symbols; if (syms.add_i32(1, 1) !== 2) throw new Error('call'); }
    return syms;`);
  const syms = run(dlopen, fixturePath, pick('add_i32'));
  throwsExact(() => syms.add_i32(1, 2), Error, closed('add_i32'));
});

test('closing one handle leaves other handles to the same library working', () => {
  const a = dlopen(fixturePath, pick('add_i32'));
  const b = dlopen(fixturePath, pick('add_i32'));
  a.close();
  throwsExact(() => a.symbols.add_i32(1, 2), Error, closed('add_i32'));
  assert.equal(b.symbols.add_i32(1, 2), 3);
  b.close();
  const c = dlopen(fixturePath, pick('add_i32'));
  assert.equal(c.symbols.add_i32(5, 6), 11);
  c.close();
});

test('symbols detached from their library object still see close()', () => {
  const lib = dlopen(fixturePath, pick('add_i32'));
  const { add_i32 } = lib.symbols;
  const bound = add_i32.bind(null);
  assert.equal(bound(1, 1), 2);
  lib.close();
  throwsExact(() => add_i32(1, 2), Error, closed('add_i32'));
  throwsExact(() => bound(1, 2), Error, closed('add_i32'));
});

test('dlopen(null) opens the running process', () => {
  const lib = dlopen(null, {
    getpid: { parameters: [], result: 'i32' },
    strlen: { parameters: ['buffer'], result: 'usize' },
  });
  try {
    assert.equal(lib.symbols.getpid(), process.pid);
    assert.equal(lib.symbols.strlen(Buffer.from('zerocall\0')), 8n);
  } finally {
    lib.close();
  }
  throwsExact(() => lib.symbols.getpid(), Error, closed('getpid'));
  throwsExact(() => dlopen(null, { no_such_symbol_zc: { parameters: [], result: 'void' } }), Error,
    // glibc names the main program by its argv[0].
    /^Failed to register symbol no_such_symbol_zc: Could not obtain symbol from the library: .+: undefined symbol: no_such_symbol_zc$/);
});

test('dlopen(URL) opens a file: URL', () => {
  const url = pathToFileURL(fixturePath);
  assert.ok(url instanceof URL);
  const lib = dlopen(url, pick('add_i32'));
  assert.equal(lib.symbols.add_i32(40, 2), 42);
  lib.close();
  const lib2 = dlopen(new URL(`file://${fixturePath}`), pick('answer'));
  assert.equal(lib2.symbols.answer(), 42);
  lib2.close();
  throwsExact(() => dlopen(url, { no_such_symbol_zc: { parameters: [], result: 'void' } }), Error,
    'Failed to register symbol no_such_symbol_zc: Could not obtain symbol from the library: ' +
    `${fixturePath}: undefined symbol: no_such_symbol_zc`);
});

test('bad path arguments are TypeErrors', () => {
  throwsExact(() => dlopen(5, {}), TypeError, /^dlopen: path /);
  throwsExact(() => dlopen(undefined, {}), TypeError, /^dlopen: path /);
  throwsExact(() => dlopen(new URL('https://example.com/lib.so'), {}), TypeError, /^dlopen: path /);
});
