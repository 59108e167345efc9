// flags: --allow-natives-syntax
'use strict';
// Named aggregate types (struct, union, array; packed and re-aligned): sizes, alignments
// and offsets against the C compiler's own (test/fixture/layouts.c, built here), for
// types made with struct()/union()/array() and for cdef's; objects through C by value
// (parameters, results, callbacks; optimized calls on the fast path) and by pointer;
// exact errors for bad values and for what cannot pass by value.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { dlopen, cdef, struct, union, array, UnsafeCallback, UnsafePointer, UnsafePointerView } = require('zerocall');
const { throwsExact } = require('../support/assert.js');
const { fastOff } = require('../support/fast_off.js');
const { optimizedSite } = require('../support/optimize.js');

const fixtureDir = path.join(__dirname, '..', 'fixture');
const libPath = path.join(__dirname, '..', '.build', process.arch, 'liblayouts.so');
fs.mkdirSync(path.dirname(libPath), { recursive: true });
const built = spawnSync(process.env.CC || 'cc', ['-O2', '-shared', '-fPIC', '-Wall', '-Wextra', '-o', `${libPath}.${process.pid}`,
  path.join(fixtureDir, 'layouts.c')], { encoding: 'utf8' });
assert.equal(built.status, 0, built.stderr);
fs.renameSync(`${libPath}.${process.pid}`, libPath);

const header = cdef(fs.readFileSync(path.join(fixtureDir, 'layouts.h'), 'utf8'));
const T = header.types;
const lib = dlopen(libPath, header.symbols);
const c = lib.symbols;
test.after(() => lib.close());

// C's report: "Name size align" and "Name.field offset" lines.
function cLayouts() {
  const layouts = {};
  for (const line of c.layout_report().trim().split('\n')) {
    const [name, a, b] = line.split(' ');
    const [type, field] = name.split('.');
    layouts[type] ||= { offsets: {} };
    if (field) layouts[type].offsets[field] = Number(a);
    else Object.assign(layouts[type], { size: Number(a), align: Number(b) });
  }
  return layouts;
}
const layoutOf = (t) => ({ size: t.size, align: t.align, offsets: { ...t.offsets } });

// The same types written with struct() / union() / array().
const Item = struct({ id: 'i32', pos: array('f32', 2) });
const Packed = struct({ tag: 'u8', n: 'u32', m: 'u16' }, { pack: 1 });
const Value = union({ i: 'i32', d: 'f64', bytes: array('u8', 8) });
const handMade = {
  Vec3: struct({ x: 'f64', y: 'f64', z: 'f64' }),
  Pair: struct({ tag: 'u8', value: 'f64' }),
  Item,
  Bag: struct({ kind: 'u8', items: array(Item, 3), tail: array('i16', 3) }),
  Mixed: struct({ c: 'i8', big: 'i64', small: 'u16', ptr: 'pointer' }),
  Value,
  Tagged: struct({ tag: 'u8', value: Value }),
  Packed,
  Aligned16: struct({ c: 'u8', x: { type: 'u32', align: 16 } }),
  HoldsPacked: struct({ c: 'u8', p: Packed, d: 'u8' }),
};

test('sizes, alignments and offsets are C\'s, for struct()/union()/array() types and for cdef\'s', () => {
  const expected = cLayouts();
  assert.deepEqual(Object.keys(expected), Object.keys(handMade));
  for (const [name, layout] of Object.entries(expected)) {
    assert.deepEqual(layoutOf(handMade[name]), layout, `${name} (struct())`);
    assert.deepEqual(layoutOf(T[name]), layout, `${name} (cdef)`);
  }
  const grid = array(array('u16', 3), 2);
  assert.deepEqual([grid.size, grid.align, grid.length, grid.element.length], [12, 2, 2, 3]);
  assert.deepEqual([struct({ a: 'u8' }, { align: 8 }).size, struct({ a: 'u8' }, { align: 8 }).align], [8, 8]);
});

test('objects pass by value and come back as objects; raw bytes still work', () => {
  assert.deepEqual(c.vec3_scale({ x: 1, y: 2, z: 3 }, 2), { x: 2, y: 4, z: 6 });
  assert.equal(c.vec3_dot({ x: 1, y: 2, z: 3 }, { x: 4, y: 5, z: 6 }), 32);
  assert.deepEqual(c.pair_make(7, 0.5), { tag: 7, value: 0.5 });
  assert.equal(c.pair_weigh({ tag: 2, value: 0.25 }), 2000.25);
  assert.deepEqual(c.item_make(3, 1.5, -2), { id: 3, pos: [1.5, -2] });
  assert.equal(c.item_weigh({ id: 1, pos: [2, 3] }), 1002003);
  assert.equal(c.item_weigh({ id: 1, pos: new Float32Array([2, 3]) }), 1002003, 'a TypedArray for an array field');
  assert.equal(c.item_weigh(Item.encode({ id: 4, pos: [0, 1] })), 4000001, 'the bytes themselves');
  assert.deepEqual(Item.decode(Item.encode({ id: -9, pos: [0.5, 8] })), { id: -9, pos: [0.5, 8] });
});

test('callbacks receive and return objects', () => {
  const seen = [];
  const cb = new UnsafeCallback({ parameters: [T.Item], result: 'f64' }, (item) => {
    seen.push(item);
    return item.id + item.pos[0] + item.pos[1];
  });
  assert.equal(c.apply_item(cb.pointer, 10), 14);
  assert.deepEqual(seen, [{ id: 10, pos: [1.5, 2.5] }]);
  cb.close();
  const make = new UnsafeCallback({ parameters: ['i32'], result: handMade.Pair }, (n) => ({ tag: n, value: n / 4 }));
  const call = new (require('zerocall').UnsafeFnPointer)(make.pointer, { parameters: ['i32'], result: handMade.Pair });
  assert.deepEqual(call.call(3), { tag: 3, value: 0.75 });
  make.close();
});

test('unions, packed and re-aligned structs, nested arrays: by pointer and in buffers', () => {
  const bag = new Uint8Array(T.Bag.size);
  T.Bag.write(bag, { kind: 1, items: [{ id: 1, pos: [0, 0] }, { id: 0, pos: [2, 0] }, { id: 0, pos: [0, 3] }], tail: [4, 5, -6] });
  assert.equal(c.bag_weigh(UnsafePointer.of(bag)), 1 + 1000000 + 2000 + 3 + 4 + 5 - 6);
  assert.deepEqual(T.Bag.read(UnsafePointer.of(bag)).tail, [4, 5, -6]);

  const value = new Uint8Array(Value.size);
  c.value_set_double(UnsafePointer.of(value), 1.5);
  assert.equal(Value.read(UnsafePointer.of(value)).d, 1.5);
  Value.write(UnsafePointer.of(value), { i: -7 });
  assert.equal(c.value_low_int(UnsafePointer.of(value)), -7);
  assert.deepEqual(Value.read(value).bytes, [0xf9, 0xff, 0xff, 0xff, 0, 0, 0, 0], 'writing one member zeroes the rest');

  const packed = new Uint8Array(Packed.size + 3);
  c.packed_fill(UnsafePointer.offset(UnsafePointer.of(packed), 3), 9, 0x01020304, 7);
  assert.deepEqual(Packed.read(packed, 3), { tag: 9, n: 0x01020304, m: 7 });
  Packed.write(packed, { tag: 1, n: 2, m: 3 }, 3);
  assert.equal(c.packed_sum(UnsafePointer.offset(UnsafePointer.of(packed), 3)), 6);

  const aligned = new Uint8Array(32);
  handMade.Aligned16.write(aligned, { c: 1, x: 0xdeadbeef });
  assert.equal(c.aligned_x(UnsafePointer.of(aligned)), 0xdeadbeef);
  assert.deepEqual(T.Tagged.decode(T.Tagged.encode({ tag: 2, value: { d: -0.5 } })).value.d, -0.5);
});

test('what cannot pass by value is a TypeError saying why', () => {
  const bad = (type) => () => dlopen(libPath, { pair_weigh: { parameters: [type], result: 'f64' } });
  const invalid = (what) => `Invalid definition of 'pair_weigh': parameters[0] is ${what}`;
  throwsExact(bad(Value), TypeError, invalid('a union, which zerocall cannot pass by value (its bytes have no positional struct form): pass a pointer to it'));
  throwsExact(bad(Packed), TypeError, invalid('a packed or re-aligned struct, which zerocall cannot pass by value (the addon lays out structs naturally): pass a pointer to it'));
  throwsExact(bad(handMade.HoldsPacked), TypeError, invalid('a packed or re-aligned struct, which zerocall cannot pass by value (the addon lays out structs naturally): pass a pointer to it'));
  throwsExact(bad(array('f64', 2)), TypeError, invalid('an array, which C passes as a pointer to its first element (use "pointer")'));
  // A packing that changes nothing keeps the natural layout, so it passes.
  const same = dlopen(libPath, { pair_weigh: { parameters: [struct({ tag: 'u8', value: 'f64' }, { pack: 8 })], result: 'f64' } });
  assert.equal(same.symbols.pair_weigh({ tag: 1, value: 1 }), 1001);
  same.close();
});

test('bad values and bad type definitions are exact TypeErrors', () => {
  throwsExact(() => c.pair_weigh({ tag: 1 }), TypeError, 'pair_weigh: parameter 0.value expects f64 (a number), got undefined');
  throwsExact(() => c.pair_weigh({ tag: 1, value: 2, extra: 3 }), TypeError, 'pair_weigh: parameter 0 has no field "extra"');
  throwsExact(() => c.pair_weigh(5), TypeError, 'pair_weigh: parameter 0 expects struct { tag: u8, value: f64 } (an object of its fields or 16 bytes), got 5');
  throwsExact(() => c.pair_weigh(new Uint8Array(15)), TypeError, 'pair_weigh: parameter 0 expects 16 bytes, got 15');
  throwsExact(() => c.item_weigh({ id: 1, pos: [1] }), TypeError, 'item_weigh: parameter 0.pos expects f32[2] (2 elements), got 1 elements');
  throwsExact(() => c.item_weigh({ id: 2 ** 32, pos: [1, 2] }), TypeError, 'item_weigh: parameter 0.id expects i32 (a number in the int32 range), got 4294967296');
  throwsExact(() => Value.encode({ i: 1, d: 2 }), TypeError, 'union { i: i32, d: f64, bytes: u8[8] } expects exactly one field of union { i: i32, d: f64, bytes: u8[8] }, got 2');
  throwsExact(() => Packed.read(new Uint8Array(4)), RangeError, 'struct { tag: u8, n: u32, m: u16 }: 7 bytes at offset 0 do not fit in 4 bytes');
  throwsExact(() => struct({}), TypeError, 'struct needs at least one field');
  throwsExact(() => struct({ a: 'i33' }), TypeError, 'struct field a is "i33", not a scalar type name or a struct, union or array type');
  throwsExact(() => struct({ a: 'u8' }, { pack: 3 }), TypeError, 'struct: pack must be a power of two, got 3');
  throwsExact(() => array('u8', 0), TypeError, 'array: length must be a positive integer, got 0');
});

test('optimized calls with object arguments take the fast path', () => {
  const fastEntries = fastOff ? 1 : 0;
  for (const [fn, args, expected] of [
    [c.vec3_dot, [{ x: 1, y: 2, z: 3 }, { x: 1, y: 1, z: 1 }], 6],
    [c.pair_weigh, [{ tag: 3, value: 0.5 }], 3000.5],
    [c.item_weigh, [{ id: 1, pos: [2, 3] }], 1002003],
  ]) {
    const run = optimizedSite(fn, args);
    assert.deepEqual(run(...args), { value: expected, error: undefined, general: fastEntries }, fn.name);
  }
});
