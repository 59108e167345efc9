'use strict';
// The CI phase `soak` (docs/ci.md): long runs of dlopen/close, callback create/close, calls,
// nonblocking floods and worker churn with callbacks in flight, each in a process of its
// own (scripts/soak_scenarios.js) with its RSS growth bounded. A crash, a hang (timeout)
// or a bound exceeded fails the scenario.
//   node scripts/soak.js [scenario ...]      default: all but the known-bug ones
// Environment: ZEROCALL_SOAK_SCALE=0.2 (fewer iterations), ZEROCALL_SOAK_KNOWN_BUGS=1 (also
// run the scenarios listed in KNOWN_BUGS, for open bugs; none now).
// Prints "# pass N" / "# fail N" as the test runner does, so .ci/run counts the scenarios.
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const { fixturePath } = require(path.join(root, 'test', 'support', 'fixture.js'));

// scenario -> the open bug it hits (skipped unless ZEROCALL_SOAK_KNOWN_BUGS=1).
const KNOWN_BUGS = {};
const ALL = ['dlopen', 'callbacks', 'calls', 'nonblocking', 'workers', 'workers-threadsafe'];

const scale = process.env.ZEROCALL_SOAK_SCALE || '1';
const knownBugs = process.env.ZEROCALL_SOAK_KNOWN_BUGS === '1';
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : ALL;

// The fixture library (test/run.js builds it when missing or stale).
const built = spawnSync(process.execPath, [path.join(root, 'test', 'run.js'), '--fixtures'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(1);

let pass = 0;
let fail = 0;
let skipped = 0;
for (const name of chosen) {
  if (KNOWN_BUGS[name] && !knownBugs && process.argv.slice(2).length === 0) {
    console.log(`soak ${name}: skipped (${KNOWN_BUGS[name]}; ZEROCALL_SOAK_KNOWN_BUGS=1 runs it)`);
    skipped++;
    continue;
  }
  const t0 = Date.now();
  const r = spawnSync(process.execPath,
    ['--expose-gc', '--max-semi-space-size=1', path.join(__dirname, 'soak_scenarios.js'), name, fixturePath, scale],
    { encoding: 'utf8', timeout: 10 * 60 * 1000, killSignal: 'SIGKILL', maxBuffer: 512 * 1024 * 1024 });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const ok = r.status === 0;
  if (ok) pass++;
  else fail++;
  console.log(`soak ${name}: ${ok ? 'ok' : 'FAIL'} in ${seconds} s ${r.stdout.trim()}`);
  if (!ok) {
    console.log(`  exit ${r.status}, signal ${r.signal}${r.error ? `, ${r.error.message}` : ''}`);
    // (The end only: a bug may print a line per call.)
    const lines = r.stderr.trimEnd().split('\n');
    if (r.stderr) console.log(`  stderr (${lines.length} lines, the last 30):\n${lines.slice(-30).join('\n').replace(/^/gm, '  ')}`);
  }
}
console.log(`# pass ${pass}`);
console.log(`# fail ${fail}`);
console.log(`# skipped ${skipped}`);
process.exit(fail === 0 ? 0 : 1);
