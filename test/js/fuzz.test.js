'use strict';
// The property-based fuzzer (test/support/fuzz_child.js, model in fuzz_model.js), each mode
// in a child process so that a crash is a failure carrying the seed and the failing case.
// npm test runs a short fixed-seed run; the CI phase `fuzz` a longer one:
//   ZEROCALL_FUZZ_RUNS=<calls per mode> ZEROCALL_FUZZ_SEED=<seed>   (seed default: fixed here,
//   "random" picks one, printed either way)
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const runs = Number(process.env.ZEROCALL_FUZZ_RUNS || 500);
const seedEnv = process.env.ZEROCALL_FUZZ_SEED;
const seed = seedEnv === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedEnv || 20261204);
const child = path.join(__dirname, '..', 'support', 'fuzz_child.js');

for (const [mode, scale] of [['calls', 1], ['definitions', 4]]) {
  test(`fuzz ${mode}: ${runs * scale} random cases, seed ${seed}`, () => {
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', child, mode, String(seed), String(runs * scale)],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60 * 1000 });
    // The child writes each case before running it: the last ones tell where a crash was.
    const tail = r.stdout.split('\n').slice(-12).join('\n');
    const report = `seed ${seed}, exit ${r.status}, signal ${r.signal}\n--- stdout (end)\n${tail}\n--- stderr\n${r.stderr}`;
    assert.equal(r.status, 0, report);
    assert.match(r.stdout, new RegExp(`fuzz ${mode}: ${runs * scale} runs passed`), report);
  });
}
