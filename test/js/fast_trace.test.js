'use strict';
// The public fast-path trace and introspection: with ZEROCALL_TRACE_FAST=1 at start-up,
// lastFastCall() names the last symbol whose fast path ran ("call" for an
// UnsafeFnPointer) and resets to null; it is the key exactly when the call made no
// general-path entry (the existing counter), null after a general-path call, also one
// that left a V8 11-12 stub through the fallback flag. Without the variable it is
// always null. callPath(fn) is exported and gives the eligibility predicate's answer.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { dlopen, callPath, lastFastCall } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { fastOff } = require('../support/fast_off.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
const scenario = path.join(__dirname, '..', 'support', 'trace_scenario.js');

function runScenario(env) {
  const childEnv = { ...process.env, ...env };
  if (env.ZEROCALL_TRACE_FAST === null) delete childEnv.ZEROCALL_TRACE_FAST;
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', scenario], { encoding: 'utf8', env: childEnv });
  assert.equal(child.status, 0, child.stderr);
  return new Map(child.stdout.trim().split('\n').map((line) => {
    const entry = JSON.parse(line);
    return [entry.name, entry];
  }));
}

// [scenario, the label a fast call records, general-path entries where the process has
// a fast path, whether the call throws]
const EXPECTED = [
  ['cold add_i32', 'add_i32', 1, false],
  ['optimized add_i32', 'add_i32', 0, false],
  ['optimized nop', 'nop', 0, false],
  ['optimized add_f64', 'add_f64', 0, false],
  ['optimized add_i64', 'add_i64', v8Major >= 12 ? 0 : 1, false],  // V8 11: 64-bit results are general
  ['optimized address_of', 'address_of', 0, false],
  // V8 11-12: an empty Uint8Array leaves the stub through the fallback flag.
  ['optimized address_of, empty buffer', 'address_of', v8Major >= 13 ? 0 : 1, false],
  ['optimized UnsafeFnPointer call', 'call', 0, false],
  // V8 13+ throws from the stub; V8 11-12 fall back and the general path throws.
  ['optimized add_i32, out of range', 'add_i32', v8Major >= 13 ? 0 : 1, true],
  ['optimized add_i32 after close', 'add_i32', v8Major >= 13 ? 0 : 1, true],
];

test('ZEROCALL_TRACE_FAST=1: lastFastCall() is the key exactly when the fast path ran', () => {
  const results = runScenario({ ZEROCALL_TRACE_FAST: '1' });
  for (const [name, label, fastEntries, threw] of EXPECTED) {
    const got = results.get(name);
    assert.ok(got, name);
    const general = fastOff ? 1 : fastEntries;
    assert.equal(got.general, general, `${name}: general-path entries`);
    assert.equal(got.first, general === 0 ? label : null, `${name}: lastFastCall()`);
    assert.equal(got.second, null, `${name}: lastFastCall() again`);
    assert.equal(got.threw, threw, `${name}: threw`);
  }
  // A general-path call of another symbol leaves the last fast call in place.
  const kept = results.get('optimized nop, then cold add_f64');
  assert.deepEqual([kept.first, kept.second, kept.general], [fastOff ? null : 'nop', null, 1]);
});

test('without ZEROCALL_TRACE_FAST, lastFastCall() is always null', () => {
  const results = runScenario({ ZEROCALL_TRACE_FAST: null });
  assert.equal(results.size, EXPECTED.length + 1);
  for (const [name, , fastEntries] of EXPECTED) {
    const got = results.get(name);
    assert.deepEqual([got.first, got.second, got.general], [null, null, fastOff ? 1 : fastEntries], name);
  }
  // Only "1" turns it on.
  const other = runScenario({ ZEROCALL_TRACE_FAST: 'yes' });
  assert.equal(other.get('optimized add_i32').first, null);
});

test('the trace is on the package, CommonJS and ESM, and null in this process', async () => {
  const esm = await import('zerocall');
  assert.equal(esm.lastFastCall, lastFastCall);
  assert.equal(esm.callPath, callPath);
  // (The suite may also run with ZEROCALL_TRACE_FAST=1, every stub traced.)
  if (process.env.ZEROCALL_TRACE_FAST !== '1') assert.equal(lastFastCall(), null);
});

test('callPath(fn): "fast" or the eligibility predicate\'s reason, as the binding reports', () => {
  const lib = dlopen(fixturePath, {
    add_i32: { parameters: ['i32', 'i32'], result: 'i32' },
    identity_bool: { parameters: ['bool'], result: 'bool' },
    later: { name: 'add_i32', parameters: ['i32', 'i32'], result: 'i32', nonblocking: true },
  });
  const s = lib.symbols;
  assert.equal(callPath(s.add_i32), fastOff ?? 'fast');
  assert.equal(callPath(s.identity_bool), fastOff ?? 'bool parameters are converted loosely by V8\'s fast path');
  assert.equal(callPath(s.later), 'nonblocking calls return a Promise');
  for (const fn of [s.add_i32, s.identity_bool, s.later]) assert.equal(callPath(fn), binding.callPath(fn));
  assert.throws(() => callPath(() => 1), { name: 'TypeError', message: 'callPath: not a zerocall function' });
  assert.throws(() => callPath(undefined), { name: 'TypeError', message: 'callPath: not a zerocall function' });
  lib.close();
});
