// flags: --allow-natives-syntax
'use strict';
// close() inside the library's own synchronous callback (issue 15, case 3): the foreign
// call that ran the callback is still running the library's code, so the unload waits
// until JS has returned to the event loop; the symbols throw at once. Before the fix C
// returned into unmapped code (SIGSEGV). Each scenario runs in a child process with a
// private copy of the fixture, so that /proc/self/maps shows whether it is mapped.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('node:child_process');
const { fixturePath } = require('../support/fixture.js');

const { fastOff } = require('../support/fast_off.js');

const zerocall = JSON.stringify(require.resolve('zerocall'));
// Functions that call back take the fast path from V8 13 (V8 11/12: the general path).
const fastCallbacks = Number(process.versions.v8.split('.')[0]) >= 13 && !fastOff;
const optimize = JSON.stringify(require.resolve('../support/optimize.js'));

function runChild(body) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-close-cb-'));
  const copy = path.join(dir, 'libzcclosecb.so');
  fs.copyFileSync(fixturePath, copy);
  const script = `
    const { dlopen, UnsafeCallback, lastFastCall } = require(${zerocall});
    const { optimizedSite } = require(${optimize});
    const assert = require('assert');
    const copy = ${JSON.stringify(copy)};
    const mapped = () => require('fs').readFileSync('/proc/self/maps', 'utf8').includes(copy);
    const open = () => dlopen(copy, { call: { name: 'call_then_add', parameters: ['function', 'i32'], result: 'i32' } });
    const later = () => new Promise((resolve) => setImmediate(resolve));
    (async () => { ${body} })().catch((e) => { console.log('error', e.message); process.exitCode = 1; });`;
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script],
    { encoding: 'utf8', env: { ...process.env, ZEROCALL_TRACE_FAST: '1' } });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(child.signal, null, `the child was killed by ${child.signal}: ${child.stderr}`);
  assert.equal(child.status, 0, child.stdout + child.stderr);
  return child.stdout;
}

test('close() in the callback of a cold call: C returns, the library is unloaded later', () => {
  const out = runChild(`
    const L = open();
    const cb = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => { L.close(); return x + 1; });
    console.log('result', L.symbols.call(cb.pointer, 2), mapped());
    assert.throws(() => L.symbols.call(cb.pointer, 2), { name: 'Error', message: 'call: library is closed' });
    await later();
    console.log('later', mapped());
    cb.close();`);
  assert.equal(out, 'result 1003 true\nlater false\n');
});

test('close() in the callback of an optimized call: the same, and the optimized site then throws', () => {
  const out = runChild(`
    let L = open();
    const cb = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => x + 1);
    // Trained and optimized on a first copy, which stays open; the site calls 'current'.
    let current = L.symbols.call;
    const run = optimizedSite((p, x) => current(p, x), [cb.pointer, 1]);
    const hot = run(cb.pointer, 5);
    console.log('optimized', hot.value, lastFastCall());
    const closing = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => { L.close(); return x + 1; });
    const closed = run(closing.pointer, 7);
    console.log('closing call', closed.value, closed.error, mapped());
    const after = run(cb.pointer, 8);
    console.log('after', after.error.message);
    await later();
    console.log('later', mapped());
    cb.close();
    closing.close();`);
  assert.equal(out, [
    `optimized 1006 ${fastCallbacks ? 'call' : null}`,
    'closing call 1008 undefined true',
    'after call: library is closed',
    'later false',
    '',
  ].join('\n'));
});

test("close() from a callback of another library's call defers the unload too", () => {
  const out = runChild(`
    const A = open();
    const B = dlopen(null, { abs: { parameters: ['i32'], result: 'i32' } });
    const cb = new UnsafeCallback({ parameters: ['i32'], result: 'i32' }, (x) => { B.close(); return x; });
    console.log('result', A.symbols.call(cb.pointer, 4));
    await later();
    A.close();
    console.log('A', mapped());
    cb.close();`);
  assert.equal(out, 'result 1004\nA false\n');
});
