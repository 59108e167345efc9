// flags: --expose-gc
'use strict';
// UnsafeCallback: C calling JS synchronously (qsort, sqlite3_exec, re-entrant calls),
// exceptions, closed callbacks, and calls from other threads (8 threads x 100 000).
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { dlopen, UnsafeCallback, UnsafePointer, UnsafePointerView } = require('zerocall');
const { fixturePath } = require('../support/fixture.js');

const lib = dlopen(fixturePath, {
  call_i32_fn: { parameters: ['function', 'i32', 'i32'], result: 'i32', callback: true },
  call_unary: { parameters: ['function', 'i32'], result: 'i32', callback: true },
  call_f64_fn: { parameters: ['function', 'f64', 'i64', 'pointer'], result: 'f64', callback: true },
  call_from_threads: { parameters: ['function', 'i32', 'i32'], result: 'i64', nonblocking: true },
  call_later_from_thread: { parameters: ['function', 'i32', 'i32'], result: 'void' },
});
const s = lib.symbols;
test.after(() => lib.close());

test('a JS function called synchronously from C', () => {
  const add = new UnsafeCallback({ parameters: ['i32', 'i32'], result: 'i32' }, (a, b) => a + b);
  assert.equal(typeof add.pointer, 'object');
  assert.deepEqual(add.definition, { parameters: ['i32', 'i32'], result: 'i32' });
  assert.equal(s.call_i32_fn(add.pointer, 20, 22), 42);
  // The JS result converts like an argument: out of the int32 range is a TypeError.
  assert.throws(() => s.call_i32_fn(add.pointer, 2 ** 31 - 1, 1), {
    name: 'TypeError',
    message: 'UnsafeCallback: the callback\'s return value expects i32 (a number in the int32 range), got 2147483648',
  });
  assert.ok(UnsafePointer.equals(UnsafePointer.of(add), add.pointer));
  const mixed = new UnsafeCallback({ parameters: ['f64', 'i64', 'pointer'], result: 'f64' }, (x, n, p) => {
    assert.equal(typeof n, 'bigint');
    return x * Number(n) + Number(UnsafePointer.value(p));
  });
  assert.equal(s.call_f64_fn(mixed.pointer, 1.5, 4n, UnsafePointer.create(100n)), 106);
  add.close();
  mixed.close();
});

test('qsort with a JS comparator', () => {
  const libc = dlopen(null, { qsort: { parameters: ['buffer', 'usize', 'usize', 'function'], result: 'void', callback: true } });
  const compare = new UnsafeCallback({ parameters: ['pointer', 'pointer'], result: 'i32' },
    (a, b) => new UnsafePointerView(a).getInt32() - new UnsafePointerView(b).getInt32());
  const values = new Int32Array([5, -3, 9, 0, 2, 2, -7]);
  libc.symbols.qsort(values, values.length, 4, compare.pointer);
  assert.deepEqual([...values], [-7, -3, 0, 2, 2, 5, 9]);
  compare.close();
  libc.close();
});

test('sqlite3_exec with a JS row callback', () => {
  const sqlite = dlopen('libsqlite3.so.0', {
    sqlite3_open: { parameters: ['buffer', 'buffer'], result: 'i32' },
    sqlite3_exec: { parameters: ['pointer', 'buffer', 'function', 'pointer', 'pointer'], result: 'i32', callback: true },
    sqlite3_close: { parameters: ['pointer'], result: 'i32' },
  });
  const out = new BigUint64Array(1);
  assert.equal(sqlite.symbols.sqlite3_open(Buffer.from(':memory:\0'), out), 0);
  const db = UnsafePointer.create(out[0]);
  const rows = [];
  const onRow = new UnsafeCallback({ parameters: ['pointer', 'i32', 'pointer', 'pointer'], result: 'i32' },
    (_, columns, values) => {
      const view = new UnsafePointerView(values);
      const row = [];
      for (let i = 0; i < columns; i++) row.push(UnsafePointerView.getCString(view.getPointer(i * 8)));
      rows.push(row);
      return 0;
    });
  const sql = Buffer.from("SELECT 1, 'one' UNION ALL SELECT 2, 'two';\0");
  assert.equal(sqlite.symbols.sqlite3_exec(db, sql, onRow.pointer, null, null), 0);
  assert.deepEqual(rows, [['1', 'one'], ['2', 'two']]);
  assert.equal(sqlite.symbols.sqlite3_close(db), 0);
  onRow.close();
  sqlite.close();
});

test('callbacks re-enter: a callback calls C that calls back again', () => {
  let depth = 0;
  const inner = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => x * 10);
  const outer = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => {
    depth++;
    return s.call_unary(inner.pointer, x) + 1;
  });
  assert.equal(s.call_unary(outer.pointer, 4), 41);
  assert.equal(depth, 1);
  inner.close();
  outer.close();
});

test('an exception in a callback: C gets zero, the caller gets the exception', () => {
  let returnedToC;
  const check = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => x + 1);
  const thrower = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => {
    throw new RangeError(`bad ${x}`);
  });
  const relay = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => {
    returnedToC = s.call_unary(thrower.pointer, x);  // throws here, in JS, after C returned
    return 5;
  });
  assert.throws(() => s.call_unary(thrower.pointer, 3), { name: 'RangeError', message: 'bad 3' });
  assert.throws(() => s.call_unary(relay.pointer, 8), { name: 'RangeError', message: 'bad 8' });
  assert.equal(returnedToC, undefined, 'the inner foreign call threw to the relay, which never returned');
  assert.equal(s.call_unary(check.pointer, 1), 2, 'the next call is unaffected');
  const badResult = new UnsafeCallback({ parameters: [], result: 'i32' }, () => 'not a number');
  const zero = dlopen(fixturePath, { call0: { name: 'call_unary', parameters: ['function', 'i32'], result: 'i32', callback: true } });
  assert.throws(() => zero.symbols.call0(badResult.pointer, 0), {
    name: 'TypeError',
    message: 'UnsafeCallback: the callback\'s return value expects i32 (a number in the int32 range), got a string',
  });
  zero.close();
  for (const cb of [check, thrower, relay, badResult]) cb.close();
});

test('a closed callback returns zero and reports it instead of crashing', () => {
  const script = `
    const { dlopen, UnsafeCallback } = require(${JSON.stringify(require.resolve('zerocall'))});
    const lib = dlopen(${JSON.stringify(fixturePath)}, { call_unary: { parameters: ['function', 'i32'], result: 'i32', callback: true } });
    const cb = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => x + 1);
    const pointer = cb.pointer;
    console.log(lib.symbols.call_unary(pointer, 1));
    cb.close();
    console.log(lib.symbols.call_unary(pointer, 1));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, '2\n0\n');
  assert.equal(child.stderr, 'zerocall: a closed UnsafeCallback was called; it returns zero\n');
});

test('8 native threads x 100 000 calls: every call runs on the JS thread and returns', async () => {
  const threads = 8;
  const iterations = 100_000;
  const seen = new Int32Array(threads + 1);
  const counter = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (id) => {
    seen[id]++;
    return id * 2;
  });
  const before = (globalThis.gc(), process.memoryUsage().rss);
  const total = await s.call_from_threads(counter.pointer, threads, iterations);
  globalThis.gc();
  const growth = process.memoryUsage().rss - before;
  let expected = 0n;
  for (let id = 1; id <= threads; id++) {
    assert.equal(seen[id], iterations, `thread ${id}`);
    expected += BigInt(id * 2 * iterations);
  }
  assert.equal(total, expected);
  if (process.env.ZEROCALL_ASAN !== '1') assert.ok(growth < 32 * 1024 * 1024, `RSS grew by ${growth} bytes`);
  counter.close();
});

test('a thread-safe callback keeps the process alive until C calls it; unref lets it exit', () => {
  const run = (body) => spawnSync(process.execPath, ['-e', `
    const { dlopen, UnsafeCallback } = require(${JSON.stringify(require.resolve('zerocall'))});
    const lib = dlopen(${JSON.stringify(fixturePath)}, { later: { name: 'call_later_from_thread', parameters: ['function', 'i32', 'i32'], result: 'void' } });
    ${body}`], { encoding: 'utf8', timeout: 10000 });
  const kept = run(`
    const cb = UnsafeCallback.threadSafe({ parameters: ['i32'], result: 'i32' }, (v) => { console.log('called', v); cb.close(); return 0; });
    lib.symbols.later(cb.pointer, 150, 7);`);
  assert.equal(kept.status, 0, kept.stderr);
  assert.equal(kept.stdout, 'called 7\n');
  const released = run(`
    const cb = UnsafeCallback.threadSafe({ parameters: ['i32'], result: 'i32' }, (v) => 0);
    console.log(cb.ref(), cb.unref(), cb.unref());`);
  assert.equal(released.status, 0, released.stderr);
  assert.equal(released.stdout, '2 1 0\n');
});

test('definitions and arguments are checked', () => {
  assert.throws(() => new UnsafeCallback({ parameters: ['i32'], result: 'i32', optional: true }, () => 0), {
    name: 'TypeError', message: 'Invalid definition of \'UnsafeCallback\': unknown key "optional"',
  });
  assert.throws(() => new UnsafeCallback({ parameters: ['i33'], result: 'i32' }, () => 0), {
    name: 'TypeError', message: 'Invalid definition of \'UnsafeCallback\': parameters[0] is "i33", not a known type',
  });
  assert.throws(() => new UnsafeCallback({ parameters: [], result: 'void' }, 5), {
    name: 'TypeError', message: 'UnsafeCallback: callback must be a function, got 5',
  });
});
