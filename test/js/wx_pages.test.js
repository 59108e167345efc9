'use strict';
// W^X: no page zerocall maps is ever writable and executable at once. In this process:
// every stub page and callback thunk page, and the page of every kind of callback's
// pointer, is mapped read+execute. In a child with `--jitless` (V8 then maps no code
// space of its own, which is RWX on some versions): after callbacks of every kind
// (scalars, struct parameters and results in registers and in memory, 40 parameters,
// nonblocking, thread-safe) were made and called from C, no page of the whole
// process is writable and executable. (Under ZEROCALL_JIT=0 callbacks are libffi
// closures, whose W^X is libffi's: docs/api.md.)
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { dlopen, UnsafeCallback } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { pick } = require('../support/defs.js');
const { fastOff } = require('../support/fast_off.js');

const jitOff = process.env.ZEROCALL_JIT === '0';

function mappings() {
  return fs.readFileSync('/proc/self/maps', 'utf8').trim().split('\n').map((line) => {
    const [range, perms] = line.split(' ');
    const [start, end] = range.split('-').map((x) => BigInt(`0x${x}`));
    return { start, end, perms, line };
  });
}

const pageOf = (address, maps) => maps.find((m) => m.start <= address && address < m.end);

// Callbacks of every kind, each called from C once; returns them (open) and their pointers.
// Runs here and, as source text, in the --jitless child.
function callbacksOfEveryKind(zerocall, fixture) {
  const I64x8 = Array(8).fill('i64');
  const M24 = { struct: ['i64', 'f64', 'i32'] };
  const LD = { struct: ['i64', 'f64'] };
  const PAIR = { struct: ['u8', 'u32', 'f64'] };
  const lib = zerocall.dlopen(fixture, {
    zc_cbs_zc_ld: { parameters: ['function', 'i32'], result: LD },
    zc_cbs_zc_m24: { parameters: ['function', 'i32'], result: M24 },
    zc_cbs_big_late: { parameters: ['function'], result: 'i64' },
    zc_cb_40: { parameters: ['function'], result: 'f64' },
    zc_post_pairs_from_thread: { parameters: ['function', 'i32'], result: 'void' },
    call_result_i32: { parameters: ['function'], result: 'i32' },
  });
  const s = lib.symbols;
  const made = {
    scalar: new zerocall.UnsafeCallback({ parameters: [], result: 'i32' }, () => 5),
    structRegisters: new zerocall.UnsafeCallback({ parameters: ['i32', LD, 'i32'], result: LD },
      (a, v) => v),
    structMemory: new zerocall.UnsafeCallback({ parameters: ['i32', M24, 'i32'], result: M24 },
      (a, v) => v),
    structsOnStack: new zerocall.UnsafeCallback({
      parameters: [...I64x8, M24, { struct: ['i64', 'i64', 'i64', 'i64', 'f64'] }, { struct: ['u8', 'u8', 'u8'] }],
      result: 'i64',
    }, () => 3n),
    fortyParameters: new zerocall.UnsafeCallback({
      parameters: Array.from({ length: 40 }, (_, k) => ['i32', 'f64', 'i64', 'f32', 'u8'][k % 5]), result: 'f64',
    }, () => 1.5),
    nonblockingStruct: new zerocall.UnsafeCallback({ parameters: [PAIR], result: 'void', nonblocking: true }, () => {}),
    threadSafe: zerocall.UnsafeCallback.threadSafe({ parameters: [], result: 'i32' }, () => 6),
  };
  const results = [
    s.call_result_i32(made.scalar.pointer), s.zc_cbs_zc_ld(made.structRegisters.pointer, 1).length,
    s.zc_cbs_zc_m24(made.structMemory.pointer, 1).length, s.zc_cbs_big_late(made.structsOnStack.pointer),
    s.zc_cb_40(made.fortyParameters.pointer), s.call_result_i32(made.threadSafe.pointer),
  ];
  s.zc_post_pairs_from_thread(made.nonblockingStruct.pointer, 2);
  made.threadSafe.unref();
  return { lib, made, results };
}
const EXPECTED_RESULTS = [5, 16, 24, 3n, 1.5, 6];

test('stub pages, thunk pages and every kind of callback are never writable and executable', { skip: jitOff && 'ZEROCALL_JIT=0' }, () => {
  const more = dlopen(fixturePath, pick('sum_9_i32', 'mixed_20', 'garbage_i8'));
  assert.equal(more.symbols.sum_9_i32(1, 2, 3, 4, 5, 6, 7, 8, 9), 45);
  more.close();
  const { lib, made, results } = callbacksOfEveryKind(require('zerocall'), fixturePath);
  assert.deepEqual(results, EXPECTED_RESULTS);
  const pages = binding.jitPages();
  const maps = mappings();
  if (fastOff) assert.equal(pages.length, 1, 'no stub is emitted: the thunk page is the only one');
  else assert.ok(pages.length >= 2, 'stubs and a thunk page were emitted');
  for (const page of pages) {
    const mapping = pageOf(page, maps);
    assert.ok(mapping, `stub page 0x${page.toString(16)} is mapped`);
    assert.equal(mapping.perms.slice(0, 3), 'r-x', `stub page 0x${page.toString(16)}`);
  }
  for (const [kind, cb] of Object.entries(made)) {
    assert.equal(binding.callbackEntry(cb.pointer), 'thunk', kind);
    const mapping = pageOf(BigInt(require('zerocall').UnsafePointer.value(cb.pointer)), maps);
    assert.equal(mapping.perms.slice(0, 3), 'r-x', `${kind}: ${mapping.line}`);
    cb.close();
  }
  lib.close();
});

test('no page of a --jitless process is writable and executable after callbacks of every kind', { skip: jitOff && 'ZEROCALL_JIT=0' }, () => {
  const script = `
    const zerocall = require(${JSON.stringify(require.resolve('zerocall'))});
    const { binding } = require(${JSON.stringify(require.resolve('../../lib/internal/binding'))});
    const { lib, made, results } = (${callbacksOfEveryKind})(zerocall, ${JSON.stringify(fixturePath)});
    const entries = Object.values(made).map((cb) => binding.callbackEntry(cb.pointer));
    const rwx = require('fs').readFileSync('/proc/self/maps', 'utf8').trim().split('\\n')
      .filter((line) => /^\\S+ .wx/.test(line));
    console.log(JSON.stringify({ entries, rwx, results: results.map(String) }));
    for (const cb of Object.values(made)) cb.close();
    lib.close();`;
  const child = spawnSync(process.execPath, ['--jitless', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), {
    entries: Array(7).fill('thunk'), rwx: [], results: EXPECTED_RESULTS.map(String),
  });
});
