// flags: --allow-natives-syntax
'use strict';
// Callbacks with struct parameters and results of every shape class of both ABIs
// (test/fixture/fixture_callback_structs.c): HFAs of 1-4 floats and doubles, mixed
// integer/float eightbytes, 3- and 12-byte structs, nested ones, 24- and 40-byte
// MEMORY-class / by-reference ones, and structs after the registers are used up. C
// passes known values and checks (or hands back) what the callback returned; every
// value is exact, the outer call cold and optimized, through the register entry
// ("thunk"), and the same through libffi closures under ZEROCALL_JIT=0.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { dlopen, UnsafeCallback } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { optimizedSite } = require('../support/optimize.js');

const jitOff = process.env.ZEROCALL_JIT === '0';
const hostHasEntry = process.arch === 'x64' || process.arch === 'arm64';
const expectedEntry = jitOff || !hostHasEntry ? 'libffi' : 'thunk';

const F2 = { struct: ['f32', 'f32'] };
const SHAPES = {
  zc_f1: { struct: ['f32'] },
  zc_f2: F2,
  zc_f3: { struct: ['f32', 'f32', 'f32'] },
  zc_f4: { struct: ['f32', 'f32', 'f32', 'f32'] },
  zc_d1: { struct: ['f64'] },
  zc_d2: { struct: ['f64', 'f64'] },
  zc_d3: { struct: ['f64', 'f64', 'f64'] },
  zc_d4: { struct: ['f64', 'f64', 'f64', 'f64'] },
  zc_ld: { struct: ['i64', 'f64'] },
  zc_dl: { struct: ['f64', 'i64'] },
  zc_fid: { struct: ['f32', 'i32', 'f64'] },
  zc_if: { struct: ['i32', 'f32'] },
  zc_ii: { struct: ['i64', 'i64'] },
  zc_i3: { struct: ['i32', 'i32', 'i32'] },
  zc_b3: { struct: ['u8', 'u8', 'u8'] },
  zc_nest: { struct: [F2, 'f32'] },
  zc_m24: { struct: ['i64', 'f64', 'i32'] },
  zc_m40: { struct: ['i64', 'i64', 'i64', 'i64', 'f64'] },
};

const SIZES = { u8: 1, i32: 4, f32: 4, i64: 8, f64: 8 };
// The scalar fields of a struct type at their C offsets (natural alignment), its size.
function layout(type, base = 0, out = []) {
  let offset = 0;
  let align = 1;
  for (const field of type.struct) {
    const inner = typeof field === 'object' ? layout(field) : { size: SIZES[field], align: SIZES[field] };
    offset = Math.ceil(offset / inner.align) * inner.align;
    if (typeof field === 'object') layout(field, base + offset, out);
    else out.push({ type: field, offset: base + offset });
    offset += inner.size;
    align = Math.max(align, inner.align);
  }
  return { size: Math.ceil(offset / align) * align, align, fields: out };
}

// fill(seed) of the fixture: field k is seed + k, plus 0.5 for f32/f64.
function values(type, seed) {
  return layout(type).fields.map(({ type: t }, k) => {
    if (t === 'i64') return BigInt(seed + k);
    if (t === 'u8') return (seed + k) & 0xff;
    return t === 'f32' || t === 'f64' ? seed + k + 0.5 : seed + k;
  });
}

function encode(type, list) {
  const { size, fields } = layout(type);
  const view = new DataView(new ArrayBuffer(size));
  fields.forEach(({ type: t, offset }, k) => {
    if (t === 'i64') view.setBigInt64(offset, list[k], true);
    else if (t === 'f64') view.setFloat64(offset, list[k], true);
    else if (t === 'f32') view.setFloat32(offset, list[k], true);
    else if (t === 'i32') view.setInt32(offset, list[k], true);
    else view.setUint8(offset, list[k]);
  });
  return new Uint8Array(view.buffer);
}

function decode(type, bytes) {
  const { size, fields } = layout(type);
  assert.equal(bytes.byteLength, size, 'a struct of the right size');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return fields.map(({ type: t, offset }) => {
    if (t === 'i64') return view.getBigInt64(offset, true);
    if (t === 'f64') return view.getFloat64(offset, true);
    if (t === 'f32') return view.getFloat32(offset, true);
    if (t === 'i32') return view.getInt32(offset, true);
    return view.getUint8(offset);
  });
}

const I64 = (n) => Array(n).fill('i64');
const F64 = (n) => Array(n).fill('f64');
const fn = (parameters, result) => ({ parameters: ['function', ...parameters], result });
const defs = {
  zc_cbs_exhausted: fn([], 'f64'),
  zc_cbs_split: fn([], 'i64'),
  zc_cbs_big_late: fn([], 'i64'),
  zc_cbs_big_result: fn([], SHAPES.zc_m40),
  // nonblocking: the JS thread must be free to run the callback the thread waits for
  zc_cbs_check_on_thread: { parameters: ['i32', 'function', 'i32'], result: 'i32', nonblocking: true },
};
for (const [name, type] of Object.entries(SHAPES)) {
  defs[`zc_cbs_${name}`] = fn(['i32'], type);
  defs[`zc_cbs_check_${name}`] = fn(['i32'], 'i32');
}
const lib = dlopen(fixturePath, defs);
const s = lib.symbols;
test.after(() => lib.close());

// A callback (seed, T, seed + 1) -> fill(seed + 100) that records what it received.
function shapeCallback(type, seen) {
  return new UnsafeCallback({ parameters: ['i32', type, 'i32'], result: type }, (a, bytes, b) => {
    seen.push([a, decode(type, bytes), b]);
    return encode(type, values(type, a + 100));
  });
}

test('a struct of every shape class reaches the callback, and its struct result reaches C', () => {
  for (const [name, type] of Object.entries(SHAPES)) {
    const seen = [];
    const cb = shapeCallback(type, seen);
    assert.equal(binding.callbackEntry(cb.pointer), expectedEntry, name);
    assert.deepEqual(decode(type, s[`zc_cbs_${name}`](cb.pointer, 7)), values(type, 107), `${name} result cold`);
    const { value, error } = optimizedSite(s[`zc_cbs_${name}`], [cb.pointer, 7])(cb.pointer, 9);
    assert.equal(error, undefined, name);
    assert.deepEqual(decode(type, value), values(type, 109), `${name} result optimized`);
    assert.equal(s[`zc_cbs_check_${name}`](cb.pointer, 11), 1, `${name}: C compared the result field by field`);
    assert.deepEqual(seen[0], [7, values(type, 7), 8], `${name} arguments`);
    assert.deepEqual(seen.at(-2), [9, values(type, 9), 10], `${name} arguments (optimized caller)`);
    assert.deepEqual(seen.at(-1), [11, values(type, 11), 12], name);
    cb.close();
  }
});

test('a call from another thread waits with its struct argument and result (register and memory)', async () => {
  for (const [which, name] of ['zc_ld', 'zc_m24', 'zc_f3'].entries()) {
    const seen = [];
    const cb = shapeCallback(SHAPES[name], seen);
    assert.equal(await s.zc_cbs_check_on_thread(which, cb.pointer, 21), 1, name);
    assert.deepEqual(seen, [[21, values(SHAPES[name], 21), 22]], name);
    cb.close();
  }
});

// The value at flattened position k (from 1) is k, plus 0.5 for doubles (the fixture).
test('structs after the registers are used up: on the stack, the whole struct', () => {
  const { zc_ld: LD, zc_d2: D2, zc_ii: II, zc_m24: M24, zc_m40: M40, zc_b3: B3, zc_d4: D4 } = SHAPES;
  let got;
  const exhausted = new UnsafeCallback({ parameters: [...I64(7), LD, ...F64(8), D2, 'i32'], result: 'f64' },
    (...args) => { got = args; return -0.125; });
  assert.equal(binding.callbackEntry(exhausted.pointer), expectedEntry);
  assert.equal(s.zc_cbs_exhausted(exhausted.pointer), -0.125);
  assert.deepEqual(got.slice(0, 7), [1n, 2n, 3n, 4n, 5n, 6n, 7n]);
  assert.deepEqual(decode(LD, got[7]), [8n, 9.5]);
  assert.deepEqual(got.slice(8, 16), [10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5, 17.5]);
  assert.deepEqual([decode(D2, got[16]), got[17]], [[18.5, 19.5], 20]);

  const split = new UnsafeCallback({ parameters: [...I64(5), II, 'i64'], result: 'i64' },
    (...args) => { got = args; return -(2n ** 62n); });
  assert.equal(s.zc_cbs_split(split.pointer), -(2n ** 62n));
  assert.deepEqual([got.slice(0, 5), decode(II, got[5]), got[6]], [[1n, 2n, 3n, 4n, 5n], [6n, 7n], 8n]);

  const late = new UnsafeCallback({ parameters: [...I64(8), M24, M40, B3], result: 'i64' },
    (...args) => { got = args; return 77n; });
  assert.equal(s.zc_cbs_big_late(late.pointer), 77n);
  assert.deepEqual(got.slice(0, 8), [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
  assert.deepEqual(decode(M24, got[8]), [9n, 10.5, 11]);
  assert.deepEqual(decode(M40, got[9]), [12n, 13n, 14n, 15n, 16.5]);
  assert.deepEqual(decode(B3, got[10]), [17, 18, 19]);

  const bigResult = new UnsafeCallback({ parameters: [...I64(8), D4, 'f64'], result: M40 },
    (...args) => { got = args; return encode(M40, values(M40, 50)); });
  assert.deepEqual(decode(M40, s.zc_cbs_big_result(bigResult.pointer)), values(M40, 50));
  assert.deepEqual([got.slice(0, 8), decode(D4, got[8]), got[9]],
    [[1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n], [9.5, 10.5, 11.5, 12.5], 13.5]);
  for (const cb of [exhausted, split, late, bigResult]) {
    assert.equal(binding.callbackEntry(cb.pointer), expectedEntry);
    cb.close();
  }
});

test('a struct result the callback gets wrong is a TypeError for the caller', () => {
  const expects = {
    zc_ld: '{ struct: [i64, f64] } (a TypedArray, DataView or ArrayBuffer of 16 bytes)',
    zc_m24: '{ struct: [i64, f64, i32] } (a TypedArray, DataView or ArrayBuffer of 24 bytes)',
    zc_f4: '{ struct: [f32, f32, f32, f32] } (a TypedArray, DataView or ArrayBuffer of 16 bytes)',
  };
  for (const [name, expected] of Object.entries(expects)) {
    const type = SHAPES[name];
    const bad = new UnsafeCallback({ parameters: ['i32', type, 'i32'], result: type }, () => new Uint8Array(1));
    assert.throws(() => s[`zc_cbs_${name}`](bad.pointer, 1), {
      name: 'TypeError', message: `UnsafeCallback: the callback's return value expects ${expected}, got an object`,
    });
    bad.close();
  }
});

test('the same through libffi closures (ZEROCALL_JIT=0)', { skip: jitOff && 'already under ZEROCALL_JIT=0' }, () => {
  const env = { ...process.env, ZEROCALL_JIT: '0' };
  delete env.NODE_TEST_CONTEXT;  // a test run of its own, reporting to stdout
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--test-reporter=tap', __filename], {
    env, encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stdout + child.stderr);
  assert.match(child.stdout, /# pass 4\n/);
});
