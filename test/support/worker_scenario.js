'use strict';
// One worker_threads scenario per process, for test/js/workers.test.js (the addon's load
// order across threads is process-wide state, so scenarios must not share a process).
//   node worker_scenario.js <scenario> <fixturePath>
// Prints one JSON line: { ok: true, results } or { ok: false, error }.
const path = require('path');
const { Worker } = require('worker_threads');

const [scenario, fixturePath] = process.argv.slice(2);
const workerScript = path.join(__dirname, 'worker.js');

function runWorker(workerData) {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerScript, { workerData: { fixturePath, ...workerData } });
    let result;
    w.on('message', (m) => { result = m; });
    w.on('error', (e) => reject(new Error(`worker ${workerData.id}: ${e.message}`)));
    w.on('exit', (code) => (code === 0 ? resolve(result) : reject(new Error(`worker ${workerData.id} exited with ${code}`))));
  });
}

function mainThreadCall() {
  const { dlopen, UnsafePointer } = require('zerocall');
  const lib = dlopen(fixturePath, {
    add_i32: { parameters: ['i32', 'i32'], result: 'i32' },
    get_static_buffer: { parameters: [], result: 'pointer' },
  });
  const out = { sum: lib.symbols.add_i32(20, 22), address: String(UnsafePointer.value(lib.symbols.get_static_buffer())) };
  lib.close();
  return out;
}

async function spinAndTerminate(id) {
  const w = new Worker(workerScript, { workerData: { fixturePath, iterations: 0, id, mode: 'spin' } });
  await new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  return w.terminate();
}

const scenarios = {
  // A worker loads the addon; the main thread never does.
  async 'one-worker'() {
    return [await runWorker({ iterations: 1000, id: 3 })];
  },
  // Two workers one after the other; the addon is loaded again after the first one exited.
  async 'sequential-workers'() {
    const a = await runWorker({ iterations: 1000, id: 3 });
    const b = await runWorker({ iterations: 1000, id: 4 });
    return [a, b];
  },
  // A worker loads the addon first, then the main thread.
  async 'worker-then-main'() {
    const a = await runWorker({ iterations: 1000, id: 5 });
    return [a, mainThreadCall()];
  },
  // The main thread loads the addon, then a worker.
  async 'main-then-worker'() {
    const m = mainThreadCall();
    return [m, await runWorker({ iterations: 1000, id: 6 })];
  },
  // Six workers at once, the main thread having loaded the addon before and holding the
  // fixture open throughout (so every thread sees the same mapping); main again after.
  async 'concurrent-workers'() {
    const m = mainThreadCall();
    const { dlopen } = require('zerocall');
    const keeper = dlopen(fixturePath, { answer: { parameters: [], result: 'i32' } });
    const ids = [1, 2, 5, 7, 11, 13];
    const results = await Promise.all(ids.map((id) => runWorker({ iterations: 20000, id })));
    const after = mainThreadCall();
    keeper.close();
    return [m, ...results, after];
  },
  // Six workers at once, none loaded before.
  async 'concurrent-workers-cold'() {
    const ids = [1, 2, 5, 7, 11, 13];
    return Promise.all(ids.map((id) => runWorker({ iterations: 20000, id })));
  },
  // Three waves of two workers with the main thread loaded.
  async waves() {
    const out = [mainThreadCall()];
    for (let wave = 0; wave < 3; wave++) out.push(...await Promise.all([4, 6].map((id) => runWorker({ iterations: 500, id }))));
    return out;
  },
  // Workers terminated while calling in a loop; then the main thread calls.
  async terminate() {
    const m = mainThreadCall();
    const codes = [];
    for (let k = 0; k < 4; k++) codes.push(await spinAndTerminate(k));
    return [m, codes, mainThreadCall()];
  },
};

scenarios[scenario]().then(
  (results) => console.log(JSON.stringify({ ok: true, results }, (k, v) => (typeof v === 'bigint' ? `${v}n` : v))),
  (error) => console.log(JSON.stringify({ ok: false, error: error.message })),
);
