// flags: --expose-gc --allow-natives-syntax
'use strict';
// nonblocking: true runs the C call on the libuv thread pool and returns a Promise;
// the JS thread keeps running, buffers stay alive until the call returns, a library
// closed meanwhile is unloaded only afterwards, and the process waits for the call.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { dlopen } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { optimizedSite } = require('../support/optimize.js');

const defs = {
  sleep_then_return: { parameters: ['i32', 'i32'], result: 'i32', nonblocking: true },
  sleep_then_fill: { parameters: ['buffer', 'usize', 'u8', 'i32'], result: 'void', nonblocking: true },
  sleep_then_u64: { parameters: ['i32'], result: 'u64', nonblocking: true },
  add_i32: { parameters: ['i32', 'i32'], result: 'i32', nonblocking: true },
  sum_s4: { parameters: [{ struct: ['u8', 'u16'] }], result: 'u32', nonblocking: true },
};

test('a nonblocking call returns a Promise of its result', async () => {
  const lib = dlopen(fixturePath, defs);
  const pending = lib.symbols.add_i32(40, 2);
  assert.ok(pending instanceof Promise);
  assert.equal(await pending, 42);
  assert.equal(await lib.symbols.sleep_then_u64(1), 2n ** 64n - 1n);
  assert.equal(await lib.symbols.sleep_then_fill(new Uint8Array(4), 4, 7, 0), undefined);
  assert.equal(binding.callPath(lib.symbols.add_i32), 'nonblocking calls return a Promise');
  lib.close();
});

test('the JS thread runs while the C function waits, and calls run side by side', async () => {
  const lib = dlopen(fixturePath, {
    wait_until_set: { parameters: ['buffer', 'i32'], result: 'i32', nonblocking: true },
    rendezvous: { parameters: ['i32', 'i32'], result: 'i32', nonblocking: true },
    rendezvous_reset: { parameters: [], result: 'void' },
  });
  // C waits for a flag only JS sets, after the call has started: it returns 1 only if
  // the JS thread ran while C was waiting.
  const flag = new Int32Array(1);
  const waiting = lib.symbols.wait_until_set(flag, 20000);
  setTimeout(() => Atomics.store(flag, 0, 1), 10);
  assert.equal(await waiting, 1);
  // Four calls that each wait until all four have arrived: they meet only if the
  // thread pool (4 threads) runs them at the same time.
  lib.symbols.rendezvous_reset();
  const met = await Promise.all([1, 2, 3, 4].map(() => lib.symbols.rendezvous(4, 20000)));
  assert.deepEqual(met, [1, 1, 1, 1]);
  lib.close();
});

test('bad arguments throw synchronously, as for a blocking call', () => {
  const lib = dlopen(fixturePath, defs);
  assert.throws(() => lib.symbols.add_i32('1', 2), {
    name: 'TypeError',
    message: 'add_i32: parameter 0 expects i32 (a number in the int32 range), got a string',
  });
  lib.close();
  assert.throws(() => lib.symbols.add_i32(1, 2), { name: 'Error', message: 'add_i32: library is closed' });
});

test('a buffer stays alive and writable until the call returns', async () => {
  const lib = dlopen(fixturePath, defs);
  let bytes = new Uint8Array(4096);
  const view = new Uint8Array(bytes.buffer, 8, 16);
  const pending = lib.symbols.sleep_then_fill(view, 16, 0xab, 100);
  bytes = null;  // only the call holds the memory now
  globalThis.gc();
  await pending;
  assert.deepEqual([...view].every((b) => b === 0xab), true);
  assert.equal(view[0], 0xab);
  // Detaching the buffer mid-call cannot free the memory C writes into.
  const doomed = new Uint8Array(64);
  const moving = lib.symbols.sleep_then_fill(doomed, 64, 1, 100);
  structuredClone(doomed.buffer, { transfer: [doomed.buffer] });
  assert.equal(doomed.byteLength, 0);
  await moving;
  lib.close();
});

test('closing the library while a call runs unloads it after the call', async () => {
  const lib = dlopen(fixturePath, defs);
  const pending = lib.symbols.sleep_then_return(150, 5);
  lib.close();
  assert.throws(() => lib.symbols.sleep_then_return(1, 1), { name: 'Error', message: 'sleep_then_return: library is closed' });
  assert.equal(await pending, 5);
});

test('the process waits for a call in flight before exiting', () => {
  const script = `
    const { dlopen } = require(${JSON.stringify(require.resolve('zerocall'))});
    const lib = dlopen(${JSON.stringify(fixturePath)}, { s: { name: 'sleep_then_return', parameters: ['i32', 'i32'], result: 'i32', nonblocking: true } });
    lib.symbols.s(200, 77).then((v) => console.log('resolved', v));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'resolved 77\n');
});

test('a worker that ends with calls in flight does not crash or leak', () => {
  const script = `
    const { Worker } = require('worker_threads');
    const code = \`
      const { dlopen } = require(${JSON.stringify(require.resolve('zerocall'))});
      const lib = dlopen(${JSON.stringify(fixturePath)}, { s: { name: 'sleep_then_return', parameters: ['i32', 'i32'], result: 'i32', nonblocking: true } });
      lib.symbols.s(300, 1);
      require('worker_threads').parentPort.postMessage('started');\`;
    const w = new Worker(code, { eval: true });
    w.on('message', () => w.terminate().then((code) => console.log('terminated', code)));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'terminated 1\n');
});

// As in Deno: memory that JS may resize (a resizable ArrayBuffer, a growable
// SharedArrayBuffer) could move or be decommitted while C runs on another thread, so a
// nonblocking call refuses it: the Promise rejects and C is never called.
const RESIZABLE = 'Resizable backing stores are not supported for nonblocking FFI calls';

async function assertRejectsResizable(pending) {
  assert.ok(pending instanceof Promise);
  await assert.rejects(pending, (error) => {
    assert.equal(Object.getPrototypeOf(error), TypeError.prototype);
    assert.equal(error.message, RESIZABLE);
    return true;
  });
}

test('resizable and growable buffers make a nonblocking call reject, without calling C', async () => {
  const lib = dlopen(fixturePath, defs);
  const rab = new ArrayBuffer(8, { maxByteLength: 16 });
  const gsab = new SharedArrayBuffer(8, { maxByteLength: 16 });
  const refused = [rab, new Uint8Array(rab), new Uint8Array(rab, 2), new DataView(rab), new Int32Array(rab, 0, 1),
    gsab, new Uint8Array(gsab), new Uint16Array(gsab, 2)];
  for (const buffer of refused) {
    await assertRejectsResizable(lib.symbols.sleep_then_fill(buffer, 4, 7, 0));
  }
  // A struct argument in such memory is refused the same way.
  await assertRejectsResizable(lib.symbols.sum_s4(new Uint8Array(new ArrayBuffer(4, { maxByteLength: 4 }))));
  // Give a (wrongly) started call time to write, then check that none did.
  await lib.symbols.sleep_then_return(20, 0);
  assert.deepEqual([...new Uint8Array(rab)], [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual([...new Uint8Array(gsab)], [0, 0, 0, 0, 0, 0, 0, 0]);
  // A bad argument still throws synchronously, before the buffer check.
  assert.throws(() => lib.symbols.sleep_then_fill(rab, 4, 'x', 0), {
    name: 'TypeError',
    message: 'sleep_then_fill: parameter 2 expects u8 (a number in the uint32 range), got a string',
  });
  // Fixed-length memory, shared or not, still works.
  const sab = new SharedArrayBuffer(4);
  await lib.symbols.sleep_then_fill(new Uint8Array(sab), 4, 9, 0);
  assert.deepEqual([...new Uint8Array(sab)], [9, 9, 9, 9]);
  lib.close();
});

test('a nonblocking call from optimized code rejects resizable buffers the same way', async () => {
  const lib = dlopen(fixturePath, defs);
  const fixed = new Uint8Array(4);
  const run = optimizedSite(lib.symbols.sleep_then_fill, [fixed, 4, 1, 0]);
  const rab = new ArrayBuffer(4, { maxByteLength: 8 });
  const { value: pending, error, general } = run(new Uint8Array(rab), 4, 7, 0);
  assert.equal(error, undefined);
  assert.equal(general, 1);  // nonblocking symbols are general-path only
  await assertRejectsResizable(pending);
  await lib.symbols.sleep_then_return(20, 0);
  assert.deepEqual([...new Uint8Array(rab)], [0, 0, 0, 0]);
  lib.close();
});

test('blocking calls keep accepting resizable and growable buffers', () => {
  const lib = dlopen(fixturePath, {
    fill_buffer: { parameters: ['buffer', 'usize', 'u8'], result: 'void' },
  });
  const rab = new ArrayBuffer(4, { maxByteLength: 8 });
  lib.symbols.fill_buffer(new Uint8Array(rab), 4, 5);
  assert.deepEqual([...new Uint8Array(rab)], [5, 5, 5, 5]);
  const gsab = new SharedArrayBuffer(4, { maxByteLength: 8 });
  lib.symbols.fill_buffer(gsab, 4, 6);
  assert.deepEqual([...new Uint8Array(gsab)], [6, 6, 6, 6]);
  lib.close();
});

// Regression (a crash before nonblocking calls refused resizable memory): the buffer
// is shrunk to nothing while C would write 16 MiB into it. Run in a child process.
test('shrinking a resizable buffer passed to a nonblocking call does not crash', () => {
  const script = `
    const { dlopen } = require(${JSON.stringify(require.resolve('zerocall'))});
    const lib = dlopen(${JSON.stringify(fixturePath)}, { fill: { name: 'sleep_then_fill', parameters: ['buffer', 'usize', 'u8', 'i32'], result: 'void', nonblocking: true } });
    const size = 1 << 24;
    const rab = new ArrayBuffer(size, { maxByteLength: size });
    const pending = lib.symbols.fill(new Uint8Array(rab), size, 1, 200);
    rab.resize(0);
    pending.then(() => console.log('resolved'), (e) => console.log(e.constructor.name + ': ' + e.message));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.signal, null, child.stderr);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, `TypeError: ${RESIZABLE}\n`);
});
