// flags: --allow-natives-syntax
'use strict';
// Out-parameters ({ out: T }, { inout: T }): the caller passes a one-element array, C
// gets the address of a temporary T and the element gets its value after the call
// (before the Promise resolves, for nonblocking symbols). Exact values cold and from
// optimized code (where the inner native call takes the fast path: no general-path
// entry), the holder and value errors on both, and real use with libc and sqlite.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer, UnsafePointerView, UnsafeFnPointer, UnsafeCallback, struct, callPath } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');
const { optimizedSite } = require('../support/optimize.js');
const { fastOff } = require('../support/fast_off.js');

const Point = struct({ x: 'f64', y: 'f64' });
const defs = {
  zc_out_sum_i32: { parameters: ['i32', 'i32', { out: 'i32' }], result: 'i32' },
  zc_inout_double_i64: { parameters: [{ inout: 'i64' }], result: 'i64' },
  zc_out_offset_pointer: { parameters: ['buffer', 'i32', { out: 'pointer' }], result: 'void' },
  zc_inout_advance_pointer: { parameters: [{ inout: 'pointer' }, 'i32'], result: 'void' },
  zc_inout_swap_point: { parameters: [{ inout: Point }, 'f64'], result: 'void' },
  zc_out_pair: { parameters: ['u8', 'u32', { out: { struct: ['u8', 'u32'] } }], result: 'void' },
  zc_out_minmax: { parameters: ['f64', 'f64', { out: 'f64' }, { out: 'f64' }, { out: 'bool' }], result: 'void' },
};
const lib = dlopen(fixturePath, defs);
const s = lib.symbols;
const nb = dlopen(fixturePath, Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, { ...d, nonblocking: true }]))).symbols;

test('out and inout scalars: the element gets the value C wrote', () => {
  const sum = [null];
  assert.equal(s.zc_out_sum_i32(40, 2, sum), 1);
  assert.deepEqual(sum, [42]);
  const value = [21n];
  assert.equal(s.zc_inout_double_i64(value), 21n);
  assert.deepEqual(value, [42n]);
  const inout = [-7];  // a number converts as an i64 argument does
  assert.equal(s.zc_inout_double_i64(inout), -7n);
  assert.deepEqual(inout, [-14n]);
  const low = [0]; const high = [0]; const swapped = [0];
  s.zc_out_minmax(3.5, -1.25, low, high, swapped);
  assert.deepEqual([low, high, swapped], [[-1.25], [3.5], [true]]);
  const holeHolder = new Array(1);  // a hole is a fine out holder
  s.zc_out_sum_i32(1, 2, holeHolder);
  assert.deepEqual(holeHolder, [3]);
});

test('out and inout pointers give pointer objects (null for NULL)', () => {
  const bytes = new Uint8Array(16);
  const end = [null];
  s.zc_out_offset_pointer(bytes, 5, end);
  assert.equal(UnsafePointer.value(end[0]), UnsafePointer.value(UnsafePointer.of(bytes)) + 5n);
  const p = [end[0]];
  s.zc_inout_advance_pointer(p, 3);
  assert.equal(UnsafePointer.value(p[0]), UnsafePointer.value(UnsafePointer.of(bytes)) + 8n);
  const fromNull = [null];
  s.zc_inout_advance_pointer(fromNull, 0);
  assert.equal(fromNull[0], null);
});

test('struct out-parameters: a named struct as an object, a positional one as bytes', () => {
  const point = [{ x: 1, y: 2 }];
  s.zc_inout_swap_point(point, 10);
  assert.deepEqual(point, [{ x: 20, y: 10 }]);
  const asBytes = [new Float64Array([3, 4])];  // bytes of the struct's size are accepted too
  s.zc_inout_swap_point(asBytes, 1);
  assert.deepEqual(asBytes, [{ x: 4, y: 3 }]);
  const pair = [null];
  s.zc_out_pair(7, 0x01020304, pair);
  assert.deepEqual(pair[0], new Uint8Array([7, 0, 0, 0, 4, 3, 2, 1]));
});

test('a bad holder or inout value is a TypeError naming the symbol, parameter and type; C is not called', () => {
  const cases = [
    [() => s.zc_out_sum_i32(1, 2, {}), 'zc_out_sum_i32: parameter 2 expects { out: i32 } (a one-element array), got an object'],
    [() => s.zc_out_sum_i32(1, 2, 5), 'zc_out_sum_i32: parameter 2 expects { out: i32 } (a one-element array), got 5'],
    [() => s.zc_out_sum_i32(1, 2), 'zc_out_sum_i32: parameter 2 expects { out: i32 } (a one-element array), got undefined'],
    [() => s.zc_out_sum_i32(1, 2, []), 'zc_out_sum_i32: parameter 2 expects { out: i32 } (a one-element array), got an array of 0 elements'],
    [() => s.zc_out_sum_i32(1, 2, [1, 2]), 'zc_out_sum_i32: parameter 2 expects { out: i32 } (a one-element array), got an array of 2 elements'],
    [() => s.zc_out_sum_i32(1, 2, Object.freeze([0])), 'zc_out_sum_i32: parameter 2 expects { out: i32 } (a one-element array), got a frozen array'],
    [() => s.zc_out_sum_i32(1, 2, Object.defineProperty([0], 0, { writable: false })),
      'zc_out_sum_i32: parameter 2 expects { out: i32 } (a one-element array), got an array whose element 0 cannot be written'],
    [() => s.zc_inout_double_i64(['5']), 'zc_inout_double_i64: parameter 0[0] expects i64 (a bigint or an integral number), got a string'],
    [() => s.zc_inout_double_i64([1.5]), 'zc_inout_double_i64: parameter 0[0] expects i64 (a bigint or an integral number), got 1.5'],
    [() => s.zc_inout_double_i64([null]), 'zc_inout_double_i64: parameter 0[0] expects i64 (a bigint or an integral number), got null'],
    [() => s.zc_inout_advance_pointer([5n], 1), 'zc_inout_advance_pointer: parameter 0[0] expects pointer (a pointer object or null), got 5n'],
    [() => s.zc_inout_swap_point([{ x: 1 }], 1), 'zc_inout_swap_point: parameter 0[0].y expects f64 (a number), got undefined'],
    [() => s.zc_out_sum_i32(1, 'x', [0]), 'zc_out_sum_i32: parameter 1 expects i32 (a number in the int32 range), got a string'],
  ];
  for (const [call, message] of cases) assert.throws(call, { name: 'TypeError', message });
  const untouched = Object.freeze([7n]);
  assert.throws(() => s.zc_inout_double_i64(untouched), TypeError);
  assert.deepEqual(untouched, [7n]);
});

test('optimized calls: the same values and errors, and the native call stays fast', () => {
  assert.equal(callPath(s.zc_out_sum_i32), fastOff ?? 'fast');
  const run = optimizedSite(s.zc_out_sum_i32, [1, 2, [0]]);
  const holder = [null];
  const { value, error, general } = run(-5, 3, holder);
  assert.equal(error, undefined);
  assert.deepEqual([value, holder], [1, [-2]]);
  assert.equal(general, fastOff ? 1 : 0);
  const bad = run(1, 2, [1, 2]);
  assert.equal(bad.error.message, 'zc_out_sum_i32: parameter 2 expects { out: i32 } (a one-element array), got an array of 2 elements');
  assert.equal(bad.general, 0);
  const runPointer = optimizedSite(s.zc_out_offset_pointer, [new Uint8Array(4), 1, [null]]);
  const bytes = new Uint8Array(new ArrayBuffer(8));  // off the V8 heap: one address throughout
  const base = UnsafePointer.value(UnsafePointer.of(bytes));
  const end = [null];
  const pointerRun = runPointer(bytes, 6, end);
  assert.equal(pointerRun.error, undefined);
  assert.equal(UnsafePointer.value(end[0]), base + 6n);
  assert.equal(pointerRun.general, fastOff ? 1 : 0);
  const runInout = optimizedSite(s.zc_inout_double_i64, [[1n]]);
  const badInout = runInout(['x']);
  assert.equal(badInout.error.message, 'zc_inout_double_i64: parameter 0[0] expects i64 (a bigint or an integral number), got a string');
});

test('nonblocking symbols store the value before the Promise resolves', async () => {
  const sum = [null];
  const pending = nb.zc_out_sum_i32(40, 2, sum);
  assert.ok(pending instanceof Promise);
  assert.deepEqual(sum, [null]);  // nothing is stored while the call may still run
  assert.deepEqual(await pending.then((v) => [v, sum[0]]), [1, 42]);
  const a = [5n]; const b = [-3n];
  assert.deepEqual(await Promise.all([nb.zc_inout_double_i64(a), nb.zc_inout_double_i64(b)]), [5n, -3n]);
  assert.deepEqual([a, b], [[10n], [-6n]]);
  const point = [{ x: 1, y: 2 }];
  await nb.zc_inout_swap_point(point, 2);
  assert.deepEqual(point, [{ x: 4, y: 2 }]);
  assert.throws(() => nb.zc_out_sum_i32(1, 2, []), {
    name: 'TypeError', message: 'zc_out_sum_i32: parameter 2 expects { out: i32 } (a one-element array), got an array of 0 elements',
  });
});

test('UnsafeFnPointer takes out-parameters too', () => {
  const fn = new UnsafeFnPointer(UnsafePointer.create(addressOf('zc_out_sum_i32')),
    { parameters: ['i32', 'i32', { out: 'i32' }], result: 'i32' });
  const out = [0];
  assert.equal(fn.call(2, 3, out), 1);
  assert.deepEqual(out, [5]);
});

function addressOf(name) {
  const self = dlopen(fixturePath, { [name]: { type: 'pointer' } });
  const address = UnsafePointer.value(self.symbols[name]);
  self.close();
  return address;
}

test('definition errors: out types, unknown keys, and places an out-parameter cannot be', () => {
  const cases = [
    [{ parameters: [{ out: 'i33' }], result: 'void' },
      'Invalid definition of \'f\': parameters[0].out is "i33", not a type an out-parameter can have (a scalar, pointer, cstring or struct type)'],
    [{ parameters: [{ inout: 'void' }], result: 'void' },
      'Invalid definition of \'f\': parameters[0].inout is "void", not a type an out-parameter can have (a scalar, pointer, cstring or struct type)'],
    [{ parameters: [{ out: 'i32', size: 4 }], result: 'void' }, 'Invalid definition of \'f\': parameters[0] has an unknown key "size"'],
    [{ parameters: ['i32'], result: { out: 'i32' } },
      'Invalid definition of \'f\': result is { out: ... }, which only a foreign function\'s parameters can be'],
    [{ parameters: [{ struct: [{ inout: 'i32' }] }], result: 'void' },
      'Invalid definition of \'f\': parameters[0].struct[0] is { inout: ... }, which only a foreign function\'s parameters can be'],
  ];
  for (const [definition, message] of cases) {
    assert.throws(() => dlopen(fixturePath, { f: definition }), { name: 'TypeError', message });
  }
  assert.throws(() => new UnsafeCallback({ parameters: [{ out: 'i32' }], result: 'void' }, () => {}), {
    name: 'TypeError',
    message: 'Invalid definition of \'UnsafeCallback\': parameters[0] is { out: ... }, which only a foreign function\'s parameters can be',
  });
});

test('{ out: "cstring" } gives the string C stored (null for NULL), cold and optimized', () => {
  const { zc_out_greeting: greet } = dlopen(fixturePath, {
    zc_out_greeting: { parameters: [{ out: 'cstring' }, 'i32'], result: 'i32' },
  }).symbols;
  const holder = ['unchanged'];
  assert.equal(greet(holder, 1), 1);
  assert.deepEqual(holder, ['hello']);
  greet(holder, 2);
  assert.deepEqual(holder, ['h\u00e9llo']);
  greet(holder, 3);
  assert.deepEqual(holder, ['bad \ufffd byte']);
  greet(holder, 0);
  assert.deepEqual(holder, [null]);
  const run = optimizedSite(greet, [[null], 1]);
  const optimizedHolder = [undefined];
  assert.deepEqual(run(optimizedHolder, 2), { value: 1, error: undefined, general: 0 });
  assert.deepEqual(optimizedHolder, ['h\u00e9llo']);
  assert.throws(() => dlopen(fixturePath, { zc_out_greeting: { parameters: [{ inout: 'cstring' }, 'i32'], result: 'i32' } }),
    { name: 'TypeError', message: 'Invalid definition of \'zc_out_greeting\': parameters[0] is { inout: "cstring" }: ' +
      'C\'s string cannot start as a JS one; use { out: "cstring" }' });
});

test('libc strtol gives its end pointer through { out: "pointer" }', () => {
  const libc = dlopen(null, { strtol: { parameters: ['buffer', { out: 'pointer' }, 'i32'], result: 'i64' } });
  const text = new TextEncoder().encode('1234abc\0');
  const end = [null];
  assert.equal(libc.symbols.strtol(text, end, 10), 1234n);
  assert.equal(UnsafePointer.value(end[0]) - UnsafePointer.value(UnsafePointer.of(text)), 4n);
  assert.equal(UnsafePointerView.getCString(end[0]), 'abc');
  libc.close();
});

test('sqlite3_open(":memory:", [null]) yields a usable handle', () => {
  const sqlite = dlopen('libsqlite3.so.0', {
    sqlite3_open: { parameters: ['buffer', { out: 'pointer' }], result: 'i32' },
    sqlite3_prepare_v2: { parameters: ['pointer', 'buffer', 'i32', { out: 'pointer' }, 'pointer'], result: 'i32' },
    sqlite3_step: { parameters: ['pointer'], result: 'i32' },
    sqlite3_column_int: { parameters: ['pointer', 'i32'], result: 'i32' },
    sqlite3_finalize: { parameters: ['pointer'], result: 'i32' },
    sqlite3_close: { parameters: ['pointer'], result: 'i32' },
  });
  const cString = (text) => new TextEncoder().encode(`${text}\0`);
  const db = [null];
  assert.equal(sqlite.symbols.sqlite3_open(cString(':memory:'), db), 0);
  assert.equal(typeof db[0], 'object');
  assert.notEqual(db[0], null);
  const stmt = [null];
  assert.equal(sqlite.symbols.sqlite3_prepare_v2(db[0], cString('SELECT 40 + 2'), -1, stmt, null), 0);
  assert.equal(sqlite.symbols.sqlite3_step(stmt[0]), 100);  // SQLITE_ROW
  assert.equal(sqlite.symbols.sqlite3_column_int(stmt[0], 0), 42);
  assert.equal(sqlite.symbols.sqlite3_finalize(stmt[0]), 0);
  assert.equal(sqlite.symbols.sqlite3_close(db[0]), 0);
  sqlite.close();
});
