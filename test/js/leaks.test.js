// flags: --expose-gc --max-semi-space-size=1
'use strict';
// Memory stays bounded: 2000 dlopen/bind/close cycles, and many calls that create
// bigints, pointer objects and errors. RSS is measured after a warm-up and full GCs.
//
// The bound: 2000 cycles x 32 symbols = 64000 symbol bindings. 16 MiB of RSS growth is
// 262 bytes per binding, less than one leaked JSFunction + its FunctionTemplate + a libffi
// cif (~0.5-1 KiB together), so a per-symbol leak fails. Measured noise without such a leak:
// dlopen/close cycles of a definition-free library grow RSS in steps (V8 heap pages,
// malloc arenas) by 0.3-7 MiB over 1000-8000 cycles, so 16 MiB leaves room for noise.
// The young generation is capped (--max-semi-space-size=1): V8 grows it with the
// allocation rate up to 32 MiB of RSS, which is sizing, not a leak.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer, UnsafeFnPointer } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { pick } = require('../support/defs.js');

const MiB = 1024 * 1024;
const BOUND = 16 * MiB;
// Under AddressSanitizer freed memory sits in a quarantine, so RSS says nothing; there
// LeakSanitizer checks for leaks instead (scripts/asan.js).
const underAsan = process.env.ZEROCALL_ASAN === '1' && 'RSS is meaningless under ASan; LeakSanitizer checks leaks';

assert.equal(typeof globalThis.gc, 'function', 'run with --expose-gc');

function settle() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().rss;
}

const base = {
  ...pick('add_i32', 'add_u64', 'add_f64', 'add_f32', 'identity_i8', 'identity_u16', 'nop', 'negate_bool',
    'return_null_ptr', 'get_static_buffer', 'sum_buffer', 'mixed_20', 'many_args', 'sum_10_i64'),
  static_i32: { type: 'i32' },
  static_ptr: { type: 'pointer' },
};
// Each definition twice: once under its own key, once under another key bound by `name`.
const defs = { ...base };
for (const [key, def] of Object.entries(base)) defs[`${key}_again`] = { ...def, name: key };
assert.equal(Object.keys(defs).length, 32);

function cycle() {
  const lib = dlopen(fixturePath, defs);
  const s = lib.symbols;
  for (const key of Object.keys(s)) s[key]; // function symbols are bound on first read
  if (s.add_i32(1, 2) !== 3 || s.add_u64(1n, 2n) !== 3n || s.static_i32 !== -123456) throw new Error('bad call');
  lib.close();
}

test('2000 dlopen/bind/close cycles: bounded RSS growth', { skip: underAsan }, () => {
  for (let i = 0; i < 1000; i++) cycle(); // to the plateau of V8's off-heap tables too (Node 24: ~20 MiB)
  const before = settle();
  for (let i = 0; i < 2000; i++) cycle();
  const growth = settle() - before;
  assert.ok(growth < BOUND, `RSS grew by ${(growth / MiB).toFixed(1)} MiB over 2000 cycles (bound ${BOUND / MiB} MiB)`);
});

test('300000 calls making bigints, pointer objects and errors: bounded RSS growth', { skip: underAsan }, () => {
  const lib = dlopen(fixturePath, pick('add_u64', 'get_static_buffer', 'identity_ptr', 'add_i32', 'u64_to_ptr'));
  const s = lib.symbols;
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      s.add_u64(BigInt(i), 2n ** 63n);
      s.identity_ptr(s.get_static_buffer());
      s.u64_to_ptr(BigInt(i + 1));
      UnsafePointer.create(BigInt(i + 1));
      if (i % 10 === 0) {
        try { s.add_i32(i, 'x'); } catch { /* expected */ }
      }
    }
  };
  run(30000);
  const before = settle();
  run(300000);
  const growth = settle() - before;
  lib.close();
  assert.ok(growth < BOUND, `RSS grew by ${(growth / MiB).toFixed(1)} MiB over 300000 calls (bound ${BOUND / MiB} MiB)`);
});

test('32000 UnsafeFnPointers over the same pointer and definition: bounded RSS growth', { skip: underAsan }, () => {
  const lib = dlopen(fixturePath, pick('get_add_i32_ptr'));
  const ptr = lib.symbols.get_add_i32_ptr();
  const def = { parameters: ['i32', 'i32'], result: 'i32' };
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      const fp = new UnsafeFnPointer(ptr, def);
      if (fp.call(i, 1) !== i + 1) throw new Error('bad call');
    }
  };
  run(2000);
  const before = settle();
  run(32000);
  const growth = settle() - before;
  lib.close();
  assert.ok(growth < BOUND, `RSS grew by ${(growth / MiB).toFixed(1)} MiB over 32000 UnsafeFnPointers (bound ${BOUND / MiB} MiB)`);
});
