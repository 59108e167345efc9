// ESM entry: `import { dlopen } from "zerocall"` resolves through package.json "exports"
// (self-reference) and gives the same objects as require('zerocall').
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dlopen, UnsafePointer, UnsafePointerView, UnsafeFnPointer } from 'zerocall';
import * as ns from 'zerocall';

const require = createRequire(import.meta.url);
const { fixturePath } = require('../support/fixture.js');

test('named imports work', () => {
  const lib = dlopen(fixturePath, {
    add_i32: { parameters: ['i32', 'i32'], result: 'i32' },
    get_static_buffer: { parameters: [], result: 'pointer' },
    get_add_i32_ptr: { parameters: [], result: 'pointer' },
  });
  try {
    assert.equal(lib.symbols.add_i32(40, 2), 42);
    const p = lib.symbols.get_static_buffer();
    assert.equal(new UnsafePointerView(p).getUint8(3), 3);
    assert.equal(UnsafePointer.value(UnsafePointer.offset(p, 1)), UnsafePointer.value(p) + 1n);
    const fp = new UnsafeFnPointer(lib.symbols.get_add_i32_ptr(), { parameters: ['i32', 'i32'], result: 'i32' });
    assert.equal(fp.call(1, 2), 3);
  } finally {
    lib.close();
  }
});

test('ESM and CommonJS entries share one implementation', () => {
  const cjs = require('zerocall');
  assert.equal(dlopen, cjs.dlopen);
  assert.equal(UnsafePointer, cjs.UnsafePointer);
  assert.equal(UnsafePointerView, cjs.UnsafePointerView);
  assert.equal(UnsafeFnPointer, cjs.UnsafeFnPointer);
  for (const name of Object.keys(cjs)) assert.equal(ns[name], cjs[name], name);
});

test('dynamic import() by package name', async () => {
  const mod = await import('zerocall');
  assert.equal(mod.dlopen, dlopen);
  assert.equal(typeof mod.dlopen, 'function');
});
