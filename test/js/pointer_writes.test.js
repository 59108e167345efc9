// flags: --allow-natives-syntax --no-lazy-feedback-allocation
'use strict';
// UnsafePointerView's setters and copyFrom: exact bytes in native byte order, the
// parameter rules of each type (the same TypeError a symbol parameter gives), cold and
// optimized, and the optimized setters off the general path where this V8 carries
// their types.
const test = require('node:test');
const assert = require('node:assert/strict');
const os = require('node:os');
const { dlopen, UnsafePointer, UnsafePointerView } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { argMessage, throwsExact } = require('../support/assert.js');
const { fastOff } = require('../support/fast_off.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
const littleEndian = os.endianness() === 'LE';

const bytes = new Uint8Array(64);
const data = new DataView(bytes.buffer);
// `bytes` stays referenced to the end of the file: a pointer does not keep it alive.
const base = UnsafePointer.of(bytes);
const view = new UnsafePointerView(base);

// setter, type, offset, value, what the DataView reads back there (native order), and
// how an optimized call of it may leave the fast path: 'big', a bigint for a 64-bit
// type (general path on V8 11); 'fraction', a fraction for an integer type (always
// the general path, which truncates it).
const WRITES = [
  ['setBool', 'bool', 3, true, () => bytes[3], 1],
  ['setBool', 'bool', 3, false, () => bytes[3], 0],
  ['setUint8', 'u8', 5, 254, () => data.getUint8(5), 254],
  ['setUint8', 'u8', 5, 256 + 7, () => data.getUint8(5), 7],          // wraps to 8 bits
  ['setInt8', 'i8', 5, -2, () => data.getInt8(5), -2],
  ['setInt8', 'i8', 5, 255, () => data.getInt8(5), -1],
  ['setUint16', 'u16', 7, 65534, () => data.getUint16(7, littleEndian), 65534],   // unaligned
  ['setInt16', 'i16', 7, -300, () => data.getInt16(7, littleEndian), -300],
  ['setUint32', 'u32', 9, 4294967294, () => data.getUint32(9, littleEndian), 4294967294],
  ['setUint32', 'u32', 9, 1.9, () => data.getUint32(9, littleEndian), 1, 'fraction'],
  ['setInt32', 'i32', 9, -2147483648, () => data.getInt32(9, littleEndian), -2147483648],
  ['setInt32', 'i32', 12, -5, () => data.getInt32(12, littleEndian), -5],
  ['setBigUint64', 'u64', 17, 2n ** 64n - 2n, () => data.getBigUint64(17, littleEndian), 2n ** 64n - 2n, 'big'],
  ['setBigUint64', 'u64', 17, -1n, () => data.getBigUint64(17, littleEndian), 2n ** 64n - 1n, 'big'],  // wraps
  ['setBigUint64', 'u64', 17, 2 ** 53, () => data.getBigUint64(17, littleEndian), 2n ** 53n],
  ['setBigInt64', 'i64', 25, -(2n ** 63n), () => data.getBigInt64(25, littleEndian), -(2n ** 63n), 'big'],
  ['setBigInt64', 'i64', 25, 2n ** 63n, () => data.getBigInt64(25, littleEndian), -(2n ** 63n), 'big'],
  ['setBigInt64', 'i64', 25, -7, () => data.getBigInt64(25, littleEndian), -7n],
  ['setFloat32', 'f32', 33, 1.1, () => data.getFloat32(33, littleEndian), Math.fround(1.1)],
  ['setFloat32', 'f32', 33, -Infinity, () => data.getFloat32(33, littleEndian), -Infinity],
  ['setFloat64', 'f64', 41, -2.25e-300, () => data.getFloat64(41, littleEndian), -2.25e-300],
  ['setFloat64', 'f64', 41, NaN, () => data.getFloat64(41, littleEndian), NaN],
];

// Bad values: the setter's parameter 1 check, worded as for a symbol parameter.
const BAD_VALUES = [
  ['setBool', 'bool', 1, '1'], ['setBool', 'bool', 'true', 'a string'], ['setBool', 'bool', undefined, 'undefined'],
  ['setUint8', 'u8', -1, '-1'], ['setUint8', 'u8', 1n, '1n'], ['setInt8', 'i8', '1', 'a string'],
  ['setUint16', 'u16', 2 ** 32, '4294967296'], ['setInt16', 'i16', null, 'null'],
  ['setUint32', 'u32', NaN, 'NaN'], ['setInt32', 'i32', 2 ** 31, '2147483648'], ['setInt32', 'i32', {}, 'an object'],
  ['setBigUint64', 'u64', 1.5, '1.5'], ['setBigUint64', 'u64', 2 ** 64, '18446744073709552000'],
  ['setBigInt64', 'i64', '5', 'a string'], ['setFloat32', 'f32', 1n, '1n'], ['setFloat64', 'f64', undefined, 'undefined'],
  ['setPointer', 'pointer', 5, '5'], ['setPointer', 'pointer', 5n, '5n'], ['setPointer', 'pointer', bytes, 'an object'],
];

let siteId = 0;
function setterSite(name) {
  const site = new Function(`/* site ${siteId++} */ return function (view, offset, value) { view.${name}(offset, value); };`)();
  %PrepareFunctionForOptimization(site);
  return site;
}

const WIDTH = { bool: 1, u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, f32: 4, f64: 8 };

function checkWrite([name, type, offset, value, read, expected], how, site) {
  bytes.fill(0xaa);
  assert.equal(site(view, offset, value), undefined, `${name}(${offset}, ${String(value)}) ${how}`);
  assert.equal(read(), expected, `${name}(${offset}, ${String(value)}) ${how}`);
  const width = WIDTH[type];
  // Only the value's own bytes changed.
  for (let i = 0; i < bytes.length; i++) {
    if (i < offset || i >= offset + width) assert.equal(bytes[i], 0xaa, `${name} ${how}: byte ${i}`);
  }
}

test('setters write exact values, unaligned, in native byte order (cold)', () => {
  for (const write of WRITES) checkWrite(write, 'cold', (v, o, x) => v[write[0]](o, x));
});

test('setters then getters round-trip', () => {
  view.setInt32(4, -123456789);
  assert.equal(view.getInt32(4), -123456789);
  view.setBigInt64(8, -(2n ** 40n));
  assert.equal(view.getBigInt64(8), -(2n ** 40n));
  view.setFloat64(16, Math.PI);
  assert.equal(view.getFloat64(16), Math.PI);
  view.setBool(24, true);
  assert.equal(view.getBool(24), true);
  view.setPointer(32, UnsafePointer.create(0xfeedfacen));
  assert.equal(UnsafePointer.value(view.getPointer(32)), 0xfeedfacen);
  view.setPointer(32, null);
  assert.equal(view.getPointer(32), null);
  assert.equal(data.getBigUint64(32, littleEndian), 0n);
});

test('setPointer stores the address C reads back', () => {
  const lib = dlopen(fixturePath, { ptr_to_u64: { parameters: ['pointer'], result: 'u64' } });
  try {
    const target = new Uint8Array(8);
    view.setPointer(8, UnsafePointer.of(target));
    assert.equal(data.getBigUint64(8, littleEndian), lib.symbols.ptr_to_u64(UnsafePointer.of(target)));
    assert.ok(UnsafePointer.equals(view.getPointer(8), UnsafePointer.of(target)));
  } finally {
    lib.close();
  }
});

test('bad values: the parameter TypeError of the type, cold and optimized; nothing written', () => {
  for (const [name, type, value, described] of BAD_VALUES) {
    const message = argMessage(`UnsafePointerView.${name}`, 1, type, described);
    bytes.fill(0);
    throwsExact(() => view[name](0, value), TypeError, message);
    const site = setterSite(name);
    throwsExact(() => site(view, 0, value), TypeError, message);
    %OptimizeFunctionOnNextCall(site);
    throwsExact(() => site(view, 0, value), TypeError, message);
    assert.ok(bytes.every((b) => b === 0), `${name}: nothing written`);
  }
});

test('bad pointers and offsets: the getters\' TypeErrors, checked before the value', () => {
  const cases = [
    [new UnsafePointerView(null), 0, 'UnsafePointerView: expects a non-null pointer object, got null'],
    [new UnsafePointerView(7n), 0, 'UnsafePointerView: expects a non-null pointer object, got 7n'],
    [view, 1.5, 'UnsafePointerView: offset expects an integral number, got 1.5'],
    [view, undefined, 'UnsafePointerView: offset expects an integral number, got undefined'],
    [view, 2 ** 53, 'UnsafePointerView: offset expects an integral number, got 9007199254740992'],
    [view, '0', 'UnsafePointerView: offset expects an integral number, got a string'],
  ];
  for (const name of ['setBool', 'setUint8', 'setInt32', 'setBigInt64', 'setFloat64', 'setPointer']) {
    const site = setterSite(name);
    for (let round = 0; round < 2; round++) {
      for (const [v, offset, message] of cases) {
        // An invalid value too: the pointer and the offset are reported first.
        throwsExact(() => site(v, offset, 'bad'), TypeError, message);
      }
      // An object that is not a pointer: the writer's own parameter-0 check.
      const good = name === 'setBool' ? true : name === 'setPointer' ? null : 1;
      throwsExact(() => site(new UnsafePointerView({}), 0, good), TypeError,
        argMessage(`UnsafePointerView.${name}`, 0, 'pointer', 'an object'));
      %OptimizeFunctionOnNextCall(site);
    }
  }
});

test('optimized setters write exact values without entering the general path', () => {
  for (const write of WRITES) {
    const [name, , offset, value, , , leaves] = write;
    const site = setterSite(name);
    checkWrite(write, 'cold', site);
    %OptimizeFunctionOnNextCall(site);
    const before = binding.generalCallCount();
    checkWrite(write, 'optimized', site);
    const general = binding.generalCallCount() - before;
    const expectFast = !fastOff && leaves !== 'fraction' && !(leaves === 'big' && v8Major < 12);
    assert.equal(general, expectFast ? 0 : 1, `${name}(${offset}, ${String(value)}): general-path entries`);
  }
  const site = setterSite('setPointer');
  site(view, 8, null);
  %OptimizeFunctionOnNextCall(site);
  const before = binding.generalCallCount();
  site(view, 8, UnsafePointer.create(0x1234n));
  assert.equal(data.getBigUint64(8, littleEndian), 0x1234n);
  site(view, 8, null);
  assert.equal(data.getBigUint64(8, littleEndian), 0n);
  assert.equal(binding.generalCallCount() - before, fastOff ? 2 : 0);
});

test('copyFrom: instance and static forms, offsets, byteOffset sources', () => {
  const target = new Uint8Array(12);
  const to = new UnsafePointerView(UnsafePointer.of(target));
  assert.equal(to.copyFrom(new Uint8Array([1, 2, 3])), undefined);
  assert.deepEqual([...target], [1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  to.copyFrom(new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 3), 4);  // byteOffset and byteLength bound it
  assert.deepEqual([...target], [1, 2, 3, 0, 8, 7, 0, 0, 0, 0, 0, 0]);
  UnsafePointerView.copyFrom(UnsafePointer.of(target), new Uint16Array([0x0102]).buffer, 10);  // an ArrayBuffer
  assert.deepEqual([...target.subarray(10)], littleEndian ? [2, 1] : [1, 2]);
  UnsafePointerView.copyFrom(UnsafePointer.of(target), new DataView(new Uint8Array([5, 5]).buffer));
  assert.deepEqual([...target.subarray(0, 3)], [5, 5, 3]);
  to.copyFrom(new Uint8Array(0), 12);  // nothing to copy: nothing read or written
  // copyInto reads back what copyFrom wrote.
  const back = new Uint8Array(2);
  to.copyInto(back, 4);
  assert.deepEqual([...back], [8, 7]);
  // Overlapping source and destination copy as memmove does.
  const shifted = new Uint8Array([1, 2, 3, 4, 5, 6]);
  UnsafePointerView.copyFrom(UnsafePointer.offset(UnsafePointer.of(shifted), 1), shifted.subarray(0, 4));
  assert.deepEqual([...shifted], [1, 1, 2, 3, 4, 6]);
});

test('copyFrom: bad sources, pointers and offsets', () => {
  const target = new Uint8Array(4);
  const p = UnsafePointer.of(target);
  for (const [source, got] of [[null, 'null'], [[1, 2], 'an object'], ['ab', 'a string'], [undefined, 'undefined']]) {
    throwsExact(() => new UnsafePointerView(p).copyFrom(source), TypeError,
      `UnsafePointerView.copyFrom: source expects a TypedArray, DataView or ArrayBuffer, got ${got}`);
  }
  throwsExact(() => UnsafePointerView.copyFrom(null, target), TypeError,
    'UnsafePointerView.copyFrom: expects a non-null pointer object, got null');
  throwsExact(() => UnsafePointerView.copyFrom(p, target, -0.5), TypeError,
    'UnsafePointerView.copyFrom: offset expects an integral number, got -0.5');
  assert.deepEqual([...target], [0, 0, 0, 0]);
});

test('the README\'s example: malloc\'d C memory written and read back', () => {
  const libc = dlopen(null, {
    malloc: { parameters: ['usize'], result: 'pointer' },
    free: { parameters: ['pointer'], result: 'void' },
  });
  try {
    const block = libc.symbols.malloc(16);
    const c = new UnsafePointerView(block);
    c.setInt32(0, -42);
    c.setFloat64(8, 0.25);
    assert.equal(c.getInt32(0), -42);
    assert.equal(c.getFloat64(8), 0.25);
    c.copyFrom(new TextEncoder().encode('hi\0'), 4);
    assert.equal(c.getCString(4), 'hi');
    assert.equal(c.getInt32(0), -42);  // untouched by the copy
    libc.symbols.free(block);
  } finally {
    libc.close();
  }
});
