'use strict';
// cdef(text): symbols, types and constants of header text; GNU extensions; what it
// skips (with the reason and place) and what is an Error (with the line and column);
// the real zlib.h and sqlite3.h, preprocessed here by the C compiler, bound and called.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { cdef, dlopen, struct, UnsafePointer, UnsafePointerView, UnsafeCallback } = require('zerocall');
const { throwsExact } = require('../support/assert.js');

const HEADER = `
#define N 4
#define MASK (0x10u | 1 << 2)
#define NAME "text"
#define TWICE(x) ((x) * 2)
#define NEG (-N - 1)
#define BIG 0xffffffffffffffffULL
#define SIZE_OF_SHAPE sizeof(shape_t)
typedef unsigned int u32_t;
typedef struct point { double x, y; } point_t;
typedef union { int i; float f; unsigned char bytes[4]; } bits_t;
typedef struct { point_t corners[N]; u32_t count; } shape_t;
struct packed_s { char c; int i; } __attribute__((packed));
struct aligned_s { char c; int i __attribute__((aligned(16))); };
enum color { RED, GREEN = 5, BLUE };
typedef enum { OFF = -1, ON = 1 } state_t;
typedef int (*compare_fn)(const void *, const void *);
typedef void handler_t(int);
struct flags { unsigned a : 1; };
struct opaque;
extern int counter;
extern const char version[];
int sum(const int *values, size_t n);
point_t midpoint(point_t a, point_t b) __attribute__((__pure__));
enum color pick(state_t s, struct opaque *o);
int printf(const char *format, ...);
long double precise(void);
int renamed(int) __asm__("real_name");
static inline int helper(int x) { return x * 2; }
`;

test('symbols, types and constants of a header', () => {
  const { symbols, types, constants, skipped } = cdef(HEADER);
  assert.deepEqual(constants, { N: 4, MASK: 20, NEG: -5, BIG: 2n ** 64n - 1n, SIZE_OF_SHAPE: 72, RED: 0, GREEN: 5, BLUE: 6, OFF: -1, ON: 1 });
  const point = types.point_t;
  assert.equal(types['struct point'], point);
  assert.deepEqual([point.kind, point.name, point.size, point.align, point.offsets], ['struct', 'point', 16, 8, { x: 0, y: 8 }]);
  assert.deepEqual([types.bits_t.kind, types.bits_t.size, types.bits_t.offsets], ['union', 4, { i: 0, f: 0, bytes: 0 }]);
  assert.deepEqual([types.shape_t.size, types.shape_t.offsets, types.shape_t.fields.corners.length], [72, { corners: 0, count: 64 }, 4]);
  assert.deepEqual([types['struct packed_s'].size, types['struct packed_s'].offsets], [5, { c: 0, i: 1 }]);
  assert.deepEqual([types['struct aligned_s'].size, types['struct aligned_s'].align, types['struct aligned_s'].offsets], [32, 16, { c: 0, i: 16 }]);
  assert.equal(types.u32_t, 'u32');
  assert.deepEqual(types['enum color'], { RED: 0, GREEN: 5, BLUE: 6 });
  assert.ok(Object.isFrozen(types['enum color']));
  assert.deepEqual(types.state_t, { OFF: -1, ON: 1 });
  assert.deepEqual(types.compare_fn, { parameters: ['pointer', 'pointer'], result: 'i32' });
  assert.deepEqual(types.handler_t, { parameters: ['i32'], result: 'void' });
  assert.deepEqual(Object.keys(symbols), ['sum', 'midpoint', 'pick', 'renamed', 'counter', 'version']);
  assert.deepEqual(symbols.sum, { parameters: ['pointer', 'usize'], result: 'i32' });
  assert.deepEqual(symbols.midpoint, { parameters: [point, point], result: point });
  assert.deepEqual(symbols.pick, { parameters: ['i32', 'pointer'], result: 'i32' });
  assert.deepEqual(symbols.renamed, { name: 'real_name', parameters: ['i32'], result: 'i32' });
  assert.deepEqual(symbols.counter, { type: 'i32' });
  assert.deepEqual(symbols.version, { type: 'pointer' });
  assert.deepEqual(skipped, {
    printf: 'variadic functions (...) are not supported (line 26, column 5)',
    precise: 'long double is not supported (line 27, column 1)',
    'type struct flags': 'bitfields are not supported (line 19, column 25)',
  });
});

test('named types from elsewhere are usable by name (options.types)', () => {
  const Point = struct({ x: 'f64', y: 'f64' });
  const first = cdef('typedef struct { int w, h; } Size; typedef int (*visit_fn)(Size *);');
  const { symbols, types } = cdef('Point mid(Point a, Point b); Size grow(Size s, visit_fn f); typedef struct { Point p; Size s; } Both;',
    { types: { Point, ...first.types } });
  assert.equal(symbols.mid.parameters[0], Point);
  assert.deepEqual(symbols.grow, { parameters: [first.types.Size, 'function'], result: first.types.Size });
  assert.deepEqual(types.Both.offsets, { p: 0, s: 16 });
  assert.deepEqual(cdef('typedef union { int i; float f; } U;\nU f(int); int g(U *p);').skipped, {
    f: 'the result is a union, which zerocall cannot pass by value (its bytes have no positional struct form): pass a pointer to it (line 2, column 3)',
  });
  throwsExact(() => cdef('int f(void);', { type: {} }), TypeError, 'cdef: unknown option "type"');
  throwsExact(() => cdef(5), TypeError, 'cdef: expects header text (a string), got 5');
});

test('what cdef cannot read is an Error naming the line and column', () => {
  const cases = [
    ['int f(int;', 'expected ")", got ";" (line 1, column 10)'],
    ['#if X\n#endif', '#if is not supported: preprocess the header first (cc -E -P) (line 1, column 1)'],
    ['#include <stdio.h>', '#include is not supported: preprocess the header first (cc -E -P) (line 1, column 1)'],
    ['#pragma pack(1)', '#pragma pack is not supported: use struct(fields, { pack }) (line 1, column 1)'],
    ['struct a { int x; };\nstruct a { int y; };', 'struct a is defined twice (line 2, column 1)'],
    ['foo_t x;', 'expected a type, got "foo_t" (line 1, column 1)'],
    ['int f(void) {', 'unclosed "{" (line 1, column 13)'],
    ['enum { A = B };', 'B is not a known constant (line 1, column 12)'],
    ['int a[1/0];', 'division by zero in a constant expression (line 1, column 8)'],
    ['typedef int ssize_t;', 'typedef ssize_t does not match the platform\'s ssize_t (line 1, column 13)'],
    ['int x = 1 /* unterminated', 'unterminated comment (line 1, column 11)'],
    ['  char *s = "abc;', 'unterminated string (line 1, column 13)'],
    ['int (^block)(void);', 'blocks (^) are not supported (line 1, column 6)'],
    ['unsigned float x;', '"unsigned float" is not a valid type (line 1, column 1)'],
  ];
  for (const [text, message] of cases) throwsExact(() => cdef(text), Error, message);
});

// Preprocesses `#include <header>` with the host's C compiler, keeping #define lines (a
// cross compiler, as the arm64 run's CC, has no zlib or sqlite headers; the declarations
// used here are the same on both CPUs).
function preprocessed(header) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zerocall-cdef-'));
  const source = path.join(dir, 'h.c');
  fs.writeFileSync(source, `#include <${header}>\n`);
  const r = spawnSync('cc', ['-E', '-P', '-dD', source], { encoding: 'utf8', maxBuffer: 1 << 26 });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// What preprocessed system headers may hold that zerocall cannot bind.
const EXPECTED_SKIPS = /^(variadic functions \(\.\.\.\) are not supported|va_list is not supported|long double is not supported|__attribute__\(\(mode\)\) is not supported|_Float\w+ is not supported) \(line \d+, column \d+\)$/;

function pick(symbols, names) {
  return Object.fromEntries(names.map((n) => [n, symbols[n]]));
}

test('the real zlib.h: parsed whole, and crc32 of "hello"', () => {
  const z = cdef(preprocessed('zlib.h'));
  for (const [name, why] of Object.entries(z.skipped)) assert.match(why, EXPECTED_SKIPS, name);
  assert.equal(z.constants.Z_OK, 0);
  assert.equal(z.constants.Z_STREAM_END, 1);
  assert.equal(z.types.z_stream.offsets.next_in, 0);
  assert.deepEqual(z.symbols.crc32, { parameters: ['u64', 'pointer', 'u32'], result: 'u64' });
  const lib = dlopen('libz.so.1', pick(z.symbols, ['crc32', 'adler32', 'zlibVersion', 'compressBound']));
  const data = new TextEncoder().encode('hello');
  assert.equal(lib.symbols.crc32(0n, UnsafePointer.of(data), data.length), 907060870n);
  assert.equal(lib.symbols.adler32(1n, UnsafePointer.of(data), data.length), 0x062c0215n);
  assert.match(lib.symbols.zlibVersion(), /^1\.\d+/);  // const char*: a string
  lib.close();
});

test('the real sqlite3.h: parsed whole, and a SELECT through prepare/step and exec', () => {
  const s = cdef(preprocessed('sqlite3.h'));
  for (const [name, why] of Object.entries(s.skipped)) assert.match(why, EXPECTED_SKIPS, name);
  assert.equal(s.constants.SQLITE_ROW, 100);
  assert.equal(s.constants.SQLITE_DONE, 101);
  assert.ok(Object.keys(s.symbols).length > 250);
  const lib = dlopen('libsqlite3.so.0', pick(s.symbols, ['sqlite3_open', 'sqlite3_prepare_v2', 'sqlite3_step',
    'sqlite3_column_int', 'sqlite3_column_text', 'sqlite3_finalize', 'sqlite3_exec', 'sqlite3_close']));
  const q = lib.symbols;
  const out = new BigUint64Array(1);
  // const char* parameters take JS strings.
  assert.equal(q.sqlite3_open(':memory:', UnsafePointer.of(out)), s.constants.SQLITE_OK);
  const db = UnsafePointer.create(out[0]);
  assert.equal(q.sqlite3_prepare_v2(db, "SELECT 6 * 7, 'forty-two'", -1, UnsafePointer.of(out), null), s.constants.SQLITE_OK);
  const stmt = UnsafePointer.create(out[0]);
  assert.equal(q.sqlite3_step(stmt), s.constants.SQLITE_ROW);
  assert.equal(q.sqlite3_column_int(stmt, 0), 42);
  assert.equal(UnsafePointerView.getCString(q.sqlite3_column_text(stmt, 1)), 'forty-two');
  assert.equal(q.sqlite3_step(stmt), s.constants.SQLITE_DONE);
  q.sqlite3_finalize(stmt);
  const rows = [];
  const onRow = new UnsafeCallback(s.types.sqlite3_callback, (_, columns, values) => {
    rows.push(UnsafePointerView.getCString(new UnsafePointerView(values).getPointer(0)));
    return 0;
  });
  assert.equal(q.sqlite3_exec(db, 'SELECT 1 UNION ALL SELECT 2', onRow.pointer, null, null), 0);
  assert.deepEqual(rows, ['1', '2']);
  onRow.close();
  q.sqlite3_close(db);
  lib.close();
});
