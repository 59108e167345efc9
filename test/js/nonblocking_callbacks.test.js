// flags: --allow-natives-syntax
'use strict';
// Fire-and-forget callbacks (`nonblocking: true` in an UnsafeCallback definition): a
// call from any thread copies its arguments, queues the call for the JS thread and
// returns at once; the JS thread runs the calls in order, none is lost, also while it
// is itself inside a synchronous foreign call that waits for the calling threads (the
// blocking kind would deadlock there). close() drops the calls not yet run.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { dlopen, UnsafeCallback, callPath } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { optimizedSite } = require('../support/optimize.js');
const { fastOff } = require('../support/fast_off.js');

const lib = dlopen(fixturePath, {
  zc_post_from_threads: { parameters: ['function', 'i32', 'i32'], result: 'i64' },
  zc_post_here: { parameters: ['function', 'i32', 'i32'], result: 'void' },
  zc_post_pairs_from_thread: { parameters: ['function', 'i32'], result: 'void' },
  // 'pointer', not 'function': function parameters stay off the fast path on V8 11/12.
  zc_post_here_fast: { name: 'zc_post_here', parameters: ['pointer', 'i32', 'i32'], result: 'void' },
});
const s = lib.symbols;
test.after(() => lib.close());

const EVENT = { parameters: ['i32', 'f64', 'i64'], result: 'void', nonblocking: true };

// Resolves once `done()` holds, checking every few milliseconds (at most 20 s).
async function until(done) {
  for (let waited = 0; !done(); waited += 5) {
    if (waited > 20_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('calls from other threads while the JS thread waits for them: all run later, in order, with their values', async () => {
  const seen = [];
  const cb = new UnsafeCallback(EVENT, (seq, value, wide) => seen.push([seq, value, wide]));
  // One thread: 100 000 calls queue up while the JS thread is inside this call.
  assert.equal(s.zc_post_from_threads(cb.pointer, 1, 100_000), 100_000n);
  assert.equal(seen.length, 0);
  await until(() => seen.length === 100_000);
  for (let i = 0; i < seen.length; i++) {
    const [seq, value, wide] = seen[i];
    if (seq !== i || value !== i * 0.5 || wide !== BigInt(i) << 40n) assert.fail(`call ${i}: ${seen[i]}`);
  }
  // Four threads: each one's calls in its order, none lost.
  seen.length = 0;
  assert.equal(s.zc_post_from_threads(cb.pointer, 4, 5000), 20_000n);
  await until(() => seen.length === 20_000);
  const next = [0, 5000, 10000, 15000];
  for (const [seq] of seen) {
    const thread = Math.floor(seq / 5000);
    assert.equal(seq, next[thread]++);
  }
  assert.deepEqual(next, [5000, 10000, 15000, 20000]);
  cb.close();
});

test('a call on the JS thread is queued too: the function runs after the foreign call returns', async () => {
  const seen = [];
  const cb = new UnsafeCallback(EVENT, (seq) => seen.push(seq));
  assert.equal(binding.callbackEntry(cb.pointer), fastOff ? 'libffi' : 'thunk');
  s.zc_post_here(cb.pointer, 7, 3);
  assert.deepEqual(seen, []);
  await until(() => seen.length === 3);
  assert.deepEqual(seen, [7, 8, 9]);
  cb.close();
});

test('struct arguments are copied (through the register entry)', async () => {
  const seen = [];
  const cb = new UnsafeCallback({ parameters: [{ struct: ['u8', 'u32', 'f64'] }], result: 'void', nonblocking: true },
    (bytes) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      seen.push([view.getUint8(0), view.getUint32(4, true), view.getFloat64(8, true)]);
    });
  assert.equal(binding.callbackEntry(cb.pointer), fastOff ? 'libffi' : 'thunk');
  s.zc_post_pairs_from_thread(cb.pointer, 300);
  await until(() => seen.length === 300);
  seen.forEach(([a, b, c], i) => assert.deepEqual([a, b, c], [i & 0xff, i * 3, 0 - i]));
  cb.close();
});

test('a nonblocking callback does not take the fast path away (V8 11/12 stubs need not defer for it)', async () => {
  const seen = [];
  const cb = new UnsafeCallback(EVENT, (seq) => seen.push(seq));
  assert.equal(callPath(s.zc_post_here_fast), fastOff ?? 'fast');
  const run = optimizedSite(s.zc_post_here_fast, [cb.pointer, 0, 0]);
  const { value, error, general } = run(cb.pointer, 1, 2);
  assert.deepEqual([value, error, general], [undefined, undefined, fastOff ? 1 : 0]);
  await until(() => seen.length === 2);
  assert.deepEqual(seen, [1, 2]);
  cb.close();
});

test('close() drops the queued calls; later calls report on stderr and run nothing', async () => {
  const seen = [];
  const cb = new UnsafeCallback(EVENT, (seq) => seen.push(seq));
  s.zc_post_here(cb.pointer, 0, 5);
  cb.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(seen, []);
  // Closing from inside the function: the calls after it are dropped.
  const ran = [];
  const selfClosing = new UnsafeCallback(EVENT, (seq) => {
    ran.push(seq);
    if (seq === 2) selfClosing.close();
  });
  s.zc_post_here(selfClosing.pointer, 0, 6);
  await until(() => ran.length >= 3);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(ran, [0, 1, 2]);
  const script = `
    const { dlopen, UnsafeCallback } = require(${JSON.stringify(require.resolve('zerocall'))});
    const lib = dlopen(${JSON.stringify(fixturePath)}, { zc_post_here: { parameters: ['function', 'i32', 'i32'], result: 'void' } });
    const cb = new UnsafeCallback(${JSON.stringify(EVENT)}, (seq) => console.log('ran', seq));
    cb.close();
    lib.symbols.zc_post_here(cb.pointer, 0, 1);
    setTimeout(() => console.log('done'), 20);`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'done\n');
  assert.equal(child.stderr, 'zerocall: a closed UnsafeCallback was called; it returns zero\n');
});

function runChild(body) {
  const script = `
    const { dlopen, UnsafeCallback } = require(${JSON.stringify(require.resolve('zerocall'))});
    const lib = dlopen(${JSON.stringify(fixturePath)}, {
      zc_post_here: { parameters: ['function', 'i32', 'i32'], result: 'void' },
      zc_post_later: { parameters: ['function', 'i32', 'i32'], result: 'void' },
    });
    ${body}`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

test('an exception in a nonblocking callback goes to the uncaught-exception path; later calls still run', () => {
  const child = runChild(`
    process.on('uncaughtException', (error) => console.log('uncaught', error.message));
    const cb = new UnsafeCallback(${JSON.stringify(EVENT)}, (seq) => {
      console.log('call', seq);
      if (seq === 1) throw new Error('boom');
    });
    lib.symbols.zc_post_here(cb.pointer, 0, 3);
    console.log('returned');
    setTimeout(() => cb.close(), 50);`);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'returned\ncall 0\ncall 1\nuncaught boom\ncall 2\n');
});

test('a thread-safe nonblocking callback keeps the process alive until its call runs', () => {
  const child = runChild(`
    const cb = UnsafeCallback.threadSafe(${JSON.stringify(EVENT)}, (seq, value, wide) => {
      console.log('called', seq, value, wide);
      cb.close();
    });
    lib.symbols.zc_post_later(cb.pointer, 100, 9);`);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'called 9 0.25 -1n\n');
});

test('definitions: nonblocking needs a void result and a boolean', () => {
  assert.throws(() => new UnsafeCallback({ parameters: ['i32'], result: 'i32', nonblocking: true }, () => 0), {
    name: 'TypeError', message: 'Invalid definition of \'UnsafeCallback\': a nonblocking callback\'s result must be "void", got "i32"',
  });
  assert.throws(() => new UnsafeCallback({ parameters: [], result: { struct: ['u8'] }, nonblocking: true }, () => 0), {
    name: 'TypeError', message: 'Invalid definition of \'UnsafeCallback\': a nonblocking callback\'s result must be "void", got a struct',
  });
  assert.throws(() => new UnsafeCallback({ parameters: [], result: 'void', nonblocking: 1 }, () => 0), {
    name: 'TypeError', message: 'Invalid definition of \'UnsafeCallback\': nonblocking must be a boolean, got 1',
  });
  const blocking = new UnsafeCallback({ parameters: [], result: 'void', nonblocking: false }, () => {});
  blocking.close();
});
