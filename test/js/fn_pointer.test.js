'use strict';
// UnsafeFnPointer: .call, .pointer, .definition, with the same conversions and errors as
// a dlopen symbol.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer, UnsafeFnPointer } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { all } = require('../support/defs.js');
const { throwsExact, ACCEPTED } = require('../support/assert.js');

const lib = dlopen(fixturePath, all());
const s = lib.symbols;
test.after(() => lib.close());

// The key an UnsafeFnPointer uses in its messages is not fixed by docs/errors.md; the rest is.
const fnArgError = (index, type, got) =>
  new RegExp(`^\\S+: parameter ${index} expects ${type} \\(${ACCEPTED[type].replace(/[()]/g, '\\$&')}\\), got ${got.replace(/[.+*?()[\]]/g, '\\$&')}$`);

test('.call, .pointer, .definition', () => {
  const ptr = s.get_add_i32_ptr();
  const def = { parameters: ['i32', 'i32'], result: 'i32' };
  const fp = new UnsafeFnPointer(ptr, def);
  assert.equal(fp.call(2, 3), 5);
  assert.equal(fp.call(2147483647, 1), -2147483648);
  assert.ok(UnsafePointer.equals(fp.pointer, ptr));
  assert.deepEqual(fp.definition, def);
  assert.equal(typeof fp.call, 'function');
});

test('the same conversions as a symbol: 64-bit, floats, void, pointers, bool, narrow args', () => {
  const addU64 = new UnsafeFnPointer(s.get_add_u64_ptr(), { parameters: ['u64', 'u64'], result: 'u64' });
  assert.equal(addU64.call(2n ** 64n - 1n, 2n), 1n);
  assert.equal(addU64.call(2n ** 64n, 5), 5n);
  const mul = new UnsafeFnPointer(s.get_mul_f64_ptr(), { parameters: ['f64', 'f64'], result: 'f64' });
  assert.equal(mul.call(1.5, 0.25), 0.375);
  s.reset_nop_calls();
  const nop = new UnsafeFnPointer(s.get_nop_ptr(), { parameters: [], result: 'void' });
  assert.equal(nop.call(), undefined);
  assert.equal(s.get_nop_calls(), 1);
  const widen = new UnsafeFnPointer(s.get_widen_i8_ptr(), { parameters: ['i8'], result: 'i32' });
  assert.equal(widen.call(255), -1);
  assert.equal(widen.call(-1.5), -1);
  const idp = new UnsafeFnPointer(s.get_identity_ptr_ptr(), { parameters: ['pointer'], result: 'pointer' });
  assert.equal(idp.call(null), null);
  assert.equal(UnsafePointer.value(idp.call(UnsafePointer.create(0x4321n))), 0x4321n);
  const neg = new UnsafeFnPointer(s.get_negate_bool_ptr(), { parameters: ['bool'], result: 'bool' });
  assert.equal(neg.call(true), false);
  // A signature can reinterpret: add_i32 called as (u32, u32) -> u32.
  const addU32 = new UnsafeFnPointer(s.get_add_i32_ptr(), { parameters: ['u32', 'u32'], result: 'u32' });
  assert.equal(addU32.call(4294967295, 2), 1);
});

test('many arguments through a function pointer', () => {
  const fp = new UnsafeFnPointer(s.get_mixed_20_ptr(),
    { parameters: Array.from({ length: 20 }, (_, i) => (i % 2 ? 'f64' : 'i32')), result: 'f64' });
  const args = Array.from({ length: 20 }, (_, k) => (k % 2 ? k + 0.5 : -(k + 1)));
  assert.equal(fp.call(...args), args.reduce((a, v, k) => a + (k + 1) * v, 0));
});

test('a pointer from UnsafePointer.create works too', () => {
  const addr = UnsafePointer.value(s.get_add_i32_ptr());
  const fp = new UnsafeFnPointer(UnsafePointer.create(addr), { parameters: ['i32', 'i32'], result: 'i32' });
  assert.equal(fp.call(-3, -4), -7);
});

test('bad arguments: TypeError with the parameter index and expected type', () => {
  const fp = new UnsafeFnPointer(s.get_add_i32_ptr(), { parameters: ['i32', 'i32'], result: 'i32' });
  throwsExact(() => fp.call('x', 1), TypeError, fnArgError(0, 'i32', 'a string'));
  throwsExact(() => fp.call(1), TypeError, fnArgError(1, 'i32', 'undefined'));
  throwsExact(() => fp.call(1, 2 ** 32), TypeError, fnArgError(1, 'i32', '4294967296'));
  throwsExact(() => fp.call(NaN, 1), TypeError, fnArgError(0, 'i32', 'NaN'));
  const addU64 = new UnsafeFnPointer(s.get_add_u64_ptr(), { parameters: ['u64', 'u64'], result: 'u64' });
  throwsExact(() => addU64.call(1.5, 1n), TypeError, fnArgError(0, 'u64', '1.5'));
  const idp = new UnsafeFnPointer(s.get_identity_ptr_ptr(), { parameters: ['pointer'], result: 'pointer' });
  throwsExact(() => idp.call(5n), TypeError, fnArgError(0, 'pointer', '5n'));
  assert.equal(fp.call(1, 2, 3, 'extra'), 3);
});

test('invalid definitions: TypeError naming the position', () => {
  const ptr = s.get_add_i32_ptr();
  throwsExact(() => new UnsafeFnPointer(ptr, { parameters: ['i32', 'i33'], result: 'i32' }), TypeError,
    /^Invalid definition of '[^']*': parameters\[1\] is "i33", not a known type$/);
  throwsExact(() => new UnsafeFnPointer(ptr, { parameters: [], result: 'i32', paramters: [] }), TypeError,
    /^Invalid definition of '[^']*': unknown key "paramters"$/);
  throwsExact(() => new UnsafeFnPointer(ptr, { parameters: ['void'], result: 'i32' }), TypeError,
    /^Invalid definition of '[^']*': "void" is only valid as a result \(parameters\[0\]\)$/);
});

test('function parameters accept the pointer of an UnsafeFnPointer', () => {
  const fp = new UnsafeFnPointer(s.get_add_i32_ptr(), { parameters: ['i32', 'i32'], result: 'i32' });
  assert.equal(s.call_i32_fn(fp.pointer, 30, 12), 42);
});
