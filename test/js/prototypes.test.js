// flags: --allow-natives-syntax
'use strict';
// C prototype strings as definitions (dlopen, UnsafeFnPointer, UnsafeCallback): C's
// types by the LP64 data model, qualifiers, typedef-free stdint names, pointers and
// function pointers, __asm__ renames; the same native function (and fast path) as the
// Deno-style definition; exact errors for what zerocall cannot pass; the time to parse
// 1 000 prototypes (printed, not asserted).
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafeCallback, UnsafeFnPointer, UnsafePointer } = require('zerocall');
const { parseDefinition } = require('../../lib/internal/definition');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { throwsExact } = require('../support/assert.js');
const { fastOff } = require('../support/fast_off.js');
const { optimizedSite } = require('../support/optimize.js');

const plainChar = process.arch === 'arm64' ? 'u8' : 'i8';
const signature = (def) => {
  const d = parseDefinition('f', def);
  return { parameters: d.parameterCodes, result: d.resultCode };
};

test('C types map by the LP64 data model', () => {
  const cases = [
    ['void f(void)', [], 'void'],
    ['void f()', [], 'void'],
    ['char f(char a, signed char b, unsigned char c)', [plainChar, 'i8', 'u8'], plainChar],
    ['short f(short int, unsigned short, short unsigned int, signed short)', ['i16', 'u16', 'u16', 'i16'], 'i16'],
    ['int f(signed, unsigned, unsigned int, signed int)', ['i32', 'u32', 'u32', 'i32'], 'i32'],
    ['long f(long int, unsigned long, long unsigned int, signed long)', ['i64', 'u64', 'u64', 'i64'], 'i64'],
    ['long long f(unsigned long long int, long long int)', ['u64', 'i64'], 'i64'],
    ['double f(float, double)', ['f32', 'f64'], 'f64'],
    ['_Bool f(bool)', ['bool'], 'bool'],
    ['size_t f(ssize_t, ptrdiff_t, intptr_t, uintptr_t)', ['isize', 'isize', 'isize', 'usize'], 'usize'],
    ['int64_t f(int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, uint64_t)', ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'u64'], 'i64'],
    ['void *f(const void *p, char **argv, int *out, struct opaque *o)', ['pointer', 'pointer', 'pointer', 'pointer'], 'pointer'],
    ['const char *f(const char *s, unsigned char *bytes, char *out, char **argv)', ['cstring', 'pointer', 'cstring', 'pointer'], 'cstring'],
    ['int f(int a[4], int (*cb)(int), int g(void), void (*(*h)(int))(void))', ['pointer', 'function', 'function', 'function'], 'i32'],
    ['int (*f(void))(int)', [], 'function'],
    ['volatile int f(const int x, int *const restrict p, int *__restrict q, const volatile long v)', ['i32', 'pointer', 'pointer', 'i64'], 'i32'],
    ['extern int f(int) __attribute__((__nothrow__, __nonnull__(1)));', ['i32'], 'i32'],
    ['int (*)(int, double)', ['i32', 'f64'], 'i32'],
    ['int (int, double)', ['i32', 'f64'], 'i32'],
  ];
  for (const [text, parameters, result] of cases) {
    assert.deepEqual(signature(text), signature({ parameters, result }), text);
  }
});

test('a prototype binds its C name under the key; __asm__ renames the symbol', () => {
  const lib = dlopen(fixturePath, {
    add_i32: 'int32_t add_i32(int32_t a, int32_t b)',
    plus: 'int plus(int, int) __asm__("add_i32")',
    sum: 'int add_i32(int, int)',
  });
  assert.equal(lib.symbols.add_i32(40, 2), 42);
  assert.equal(lib.symbols.plus(1, 2), 3);
  assert.equal(lib.symbols.sum(5, 5), 10);
  lib.close();
  const zlib = dlopen('libz.so.1', { crc32: 'unsigned long crc32(unsigned long crc, const unsigned char *buf, unsigned int len)' });
  const data = new TextEncoder().encode('hello');
  assert.equal(zlib.symbols.crc32(0n, UnsafePointer.of(data), data.length), 907060870n);
  zlib.close();
});

test('UnsafeCallback and UnsafeFnPointer take a function-pointer type or a plain prototype', () => {
  const lib = dlopen(fixturePath, { call_i32_fn: 'int32_t call_i32_fn(int32_t (*fn)(int32_t, int32_t), int32_t a, int32_t b)', get_add_i32_ptr: 'void *get_add_i32_ptr(void)' });
  const viaPointerType = new UnsafeCallback('int (*)(int, int)', (a, b) => a * b);
  const viaPrototype = new UnsafeCallback('int combine(int a, int b)', (a, b) => a - b);
  assert.equal(lib.symbols.call_i32_fn(viaPointerType.pointer, 6, 7), 42);
  assert.equal(lib.symbols.call_i32_fn(viaPrototype.pointer, 6, 7), -1);
  const add = new UnsafeFnPointer(lib.symbols.get_add_i32_ptr(), 'int32_t (*)(int32_t, int32_t)');
  assert.equal(add.call(20, 22), 42);
  viaPointerType.close();
  viaPrototype.close();
  lib.close();
});

test('what zerocall cannot pass is a TypeError naming the key, the reason and the place', () => {
  const bad = (text, key = 'f') => () => dlopen(fixturePath, { [key]: text });
  const invalid = (key, what, text) => `Invalid definition of '${key}': ${what} in ${JSON.stringify(text)}`;
  const cases = [
    ['int printf(const char *, ...)', 'variadic functions (...) are not supported'],
    ['long double f(void)', 'long double is not supported (line 1, column 1)'],
    ['__int128 f(void)', '__int128 is not supported (line 1, column 1)'],
    ['int f(va_list ap)', 'expected a type, got "va_list" (line 1, column 7)'],
    ['foo_t f(void)', 'expected a type, got "foo_t" (line 1, column 1)'],
    ['int f(int', 'expected ")", got the end (line 1, column 10)'],
    ['int x', 'expected a function prototype, got i32 (line 1, column 1)'],
    ['int f(int) extra', 'unexpected "extra" after the prototype (line 1, column 12)'],
    ['int f(unsigned double)', '"unsigned double" is not a valid type (line 1, column 7)'],
    ['int f(long long long)', '"long long long" is not a valid type (line 1, column 7)'],
    ['struct s f(void)', 'struct s is incomplete (declared at line 1, column 1): use it through a pointer (line 1, column 10)'],
    ['int f(int @)', 'unexpected character "@" (line 1, column 11)'],
  ];
  for (const [text, what] of cases) throwsExact(bad(text), TypeError, invalid('f', what, text));
  throwsExact(() => new UnsafeCallback('int (*)(int, ...)', () => 0), TypeError,
    invalid('UnsafeCallback', 'variadic functions (...) are not supported', 'int (*)(int, ...)'));
});

test('a prototype symbol is the very native function of the same Deno-style symbol', () => {
  const deno = dlopen(fixturePath, { add_i32: { parameters: ['i32', 'i32'], result: 'i32' } });
  const denoFn = deno.symbols.add_i32;
  deno.close();
  // Reopening binds the same key and signature again, which reuses the function.
  const proto = dlopen(fixturePath, { add_i32: 'int add_i32(int, int)' });
  assert.equal(proto.symbols.add_i32, denoFn);
  assert.equal(binding.callPath(proto.symbols.add_i32), fastOff ?? 'fast');
  const run = optimizedSite(proto.symbols.add_i32, [1, 2]);
  assert.deepEqual(run(20, 22), { value: 42, error: undefined, general: fastOff ? 1 : 0 });
  proto.close();
});

test('parsing 1 000 prototypes (time printed, for the bench note)', (t) => {
  const texts = Array.from({ length: 1000 }, (_, i) =>
    `const unsigned char *fn_${i}(unsigned long crc, const char *name, int (*cb)(void *, int), size_t n${i % 7}, double d)`);
  const { prototypeDefinition } = require('../../lib/cdecl/prototype');
  prototypeDefinition('warm', texts[0], true);
  const start = process.hrtime.bigint();
  let last;
  for (const text of texts) last = prototypeDefinition('k', text, true);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.deepEqual(last, { name: 'fn_999', parameters: ['u64', 'cstring', 'function', 'usize', 'f64'], result: 'pointer' });
  t.diagnostic(`parsed 1000 prototypes in ${ms.toFixed(1)} ms`);
});
