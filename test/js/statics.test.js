'use strict';
// ForeignStatic `{ type }`: numeric types give the variable's value (bigint for 64-bit),
// `pointer` gives a pointer object to the variable itself (Deno: the static's address).
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer, UnsafePointerView } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { pick } = require('../support/defs.js');
const { throwsExact } = require('../support/assert.js');

const statics = {
  static_i8: { type: 'i8' },
  static_u8: { type: 'u8' },
  static_i16: { type: 'i16' },
  static_u16: { type: 'u16' },
  static_i32: { type: 'i32' },
  static_u32: { type: 'u32' },
  static_i64: { type: 'i64' },
  static_u64: { type: 'u64' },
  static_isize: { type: 'isize' },
  static_usize: { type: 'usize' },
  static_f32: { type: 'f32' },
  static_f64: { type: 'f64' },
  static_bool: { type: 'bool' },
  static_ptr: { type: 'pointer' },
  static_buffer: { type: 'pointer' },
};

const lib = dlopen(fixturePath, {
  ...statics,
  ...pick('get_static_ptr_addr', 'get_static_buffer', 'get_static_i32_addr', 'bump_static_counter', 'add_i32'),
});
const s = lib.symbols;
test.after(() => lib.close());

test('numeric statics give their values', () => {
  assert.equal(s.static_i8, -8);
  assert.equal(s.static_u8, 250);
  assert.equal(s.static_i16, -1616);
  assert.equal(s.static_u16, 65000);
  assert.equal(s.static_i32, -123456);
  assert.equal(s.static_u32, 4000000000);
  assert.equal(s.static_f32, Math.fround(0.1));
  assert.equal(s.static_f64, 3.141592653589793);
  assert.equal(s.static_bool, true);
});

test('64-bit statics are bigints', () => {
  assert.equal(s.static_i64, -9007199254740993n);
  assert.equal(s.static_u64, 18446744073709551615n);
  assert.equal(s.static_isize, -42n);
  assert.equal(s.static_usize, 0x123456789abcn);
});

test('a pointer static is a pointer object to the variable itself', () => {
  assert.equal(typeof s.static_ptr, 'object');
  assert.ok(UnsafePointer.equals(s.static_ptr, s.get_static_ptr_addr()));
  // Reading through it gives the variable's value: the address of static_buffer.
  assert.ok(UnsafePointer.equals(new UnsafePointerView(s.static_ptr).getPointer(), s.get_static_buffer()));
  // static_buffer is an array: its address is the array's first byte.
  assert.ok(UnsafePointer.equals(s.static_buffer, s.get_static_buffer()));
  assert.deepEqual([...new Uint8Array(UnsafePointerView.getArrayBuffer(s.static_buffer, 4, 12))], [12, 13, 14, 15]);
});

test('the same variable read two ways agrees', () => {
  const lib2 = dlopen(fixturePath, { addr: { name: 'static_i32', type: 'pointer' } });
  try {
    assert.ok(UnsafePointer.equals(lib2.symbols.addr, s.get_static_i32_addr()));
    assert.equal(new UnsafePointerView(lib2.symbols.addr).getInt32(), -123456);
  } finally {
    lib2.close();
  }
});

test('`name` binds a static under another key', () => {
  const lib2 = dlopen(fixturePath, {
    answer: { name: 'static_i32', type: 'i32' },
    big: { name: 'static_u64', type: 'u64' },
  });
  try {
    assert.equal(lib2.symbols.answer, -123456);
    assert.equal(lib2.symbols.big, 18446744073709551615n);
  } finally {
    lib2.close();
  }
});

test('statics are read once, when the library is opened (Deno)', () => {
  const before = dlopen(fixturePath, { static_counter: { type: 'i32' } });
  const n = before.symbols.static_counter;
  assert.equal(s.bump_static_counter(), n + 1);
  assert.equal(before.symbols.static_counter, n);
  const after = dlopen(fixturePath, { static_counter: { type: 'i32' } });
  assert.equal(after.symbols.static_counter, n + 1);
  before.close();
  after.close();
});

test('optional statics: null when missing, the value when present', () => {
  const lib2 = dlopen(fixturePath, {
    missing: { name: 'no_such_static_zc', type: 'i32', optional: true },
    present: { name: 'static_i16', type: 'i16', optional: true },
    off: { name: 'static_u8', type: 'u8', optional: false },
  });
  try {
    assert.equal(lib2.symbols.missing, null);
    assert.equal(lib2.symbols.present, -1616);
    assert.equal(lib2.symbols.off, 250);
  } finally {
    lib2.close();
  }
});

test('a missing static is an Error: Deno\'s words, the loader\'s text, the key', () => {
  throwsExact(() => dlopen(fixturePath, { nope: { name: 'no_such_static_zc', type: 'i32' } }), Error,
    'Failed to register symbol no_such_static_zc: Could not obtain symbol from the library: ' +
    `${fixturePath}: undefined symbol: no_such_static_zc (symbols key 'nope')`);
});

test('invalid static definitions', () => {
  throwsExact(() => dlopen(fixturePath, { v: { type: 'i33' } }), TypeError,
    /^Invalid definition of 'v': type is "i33", not a known type$/);
  throwsExact(() => dlopen(fixturePath, { static_i32: { type: 'void' } }), TypeError,
    /^Invalid definition of 'static_i32': .*"void".*type/);
  throwsExact(() => dlopen(fixturePath, { static_i32: { type: 'i32', optinal: true } }), TypeError,
    "Invalid definition of 'static_i32': unknown key \"optinal\"");
  throwsExact(() => dlopen(fixturePath, { static_i32: { type: 'i32', optional: 'yes' } }), TypeError,
    "Invalid definition of 'static_i32': optional must be a boolean, got \"yes\"");
  throwsExact(() => dlopen(fixturePath, { static_i32: { type: 'i32', name: 5 } }), TypeError,
    /^Invalid definition of 'static_i32': name .*, got 5$/);
});
