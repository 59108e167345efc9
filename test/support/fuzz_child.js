'use strict';
// The fuzzer's process (run by test/js/fuzz.test.js with --allow-natives-syntax, so that a
// crash is a failure of that test, with this process's output and the seed).
//   node --allow-natives-syntax test/support/fuzz_child.js <calls|definitions> <seed> <runs>
// calls: each random case is called cold (general path) and at an optimized site (the fast
// path where callPath says so); the two must give the same value, or the same error class
// and message; with in-range arguments the value must be the checksum the model computes,
// and an optimized fast call must not enter the general path.
// definitions: random, mostly malformed definitions; dlopen must accept them or throw the
// documented TypeError, the same one parseDefinition throws.
const fs = require('node:fs');
const fc = require('fast-check');
const assert = require('node:assert/strict');
const { dlopen, UnsafePointer, callPath } = require('zerocall');
const { parseDefinition } = require('../../lib/internal/definition');
const { fixturePath } = require('./fixture.js');
const { fastOff } = require('./fast_off.js');
const { measure, optimizedSite } = require('./optimize.js');
const { FUNCTIONS, callCase, hostile } = require('./fuzz_model.js');

const [mode, seedText, runsText] = process.argv.slice(2);
const seed = Number(seedText);
const numRuns = Number(runsText);
const v8Major = Number(process.versions.v8.split('.')[0]);

// Values as the assertion compares them: pointers by address, errors by class and message.
function comparable({ value, error }) {
  if (error !== undefined) {
    return { error: error instanceof Error ? `${error.constructor.name}: ${error.message}` : `non-Error ${String(error)}` };
  }
  if (value !== null && typeof value === 'object') return { pointer: UnsafePointer.value(value) };
  return { value };
}

// Before V8 13 a function's 64-bit parameters take one representation (docs/design.md): BigInt
// when its result is 64-bit (V8 12), else Number; an argument of the other kind leaves through
// the general path.
const INT64 = new Set(['i64', 'u64', 'isize', 'usize']);
function int64ArgumentsFast(c) {
  if (v8Major >= 13) return true;
  const bigintRepresentation = v8Major >= 12 && INT64.has(c.result);
  return c.parameters.every((t, i) => !INT64.has(t) || (typeof c.args[i] === 'bigint') === bigintRepresentation);
}

// The cold call: a site TurboFan never optimizes (else after many cases it would be fast too).
function coldCall(fn, args) { return fn(...args); }
new Function('f', '%NeverOptimizeFunction(f);')(coldCall);

// Each case is written before it runs (synchronously: a crash leaves it as the last line).
let caseNo = 0;
const announce = (c) => fs.writeSync(1, `case ${caseNo++}: ${fc.stringify(c)}\n`);

function checkCall(lib, c) {
  announce(c);
  const fn = lib.symbols[c.name];
  const args = c.args.slice();
  if (c.hostile) args[c.hostile.slot % args.length] = c.hostile.value;
  const cold = comparable(measure(() => coldCall(fn, args)));
  const run = optimizedSite(fn, c.training, { training: 4 });
  const hot = run(...args);
  assert.deepEqual(comparable(hot), cold, 'optimized and cold calls disagree');
  if (c.hostile) return;
  const expected = FUNCTIONS[c.name].expect(c.result, c.args);
  assert.deepEqual(cold, expected === null || typeof expected !== 'bigint' || c.name !== 'fuzz_ptr_echo'
    ? { value: expected } : { pointer: expected }, 'the value differs from the model');
  if (!fastOff && callPath(fn) === 'fast' && int64ArgumentsFast(c)) assert.equal(hot.general, 0, 'an optimized fast call entered the general path');
}

function calls() {
  // One library per definition shape (bound lazily), kept open for the run.
  const libs = new Map();
  const libFor = (c) => {
    const key = JSON.stringify([c.name, c.parameters, c.result]);
    if (!libs.has(key)) libs.set(key, dlopen(fixturePath, { [c.name]: { parameters: c.parameters, result: c.result } }));
    return libs.get(key);
  };
  fc.assert(fc.property(callCase, (c) => checkCall(libFor(c), c)), { seed, numRuns, verbose: 1 });
  for (const lib of libs.values()) lib.close();
}

// Definitions: type names valid and not, structs (deep, empty, holed), wrong kinds, holes,
// extra keys, getters that change between reads.
const typeName = fc.constantFrom('void', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'usize', 'isize',
  'f32', 'f64', 'bool', 'pointer', 'buffer', 'function', 'cstring', 'cstring16', 'i33', '', 'I32', 'int', ' i32');
const { type: anyType } = fc.letrec((tie) => ({
  type: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    typeName, typeName, hostile,
    fc.record({ struct: tie('list') }),
    fc.record({ struct: tie('list'), extra: fc.constant(1) }),
    fc.nat(30).map((depth) => { let t = 'i32'; for (let i = 0; i < depth; i++) t = { struct: [t] }; return t; })),
  list: fc.oneof(fc.array(tie('type'), { maxLength: 5 }), hostile,
    fc.array(tie('type'), { maxLength: 5 }).map((xs) => { const a = xs.slice(); a.length += 1; return a; })),
}));
const definition = fc.oneof(
  fc.record({ parameters: fc.oneof(fc.array(anyType, { maxLength: 6 }), hostile), result: anyType },
    { requiredKeys: [] }),
  fc.record({ parameters: fc.array(typeName, { maxLength: 4 }), result: typeName,
    nonblocking: fc.oneof(fc.boolean(), hostile), callback: fc.oneof(fc.boolean(), hostile),
    optional: fc.oneof(fc.boolean(), hostile), name: fc.oneof(fc.constant('fuzz_i32'), hostile) }, { requiredKeys: [] }),
  fc.array(typeName, { maxLength: 3 }).map((params) => {
    let reads = 0; // a getter that empties the list after the first read
    return { get parameters() { return reads++ === 0 ? params : []; }, result: 'i32' };
  }),
  hostile,
);

function outcome(f) {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof Error ? `${e.constructor.name}: ${e.message}` : `non-Error ${String(e)}`;
  }
}

function definitions() {
  fc.assert(fc.property(definition, (def) => {
    announce(def);
    const parsed = outcome(() => parseDefinition('fuzz_i32', def));
    const opened = outcome(() => {
      const lib = dlopen(fixturePath, { fuzz_i32: def });
      try { void lib.symbols.fuzz_i32; } finally { lib.close(); }
    });
    // The documented errors: a malformed definition, or (a random `name`) a missing symbol.
    if (opened !== 'ok' && !/^Error: Failed to register symbol .*: undefined symbol: /s.test(opened)) {
      assert.match(opened, /^TypeError: Invalid definition of 'fuzz_i32': /, `not the documented definition error: ${opened}`);
    }
    // A definition read through a getter may differ between the two reads (then only the class is checked).
    if (parsed !== 'ok' && !(def && Object.getOwnPropertyDescriptor(def, 'parameters')?.get)) assert.equal(opened, parsed);
  }), { seed, numRuns, verbose: 1 });
}

({ calls, definitions })[mode]();
console.log(`fuzz ${mode}: ${numRuns} runs passed (seed ${seed})`);
