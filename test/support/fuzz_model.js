'use strict';
// The fuzzer's model (test/support/fuzz_child.js): the functions of
// test/fixture/fixture_fuzz.c with the ways a definition may declare each one, arbitraries
// for their argument values (in range, or hostile), and the checksum C computes, in JS.
const fc = require('fast-check');
const { UnsafePointer } = require('zerocall');

const M64 = (1n << 64n) - 1n;
const u64 = (x) => BigInt.asUintN(64, BigInt(x));
const mix = (h, x) => ((h * 1000003n) & M64) ^ u64(x);
const mixAll = (xs) => xs.reduce(mix, 17n);

// A 64-bit result declared as any of these gives the same bits (as a signed or unsigned bigint).
const wide = (spelling) => (spelling === 'i64' || spelling === 'isize' ? (v) => BigInt.asIntN(64, v) : (v) => v);
const WIDE_RESULTS = ['u64', 'usize', 'i64', 'isize'];

const int = (bits, signed) => (signed
  ? fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 })
  : fc.integer({ min: 0, max: 2 ** bits - 1 }));
const pointerValue = fc.oneof(fc.constant(null), fc.bigInt({ min: 0n, max: (1n << 48n) - 1n }).filter((v) => v !== 0n).map((v) => UnsafePointer.create(v)));
const addressOf = (p) => (p === null ? 0n : UnsafePointer.value(p));
const noNul = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0'));

// Values no parameter type accepts as they are, or only some do: the paths must agree on
// the conversion or the error.
const hostile = fc.oneof(
  fc.constantFrom(undefined, null, true, false, '', '12', 'x', NaN, Infinity, -Infinity, -0, 2 ** 53, -(2 ** 63),
    2 ** 64, 1.5, -1, 0n, -1n, 2n ** 64n, 2n ** 63n, -(2n ** 63n) - 1n, 'a\0b'),
  fc.double(), fc.bigInt(), fc.integer(), fc.string({ maxLength: 5 }),
  fc.constantFrom({}, [], [1], Symbol('s'), () => 1, new Uint8Array(2), new ArrayBuffer(8), new Float64Array(1),
    new DataView(new ArrayBuffer(4)), Object.create(null), { valueOf: () => 1 }, new Date(0)),
);

// name -> { definitions: arbitrary of { parameters, result }, args: arbitrary of valid
// argument lists, expect(result spelling, args) -> the value C returns, hostileSlots: the
// parameters a hostile value may replace (default: any) }.
const FUNCTIONS = {
  fuzz_ints: {
    parameters: (r) => [fc.constant('i8'), fc.constant('u8'), fc.constant('i16'), fc.constant('u16'), fc.constant('i32'),
      fc.constant('u32'), fc.constantFrom('i64', 'isize'), fc.constantFrom('u64', 'usize'), fc.constant('bool')],
    result: fc.constantFrom(...WIDE_RESULTS),
    args: fc.tuple(int(8, true), int(8, false), int(16, true), int(16, false), int(32, true), int(32, false),
      fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.boolean()),
    expect: (result, a) => wide(result)(mixAll([...a.slice(0, 8), a[8] ? 1 : 0])),
  },
  fuzz_floats: {
    parameters: () => ['f64', 'f32', 'i32', 'f64', 'f32'].map((t) => fc.constant(t)),
    result: fc.constant('f64'),
    args: fc.tuple(fc.double(), fc.float(), int(32, true), fc.double(), fc.float()),
    expect: (_, [a, b, c, d, e]) => a + b * 2 + c * 4 + d * 0.5 + e,
  },
  fuzz_f32: {
    parameters: () => [fc.constant('f32'), fc.constant('f32')],
    result: fc.constant('f32'),
    args: fc.tuple(fc.float(), fc.float()),
    expect: (_, [a, b]) => Math.fround(a + b),
  },
  fuzz_i32: {
    parameters: () => [fc.constant('i32'), fc.constant('i32'), fc.constant('i32')],
    result: fc.constantFrom('i32', 'u32'),
    args: fc.tuple(int(32, true), int(32, true), int(32, true)),
    expect: (result, [a, b, c]) => {
      const v = (Math.imul(a, 3) + b - c) | 0;
      return result === 'u32' ? v >>> 0 : v;
    },
  },
  fuzz_ptrs: {
    parameters: () => [fc.constant('pointer'), fc.constant('buffer'), fc.constantFrom('usize', 'u64'), fc.constant('cstring')],
    result: fc.constantFrom(...WIDE_RESULTS),
    // C reads `len` bytes of the buffer: neither may be hostile.
    hostileSlots: [0, 3],
    args: fc.tuple(pointerValue, fc.uint8Array({ maxLength: 24 }), fc.nat(), fc.oneof(noNul, fc.constant(null)))
      .map(([p, buf, n, s]) => [p, buf, BigInt(buf.length === 0 ? 0 : n % (buf.length + 1)), s]),
    expect: (result, [p, buf, len, s]) => {
      let h = mixAll([addressOf(p), ...buf.subarray(0, Number(len)), 0xffff]);
      if (s === null) h = mix(h, 0xdead);
      else for (const byte of Buffer.from(s, 'utf8')) h = mix(h, byte);
      return wide(result)(h);
    },
  },
  fuzz_struct: {
    parameters: () => [fc.constant({ struct: ['i32', 'u8', 'f64'] }), fc.constant('u16')],
    result: fc.constantFrom(...WIDE_RESULTS),
    args: fc.tuple(int(32, true), int(8, false), fc.double(), int(16, false)).map(([a, b, c, k]) => {
      const bytes = new Uint8Array(16);
      const view = new DataView(bytes.buffer);
      view.setInt32(0, a, true);
      view.setUint8(4, b);
      view.setFloat64(8, c, true);
      return [bytes, k];
    }),
    expect: (result, [bytes, k]) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      return wide(result)(mixAll([view.getInt32(0, true), view.getUint8(4), view.getBigUint64(8, true), k]));
    },
  },
  fuzz_ptr_echo: {
    parameters: () => [fc.constant('pointer'), fc.constant('i64')],
    result: fc.constant('pointer'),
    args: fc.tuple(fc.bigInt({ min: 0n, max: (1n << 40n) - 1n }).map((v) => UnsafePointer.create(v + 4096n)), fc.bigInt({ min: -4096n, max: 4096n })),
    expect: (_, [p, off]) => {
      const v = u64(addressOf(p) + off);
      return v === 0n ? null : v;
    },
  },
};

// A case: a function, its definition, in-range arguments, and maybe one slot replaced by a
// hostile value (then only the agreement of the two paths is checked).
const callCase = fc.constantFrom(...Object.keys(FUNCTIONS)).chain((name) => {
  const f = FUNCTIONS[name];
  return fc.record({
    name: fc.constant(name),
    parameters: fc.tuple(...f.parameters()),
    result: f.result,
    args: f.args,
    training: f.args,
    hostile: fc.option(fc.record({ slot: fc.constantFrom(...(f.hostileSlots || [0, 1, 2, 3, 4, 5, 6, 7, 8])), value: hostile }),
      { freq: 2 }),
  });
});

module.exports = { FUNCTIONS, callCase, hostile };
