// flags: --expose-gc
'use strict';
// Callback lifetimes (issue 15, cases 2, 4, 5 and 9): C threads that keep calling a
// callback whose worker ended or whose process exits get zero (reported once on
// stderr) and are released; exit and terminate() finish promptly; a closed callback
// keeps only its 64-byte thunk and cell. Scenarios that could crash run in a child.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { dlopen, UnsafeCallback } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');

const CLOSED_REPORT = 'zerocall: a closed UnsafeCallback was called; it returns zero\n';
const KEEP = {
  zc_keep_calling: { parameters: ['function', 'i32', 'i32', 'i32'], result: 'void' },
  zc_keep_made_count: { parameters: [], result: 'i64' },
  zc_keep_zero_count: { parameters: [], result: 'i64' },
  call_from_threads: { parameters: ['function', 'i32', 'i32'], result: 'i64' },
  call_i32_fn: { parameters: ['function', 'i32', 'i32'], result: 'i32' },
};

// Runs `body` (the body of an async function; `dlopen`, `UnsafeCallback`, `Worker`,
// `fixture` and `KEEP` in scope) in a child; returns { status, signal, stdout, stderr, ms }.
function runChild(body, timeout = 30000) {
  const script = `
    const { dlopen, UnsafeCallback } = require(${JSON.stringify(require.resolve('zerocall'))});
    const { Worker } = require('worker_threads');
    const fixture = ${JSON.stringify(fixturePath)};
    const KEEP = ${JSON.stringify(KEEP)};
    (async () => { ${body} })().catch((e) => { console.log('error', e.message); process.exitCode = 1; });`;
  const t0 = Date.now();
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout });
  return { status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr, ms: Date.now() - t0 };
}

// A worker whose thread-safe callback C threads keep calling; it reports each call's
// start in shared[0] and never returns from the JS function when `spin` is set.
const WORKER = `
  const { dlopen, UnsafeCallback } = require(${JSON.stringify(require.resolve('zerocall'))});
  const { workerData, parentPort } = require('worker_threads');
  const shared = new Int32Array(workerData.shared);
  const lib = dlopen(workerData.fixture, workerData.KEEP);
  const cb = UnsafeCallback.threadSafe({ parameters: ['i32'], result: 'i32' }, (i) => {
    Atomics.add(shared, 0, 1);
    if (workerData.spin) for (;;);
    return i;
  });
  lib.symbols.zc_keep_calling(cb.pointer, 2, 1000000, workerData.gap);
  parentPort.postMessage('started');`;

function terminateScenario({ spin }) {
  return runChild(`
    const lib = dlopen(fixture, KEEP);
    const shared = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker(${JSON.stringify(WORKER)}, { eval: true, workerData: { fixture, KEEP, shared: shared.buffer, spin: ${spin}, gap: 200 } });
    await new Promise((resolve) => w.once('message', resolve));
    while (Atomics.load(shared, 0) < 3 && !${spin}) await new Promise((r) => setTimeout(r, 5));
    if (${spin}) while (Atomics.load(shared, 0) < 1) await new Promise((r) => setTimeout(r, 5));
    const t0 = Date.now();
    await w.terminate();
    const ms = Date.now() - t0;
    const ranAtEnd = Atomics.load(shared, 0);
    const made = lib.symbols.zc_keep_made_count();
    await new Promise((r) => setTimeout(r, 200)); // the C threads go on calling meanwhile
    console.log(JSON.stringify({ ms, ranAfter: Atomics.load(shared, 0) - ranAtEnd,
      calledAfter: Number(lib.symbols.zc_keep_made_count() - made), zeros: Number(lib.symbols.zc_keep_zero_count()) }));
    process.exit(0);`);
}

// terminate() returned promptly, no JS ran after it, and the C threads went on
// calling, every call after the end getting zero.
function assertTerminatedCleanly(child) {
  assert.equal(child.signal, null, child.stderr);
  assert.equal(child.status, 0, child.stdout + child.stderr);
  const result = JSON.parse(child.stdout);
  assert.ok(result.ms < 2000, `terminate() took ${result.ms} ms`);
  assert.equal(result.ranAfter, 0, 'no JS runs after terminate() resolved');
  assert.ok(result.calledAfter > 0, `the C threads went on calling: ${child.stdout}`);
  assert.ok(result.zeros >= result.calledAfter, `every call after the end returned zero: ${child.stdout}`);
  assert.equal(child.stderr, CLOSED_REPORT);
}

test('case 2/5: a worker terminated while C threads call its thread-safe callback: prompt, no crash, zeros after', () => {
  assertTerminatedCleanly(terminateScenario({ spin: false }));
});

test('case 5: terminate() while the callback never returns finishes promptly and releases the C threads', () => {
  assertTerminatedCleanly(terminateScenario({ spin: true }));
});

test('case 2: a normal exit while a C thread calls an unref\'d callback exits with 0', () => {
  const child = runChild(`
    const lib = dlopen(fixture, KEEP);
    const cb = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (i) => i);
    lib.symbols.zc_keep_calling(cb.pointer, 4, 100000000, 1);
    await new Promise((r) => setTimeout(r, 50));
    console.log('calls', lib.symbols.zc_keep_made_count() > 0n);`);
  assert.equal(child.signal, null, child.stderr);
  assert.equal(child.status, 0, child.stdout + child.stderr);
  assert.equal(child.stdout, 'calls true\n');
  assert.equal(child.stderr, CLOSED_REPORT); // the calls after the end, once
});

test('case 4: process.exit() while pool threads wait for a thread-safe callback does not hang', () => {
  const child = runChild(`
    const lib = dlopen(fixture, { ...KEEP, call_from_threads: { ...KEEP.call_from_threads, nonblocking: true } });
    const cb = UnsafeCallback.threadSafe({ parameters: ['i32'], result: 'i32' }, (i) => i);
    lib.symbols.call_from_threads(cb.pointer, 4, 1000000);
    lib.symbols.call_from_threads(cb.pointer, 4, 1000000);
    setTimeout(() => { console.log('exiting'); process.exit(0); }, 100);`, 20000);
  assert.equal(child.signal, null, `killed by ${child.signal} after ${child.ms} ms: ${child.stderr}`);
  assert.equal(child.status, 0, child.stdout + child.stderr);
  assert.equal(child.stdout, 'exiting\n');
});

test('case 4: process.exit() inside a thread-safe callback called from a pool thread does not hang', () => {
  const child = runChild(`
    const lib = dlopen(fixture, { ...KEEP, call_from_threads: { ...KEEP.call_from_threads, nonblocking: true } });
    let calls = 0;
    const cb = UnsafeCallback.threadSafe({ parameters: ['i32'], result: 'i32' }, (i) => {
      if (++calls === 1000) { console.log('exiting'); process.exit(0); }
      return i;
    });
    lib.symbols.call_from_threads(cb.pointer, 4, 1000000);`, 20000);
  assert.equal(child.signal, null, `killed by ${child.signal} after ${child.ms} ms: ${child.stderr}`);
  assert.equal(child.status, 0, child.stdout + child.stderr);
  assert.equal(child.stdout, 'exiting\n');
});

test('at exit, a callback called synchronously from another exit listener still runs JS', () => {
  const child = runChild(`
    const lib = dlopen(fixture, KEEP);
    const cb = new UnsafeCallback({ parameters: ['i32', 'i32'], result: 'i32' }, (a, b) => a * b); // hooks 'exit' first
    process.on('exit', () => console.log('exit', lib.symbols.call_i32_fn(cb.pointer, 6, 7)));`);
  assert.equal(child.signal, null, child.stderr);
  assert.equal(child.status, 0, child.stdout + child.stderr);
  assert.equal(child.stdout, 'exit 42\n');
  assert.equal(child.stderr, '');
});

test('case 9: 20 000 closed callbacks are freed; each keeps only its 64-byte thunk and cell', () => {
  const lib = dlopen(fixturePath, KEEP);
  const live = binding.callbackLiveCount();
  const pages = binding.jitPages().length;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const cb = new UnsafeCallback({ parameters: ['i32', 'i32'], result: 'i32' }, (a, b) => a - b);
    if (lib.symbols.call_i32_fn(cb.pointer, i, 1) !== i - 1) throw new Error('bad callback result');
    cb.close();
  }
  assert.equal(binding.callbackLiveCount(), live);
  // A code page of 4 KiB serves 256 callbacks; its cells take the 3 pages above it.
  const codePages = binding.jitPages().length - pages;
  assert.ok(codePages <= Math.ceil(n / 256) + 1, `${codePages} new code pages`);
  assert.ok(((codePages - 1) * 4 * 4096) / n <= 64, `${codePages} pages for ${n} callbacks`);
  lib.close();
});

test('case 9: a callback closed inside its own call, or while other threads call it, is freed once they return', async () => {
  const lib = dlopen(fixturePath, { ...KEEP, call_from_threads: { ...KEEP.call_from_threads, nonblocking: true } });
  const live = binding.callbackLiveCount();
  let self;
  self = new UnsafeCallback({ parameters: ['i32', 'i32'], result: 'i32' }, (a, b) => {
    self.close();
    assert.equal(binding.callbackLiveCount(), live + 1, 'alive while its call runs');
    return a + b;
  });
  assert.equal(lib.symbols.call_i32_fn(self.pointer, 2, 3), 5);
  assert.equal(binding.callbackLiveCount(), live);
  let calls = 0;
  const shared = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (id) => {
    if (++calls === 50) shared.close(); // threads waiting now get zero, later calls too
    return 1;
  });
  const total = await lib.symbols.call_from_threads(shared.pointer, 4, 1000);
  assert.equal(total, 50n); // 49 calls before the closing one, which returns 1 too; then zeros
  assert.equal(binding.callbackLiveCount(), live);
  lib.close();
});
