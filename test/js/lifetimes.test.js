// flags: --expose-gc
'use strict';
// Lifetimes (issue 15, cases 9 and 10): a library closed while a nonblocking call of it
// runs is unloaded once the call ends, even if the same file was reopened meanwhile (its
// functions are rebound to the new handle); a closed UnsafeCallback keeps at most 64
// bytes. Each scenario runs in a child process of its own, which loads a private copy of
// the fixture, so that /proc/self/maps shows whether that copy is still mapped.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('node:child_process');
const { fixturePath } = require('../support/fixture.js');

const zerocall = JSON.stringify(require.resolve('zerocall'));

// Runs `body` (an async function body; `copy` names the private library, `mapped()`
// says whether it is in /proc/self/maps) in a child and returns what it printed.
function runChild(body, flags = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-lifetimes-'));
  const copy = path.join(dir, 'libzclifetime.so');
  fs.copyFileSync(fixturePath, copy);
  const script = `
    const { dlopen, UnsafeCallback } = require(${zerocall});
    const copy = ${JSON.stringify(copy)};
    const mapped = () => require('fs').readFileSync('/proc/self/maps', 'utf8').includes(copy);
    (async () => { ${body} })().catch((e) => { console.log('error', e.message); process.exitCode = 1; });`;
  const child = spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8', env: process.env });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(child.signal, null, `the child was killed by ${child.signal}: ${child.stderr}`);
  assert.equal(child.status, 0, child.stdout + child.stderr);
  return child.stdout;
}

const SLEEP = `{ s: { name: 'sleep_then_return', parameters: ['i32', 'i32'], result: 'i32', nonblocking: true } }`;

test('a library reopened while a call of the closed handle runs is unloaded after both close', () => {
  // Before the fix the call's end was counted against the reopened handle (the function
  // had been rebound to it), so neither handle was ever dlclosed.
  const out = runChild(`
    const L1 = dlopen(copy, ${SLEEP});
    const p = L1.symbols.s(150, 7);
    L1.close();
    const L2 = dlopen(copy, ${SLEEP});
    const mine = L2.symbols.s(10, 8);
    console.log('values', await p, await mine, mapped());
    L2.close();
    console.log('after close', mapped());`);
  assert.equal(out, 'values 7 8 true\nafter close false\n');
});

test('a library reopened and closed again while the first call runs is unloaded when it ends', () => {
  const out = runChild(`
    const L1 = dlopen(copy, ${SLEEP});
    const p = L1.symbols.s(150, 7);
    L1.close();
    const L2 = dlopen(copy, ${SLEEP});
    L2.close();
    console.log('closed both', mapped());
    console.log('value', await p);
    await new Promise((resolve) => setImmediate(resolve));
    console.log('after the call', mapped());`);
  assert.equal(out, 'closed both true\nvalue 7\nafter the call false\n');
});
