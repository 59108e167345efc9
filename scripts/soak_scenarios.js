'use strict';
// The soak scenarios (scripts/soak.js runs each in a process of its own, with --expose-gc
// and a capped young generation, as test/js/leaks.test.js does):
//   node --expose-gc --max-semi-space-size=1 scripts/soak_scenarios.js <scenario> <fixture> <scale>
// Each runs a warm-up, measures RSS after full GCs, runs the measured iterations and
// prints one JSON line { scenario, iterations, growthMiB, boundMiB, seconds }; it exits
// non-zero if RSS grew by more than the bound.
//
// The bounds: 16 MiB over >= 40000 iterations is < 420 bytes each, so a leak of ~1 KB per
// iteration fails; RSS noise without a leak (V8 pages, malloc arenas) stays under ~8 MiB.
// Worker churn is measured per worker (a worker's isolate is ~2-10 MiB, returned to the
// allocator in steps), so its bound is a per-worker one: 64 MiB over 300 workers.
const path = require('path');
const { Worker, isMainThread, workerData, parentPort } = require('worker_threads');
const { dlopen, UnsafeCallback } = require(path.join(__dirname, '..'));

const MiB = 1024 * 1024;

const DEFS = {
  add_i32: { parameters: ['i32', 'i32'], result: 'i32' },
  add_u64: { parameters: ['u64', 'u64'], result: 'u64' },
  add_f64: { parameters: ['f64', 'f64'], result: 'f64' },
  call_i32_fn: { parameters: ['function', 'i32', 'i32'], result: 'i32' },
  zc_post_from_threads: { parameters: ['function', 'i32', 'i32'], result: 'i64', nonblocking: true },
  fuzz_ints: { parameters: ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'bool'], result: 'u64' },
  fuzz_struct: { parameters: [{ struct: ['i32', 'u8', 'f64'] }, 'u16'], result: 'u64' },
};

// A worker that calls C that calls back into JS (synchronously, or from C threads through
// a thread-safe callback), for ever: the main thread terminates it mid-flight.
function worker({ fixture, mode }) {
  const lib = dlopen(fixture, DEFS);
  const s = lib.symbols;
  if (mode === 'sync') {
    const cb = new UnsafeCallback({ parameters: ['i32', 'i32'], result: 'i32' }, (a, b) => a + b);
    parentPort.postMessage('running');
    for (let i = 0; ; i = (i + 1) | 0) {
      if (s.call_i32_fn(cb.pointer, i, 1) !== ((i + 1) | 0)) throw new Error('bad callback result');
    }
  }
  // threadSafe: C threads post calls that only this worker's event loop runs.
  let calls = 0;
  const cb = UnsafeCallback.threadSafe({ parameters: ['i32', 'f64', 'i64'], result: 'void', nonblocking: true }, () => {
    calls++;
  });
  const flood = () => s.zc_post_from_threads(cb.pointer, 2, 200000).then(flood);
  flood();
  setTimeout(() => parentPort.postMessage(`running ${calls}`), 5);
}

function settle() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().rss;
}

async function settleAsync() {
  await new Promise((resolve) => setImmediate(resolve));
  return settle();
}

const SCENARIOS = {
  // dlopen, bind every symbol, call, close (a long warm-up: Node 24's off-heap tables grow to
  // a plateau over the first few thousand cycles, ~10 MiB after 2000).
  dlopen: { warmup: 6000, iterations: 50000, bound: 16, run(fixture) {
    const lib = dlopen(fixture, DEFS);
    for (const key of Object.keys(DEFS)) void lib.symbols[key];
    if (lib.symbols.add_i32(1, 2) !== 3) throw new Error('bad call');
    lib.close();
  } },
  // UnsafeCallback create, call once from C, close (issue 15 case 9: 64 bytes kept each).
  callbacks: { warmup: 5000, iterations: 50000, bound: 16, setup(fixture) {
    this.lib = dlopen(fixture, { call_i32_fn: DEFS.call_i32_fn });
  }, run() {
    const cb = new UnsafeCallback({ parameters: ['i32', 'i32'], result: 'i32' }, (a, b) => a - b);
    if (this.lib.symbols.call_i32_fn(cb.pointer, 5, 3) !== 2) throw new Error('bad callback result');
    cb.close();
  } },
  // Fast and general calls making bigints and struct copies (no per-call residue).
  calls: { warmup: 20000, iterations: 3000000, bound: 16, setup(fixture) {
    this.lib = dlopen(fixture, DEFS);
    this.bytes = new Uint8Array(16);
  }, run(_, i) {
    const s = this.lib.symbols;
    s.add_u64(BigInt(i), 1n);
    s.fuzz_ints(1, 2, 3, 4, i, 6, 7n, BigInt(i), true);
    s.fuzz_struct(this.bytes, i & 0xffff);
  } },
  // Nonblocking calls, 500 in flight at a time (an iteration is one batch).
  nonblocking: { warmup: 20, iterations: 3000, bound: 16, async: true, setup(fixture) {
    this.lib = dlopen(fixture, { add_i32: { ...DEFS.add_i32, nonblocking: true } });
  }, async run() {
    const batch = [];
    for (let k = 0; k < 500; k++) batch.push(this.lib.symbols.add_i32(k, 1));
    const results = await Promise.all(batch);
    if (results[499] !== 500) throw new Error('bad nonblocking result');
  } },
  // Workers calling C that calls back synchronously, terminated mid-flight; two at a time.
  workers: { warmup: 6, iterations: 150, bound: 64, async: true, run: (fixture) => churn(fixture, 'sync') },
  // The same with C threads posting to the worker's thread-safe callback (issue 15 cases 2
  // and 5: the main process crashed or terminate() hung before callbacks had cells).
  'workers-threadsafe': { warmup: 6, iterations: 30, bound: 64, async: true, run: (fixture) => churn(fixture, 'threadSafe') },
};

// The longest terminate() of a churn scenario, reported with its result.
let slowestTerminate = 0;

function churn(fixture, mode) {
  const one = () => new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: { fixture, mode } });
    w.once('message', () => setTimeout(() => {
      const t0 = Date.now();
      w.terminate().then(() => {
        slowestTerminate = Math.max(slowestTerminate, Date.now() - t0);
        if (Date.now() - t0 > 5000) reject(new Error(`terminate() took ${Date.now() - t0} ms`));
      });
    }, 10));
    w.once('error', reject);
    w.once('exit', resolve);
  });
  return Promise.all([one(), one()]);
}

async function main() {
  const [name, fixture, scaleText] = process.argv.slice(2);
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`);
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  const scale = Number(scaleText || 1);
  const iterations = Math.ceil(scenario.iterations * scale);
  if (scenario.setup) scenario.setup(fixture);
  let i = 0;
  const loop = async (n) => {
    for (let end = i + n; i < end; i++) {
      if (scenario.async) await scenario.run(fixture, i);
      else scenario.run(fixture, i);
    }
  };
  const t0 = Date.now();
  await loop(scenario.warmup);
  const before = await settleAsync();
  await loop(iterations);
  const growth = (await settleAsync()) - before;
  const result = { scenario: name, iterations, growthMiB: +(growth / MiB).toFixed(1), boundMiB: scenario.bound,
    seconds: (Date.now() - t0) / 1000, ...(slowestTerminate ? { slowestTerminateMs: slowestTerminate } : {}) };
  console.log(JSON.stringify(result));
  if (growth > scenario.bound * MiB) {
    console.error(`${name}: RSS grew by ${result.growthMiB} MiB over ${iterations} iterations ` +
      `(${Math.round(growth / iterations)} bytes each; bound ${scenario.bound} MiB)`);
    process.exit(1);
  }
  process.exit(0);
}

if (!isMainThread) {
  worker(workerData);
} else {
  main().catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
}
