'use strict';
// dlopen's definitions: every invalid definition is a TypeError naming the key and the
// position; unknown keys are rejected; `name` binds another C symbol; `optional` gives null;
// a missing symbol or an unloadable path is an Error naming what is missing.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { dlopen } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { throwsExact, throwsArg, escapeRegExp } = require('../support/assert.js');

const bad = (def, key = 'f') => () => dlopen(fixturePath, { [key]: def });
const invalid = (key, what) => `Invalid definition of '${key}': ${what}`;

test('unknown parameter and result types', () => {
  throwsExact(bad({ parameters: ['i32', 'i33'], result: 'i32' }, 'add'), TypeError,
    invalid('add', 'parameters[1] is "i33", not a known type'));
  throwsExact(bad({ parameters: ['i33'], result: 'i32' }), TypeError,
    invalid('f', 'parameters[0] is "i33", not a known type'));
  throwsExact(bad({ parameters: [], result: 'buffer2' }, 'k'), TypeError,
    invalid('k', 'result is "buffer2", not a known type'));
  throwsExact(bad({ parameters: ['I32'], result: 'void' }), TypeError,
    invalid('f', 'parameters[0] is "I32", not a known type'));
  throwsExact(bad({ parameters: ['u8', 'u8', ''], result: 'void' }), TypeError,
    invalid('f', 'parameters[2] is "", not a known type'));
  throwsExact(bad({ parameters: ['i32', 5], result: 'i32' }), TypeError, /^Invalid definition of 'f': parameters\[1\] /);
  throwsExact(bad({ parameters: [null], result: 'i32' }), TypeError, /^Invalid definition of 'f': parameters\[0\] /);
  throwsExact(bad({ parameters: [], result: 7 }), TypeError, /^Invalid definition of 'f': result /);
  throwsExact(bad({ parameters: [], result: null }), TypeError, /^Invalid definition of 'f': result /);
});

test('void is only a result', () => {
  throwsExact(bad({ parameters: ['void'], result: 'i32' }), TypeError,
    invalid('f', '"void" is only valid as a result (parameters[0])'));
  throwsExact(bad({ parameters: ['i32', 'void'], result: 'void' }, 'g'), TypeError,
    invalid('g', '"void" is only valid as a result (parameters[1])'));
});

test('unknown keys are rejected', () => {
  throwsExact(bad({ paramters: [], result: 'i32' }), TypeError, invalid('f', 'unknown key "paramters"'));
  throwsExact(bad({ parameters: [], result: 'i32', nonBlocking: false }), TypeError,
    invalid('f', 'unknown key "nonBlocking"'));
  throwsExact(bad({ parameters: [], result: 'i32', results: 'i32' }), TypeError, invalid('f', 'unknown key "results"'));
});

test('messages given verbatim in docs/errors.md', () => {
  throwsExact(bad({ parameters: 'i32', result: 'i32' }), TypeError, invalid('f', 'parameters must be an array, got "i32"'));
  throwsExact(bad({ parameters: [], result: 'i32', callback: 1 }), TypeError, invalid('f', 'callback must be a boolean, got 1'));
  throwsExact(bad({ parameters: [] }), TypeError, invalid('f', 'result is missing'));
});

test('a wrong value at fault ends the message with ", got <value>"', () => {
  throwsExact(bad({ parameters: { 0: 'i32', length: 1 }, result: 'i32' }), TypeError,
    invalid('f', 'parameters must be an array, got an object'));
  throwsExact(bad({ result: 'i32' }), TypeError, invalid('f', 'parameters must be an array, got undefined'));
  throwsExact(bad({ parameters: null, result: 'i32' }), TypeError, invalid('f', 'parameters must be an array, got null'));
  throwsExact(bad({ parameters: [], result: 'i32', nonblocking: 1 }), TypeError,
    invalid('f', 'nonblocking must be a boolean, got 1'));
  throwsExact(bad({ parameters: [], result: 'i32', optional: 'yes' }), TypeError,
    invalid('f', 'optional must be a boolean, got "yes"'));
  throwsExact(bad({ parameters: [], result: 'i32', callback: null }), TypeError,
    invalid('f', 'callback must be a boolean, got null'));
  throwsExact(bad({ parameters: [], result: 'i32', optional: 0n }), TypeError,
    invalid('f', 'optional must be a boolean, got 0n'));
  throwsExact(bad({ parameters: [], result: 'i32', name: 42 }), TypeError, /^Invalid definition of 'f': name .*, got 42$/);
  throwsExact(bad({ parameters: [], result: 'i32', name: {} }), TypeError, /^Invalid definition of 'f': name .*, got an object$/);
});

test('a definition that is not an object', () => {
  throwsExact(bad(5), TypeError, /^Invalid definition of 'f': /);
  throwsExact(bad(null), TypeError, /^Invalid definition of 'f': /);
  throwsExact(bad('i32'), TypeError, /^Invalid definition of 'f': /);
  throwsExact(bad(undefined), TypeError, /^Invalid definition of 'f': /);
});

test('the bad key is the one named, among good ones', () => {
  throwsExact(() => dlopen(fixturePath, {
    add_i32: { parameters: ['i32', 'i32'], result: 'i32' },
    broken: { parameters: ['i32', 'f65'], result: 'i32' },
  }), TypeError, invalid('broken', 'parameters[1] is "f65", not a known type'));
});

test('the symbols argument must be an object', () => {
  throwsExact(() => dlopen(fixturePath, 5), TypeError, 'dlopen: symbols must be an object, got 5');
  throwsExact(() => dlopen(fixturePath), TypeError, 'dlopen: symbols must be an object, got undefined');
  throwsExact(() => dlopen(fixturePath, null), TypeError, 'dlopen: symbols must be an object, got null');
  throwsExact(() => dlopen(fixturePath, 'add_i32'), TypeError, 'dlopen: symbols must be an object, got a string');
  throwsExact(() => dlopen(fixturePath, true), TypeError, 'dlopen: symbols must be an object, got true');
});

test('every NativeType name is accepted', () => {
  const types = ['bool', 'u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'usize', 'isize', 'f32', 'f64',
    'pointer', 'buffer', 'function'];
  const defs = {};
  for (const t of types) defs[`p_${t}`] = { name: 'nop', parameters: [t], result: 'void' };
  for (const t of [...types, 'void']) defs[`r_${t}`] = { name: 'nop', parameters: [], result: t };
  const lib = dlopen(fixturePath, defs);
  try {
    assert.deepEqual(Object.keys(lib.symbols).sort(), Object.keys(defs).sort());
    for (const k of Object.keys(defs)) assert.equal(typeof lib.symbols[k], 'function', k);
  } finally {
    lib.close();
  }
});

test('all optional flags set to false and callback: true are valid', () => {
  const lib = dlopen(fixturePath, {
    add_i32: { parameters: ['i32', 'i32'], result: 'i32', optional: false, nonblocking: false, callback: false },
    add2: { name: 'add_i32', parameters: ['i32', 'i32'], result: 'i32', callback: true },
  });
  try {
    assert.equal(lib.symbols.add_i32(1, 2), 3);
    assert.equal(lib.symbols.add2(3, 4), 7);
  } finally {
    lib.close();
  }
});

test('`name` binds another C symbol under the key; messages use the key', () => {
  const lib = dlopen(fixturePath, {
    plus: { name: 'add_i32', parameters: ['i32', 'i32'], result: 'i32' },
    add_i32: { name: 'sub_i32', parameters: ['i32', 'i32'], result: 'i32' },
  });
  try {
    assert.equal(lib.symbols.plus(2, 3), 5);
    assert.equal(lib.symbols.add_i32(2, 3), -1);
    throwsArg(() => lib.symbols.plus('x', 1), 'plus', 0, 'i32', 'a string');
  } finally {
    lib.close();
  }
});

test('`optional: true` gives null for a missing symbol and the function otherwise', () => {
  const lib = dlopen(fixturePath, {
    missing: { name: 'no_such_function_zc', parameters: [], result: 'void', optional: true },
    no_such_function_zc2: { parameters: ['i32'], result: 'i32', optional: true },
    present: { name: 'add_i32', parameters: ['i32', 'i32'], result: 'i32', optional: true },
  });
  try {
    assert.equal(lib.symbols.missing, null);
    assert.equal(lib.symbols.no_such_function_zc2, null);
    assert.equal(lib.symbols.present(20, 22), 42);
    assert.deepEqual(Object.keys(lib.symbols).sort(), ['missing', 'no_such_function_zc2', 'present']);
  } finally {
    lib.close();
  }
});

// Deno's texts: "Failed to register symbol <C name>: " and its loader error's
// words, then the loader's (glibc's) own text; zerocall adds the key when it
// is not the C name.
test('a missing symbol is an Error: Deno\'s words, then the loader\'s text', () => {
  throwsExact(() => dlopen(fixturePath, { no_such_function_zc: { parameters: [], result: 'void' } }), Error,
    'Failed to register symbol no_such_function_zc: Could not obtain symbol from the library: ' +
    `${fixturePath}: undefined symbol: no_such_function_zc`);
  throwsExact(() => dlopen(fixturePath, {
    ok: { name: 'add_i32', parameters: ['i32', 'i32'], result: 'i32' },
    key: { name: 'c_name_missing_zc', parameters: [], result: 'void' },
  }), Error, 'Failed to register symbol c_name_missing_zc: Could not obtain symbol from the library: ' +
    `${fixturePath}: undefined symbol: c_name_missing_zc (symbols key 'key')`);
});

test('a path that cannot be loaded is an Error with Deno\'s words and the loader\'s text', () => {
  throwsExact(() => dlopen('/nonexistent/libnope_zc.so', {}), Error,
    'Could not open library: Could not open library: /nonexistent/libnope_zc.so: ' +
    'cannot open shared object file: No such file or directory');
  const notElf = path.resolve(__dirname, '..', 'fixture', 'fixture.c');
  assert.ok(fs.existsSync(notElf));
  throwsExact(() => dlopen(notElf, {}), Error,
    new RegExp(`^Could not open library: Could not open library: ${escapeRegExp(notElf)}: .+`));
  throwsExact(() => dlopen(new URL('file:///nonexistent/libnope_url_zc.so'), {}), Error,
    'Could not open library: Could not open library: /nonexistent/libnope_url_zc.so: ' +
    'cannot open shared object file: No such file or directory');
});

test('an empty symbols object opens and closes', () => {
  const lib = dlopen(fixturePath, {});
  assert.deepEqual(Object.keys(lib.symbols), []);
  assert.equal(lib.close(), undefined);
});

test('definitions are validated before anything is bound', () => {
  // A bad definition after a missing symbol: the TypeError wins (Deno checks definitions first).
  throwsExact(() => dlopen(fixturePath, {
    missing: { name: 'no_such_function_zc', parameters: [], result: 'void' },
    later: { parameters: ['nope'], result: 'void' },
  }), TypeError, invalid('later', 'parameters[0] is "nope", not a known type'));
});

test('the definition object is not modified', () => {
  const def = { add_i32: { parameters: ['i32', 'i32'], result: 'i32' } };
  const copy = JSON.parse(JSON.stringify(def));
  const lib = dlopen(fixturePath, def);
  lib.close();
  assert.deepEqual(def, copy);
});

test('symbols of one signature share its parsing, each bound to its own C symbol', () => {
  // lib/internal/definition.js parseShared: one parsed definition per signature in a dlopen.
  const I32x2 = ['i32', 'i32'];
  const lib = dlopen(fixturePath, {
    add_i32: { parameters: I32x2, result: 'i32' },
    sub_i32: { result: 'i32', parameters: ['i32', 'i32'] },
    renamed: { name: 'add_i32', parameters: I32x2, result: 'i32' },
    add_f64: { parameters: ['f64', 'f64'], result: 'f64' },
  });
  assert.equal(lib.symbols.add_i32(5, 3), 8);
  assert.equal(lib.symbols.sub_i32(5, 3), 2);
  assert.equal(lib.symbols.renamed(5, 3), 8);
  assert.equal(lib.symbols.add_f64(0.5, 0.25), 0.75);
  lib.close();
  // A later dlopen reads the definitions again: a changed one binds as it now says.
  const defs = { add_i32: { parameters: ['i32', 'i32'], result: 'i32' } };
  dlopen(fixturePath, defs).close();
  defs.add_i32.parameters[1] = 'nope';
  throwsExact(() => dlopen(fixturePath, defs), TypeError, invalid('add_i32', 'parameters[1] is "nope", not a known type'));
});
