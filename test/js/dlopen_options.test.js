// flags: --allow-natives-syntax
'use strict';
// dlopen(path, symbols, { global, lazy, deepBind }): exact errors for bad options, and
// what each option does to the loader: RTLD_GLOBAL makes a library's symbols visible to
// a later dlopen(null), RTLD_NOW fails at open for an unresolved function, and
// RTLD_DEEPBIND makes a library resolve its own symbols before global ones. Each case
// loads a fresh copy of a library (test/fixture/loader_*.c): the loader keeps one
// instance per file, and promotes it for good once it is global.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { dlopen } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath, loaderLibraries } = require('../support/fixture.js');
const { throwsExact } = require('../support/assert.js');
const { fastOff } = require('../support/fast_off.js');

const copies = fs.mkdtempSync(path.join(os.tmpdir(), 'zerocall-loader-'));
test.after(() => fs.rmSync(copies, { recursive: true, force: true }));
let copyCount = 0;
function freshCopy(name) {
  const copy = path.join(copies, `${name}-${copyCount++}.so`);
  fs.copyFileSync(loaderLibraries[name].path, copy);
  return copy;
}

const callable = (parameters, result, optional = false) => ({ parameters, result, optional });

// Calls a no-argument symbol from optimized code: its result and the general-path
// entries of that call (0 where the fast path took it). Each site has its own source
// text, so no feedback is shared with another symbol's site.
let siteId = 0;
function callOptimized(fn) {
  const site = new Function('fn', `/* site ${siteId++} */ return () => fn();`)(fn);
  %PrepareFunctionForOptimization(site);
  site();
  %OptimizeFunctionOnNextCall(site);
  const before = binding.generalCallCount();
  const value = site();
  return { value, general: binding.generalCallCount() - before };
}

test('bad options: exact TypeErrors, before the library is loaded or a definition read', () => {
  const cases = [
    [null, 'dlopen: options must be an object, got null'],
    [true, 'dlopen: options must be an object, got true'],
    ['lazy', 'dlopen: options must be an object, got a string'],
    [[], 'dlopen: options must be an object, got an object'],
    [() => {}, 'dlopen: options must be an object, got a function'],
    [{ now: true }, 'dlopen: unknown option "now"'],
    [{ lazy: true, Global: true }, 'dlopen: unknown option "Global"'],
    [{ global: 1 }, 'dlopen: option global must be a boolean, got 1'],
    [{ lazy: 'false' }, 'dlopen: option lazy must be a boolean, got a string'],
    [{ deepBind: null }, 'dlopen: option deepBind must be a boolean, got null'],
    [{ global: true, lazy: 0n }, 'dlopen: option lazy must be a boolean, got 0n'],
  ];
  for (const [options, message] of cases) {
    // A missing file and a malformed definition: neither is reached.
    throwsExact(() => dlopen('/nonexistent/libzc.so', { f: { parameters: 'x', result: 'i32' } }, options),
      TypeError, message);
  }
  // The symbols object is checked first.
  throwsExact(() => dlopen(null, 5, { bad: true }), TypeError, 'dlopen: symbols must be an object, got 5');
});

test('no options, {}, and undefined values mean the defaults', () => {
  for (const options of [undefined, {}, { global: undefined, lazy: undefined, deepBind: undefined },
    { global: false, lazy: true, deepBind: false }]) {
    const lib = dlopen(fixturePath, { add_i32: callable(['i32', 'i32'], 'i32') }, options);
    assert.equal(lib.symbols.add_i32(40, 2), 42);
    lib.close();
  }
});

test('global: a library\'s symbols become visible to dlopen(null) only when it is global', () => {
  const probe = { zc_loader_global_probe: callable([], 'i32', true) };
  const local = dlopen(freshCopy('global'), probe);
  assert.equal(local.symbols.zc_loader_global_probe(), 7);
  const unseen = dlopen(null, probe);
  assert.equal(unseen.symbols.zc_loader_global_probe, null);
  unseen.close();
  const explicitLocal = dlopen(freshCopy('global'), {}, { global: false });
  const stillUnseen = dlopen(null, probe);
  assert.equal(stillUnseen.symbols.zc_loader_global_probe, null);
  stillUnseen.close();
  explicitLocal.close();

  const global = dlopen(freshCopy('global'), {}, { global: true });
  const running = dlopen(null, probe);
  assert.equal(running.symbols.zc_loader_global_probe(), 7);
  // Optimized, on the fast path where there is one.
  assert.deepEqual(callOptimized(running.symbols.zc_loader_global_probe), { value: 7, general: fastOff ? 1 : 0 });
  running.close();
  global.close();
  local.close();
});

test('lazy: false (RTLD_NOW) fails at open for an unresolved function; lazy loads it', () => {
  const eager = freshCopy('unresolved');
  throwsExact(() => dlopen(eager, {}, { lazy: false }), Error,
    `Could not open library: Could not open library: ${eager}: undefined symbol: zc_loader_missing`);
  // The default and lazy: true load it; the unresolved function is only found, never called.
  for (const options of [undefined, { lazy: true }]) {
    const lib = dlopen(freshCopy('unresolved'), {
      zc_loader_present: callable([], 'i32'),
      zc_loader_calls_missing: callable([], 'i32'),
    }, options);
    assert.equal(lib.symbols.zc_loader_present(), 3);
    assert.equal(typeof lib.symbols.zc_loader_calls_missing, 'function');
    lib.close();
  }
  // A library without unresolved symbols opens with lazy: false.
  const now = dlopen(fixturePath, { add_i32: callable(['i32', 'i32'], 'i32') }, { lazy: false });
  assert.equal(now.symbols.add_i32(1, 2), 3);
  now.close();
});

// The sanitizer runtimes abort any dlopen with RTLD_DEEPBIND (it would bypass their
// interceptors), so under scripts/asan.js this case cannot run at all.
const deepBindSkip = process.env.ZEROCALL_ASAN === '1' ? 'ASan aborts the process on RTLD_DEEPBIND' : false;

test('deepBind: the library\'s own definitions come before global ones', { skip: deepBindSkip }, () => {
  const global = dlopen(freshCopy('global'), {}, { global: true });
  const which = { zc_loader_call_which: callable([], 'i32') };
  const shallow = dlopen(freshCopy('deep'), which);
  assert.equal(shallow.symbols.zc_loader_call_which(), 1);
  const deep = dlopen(freshCopy('deep'), which, { deepBind: true });
  assert.equal(deep.symbols.zc_loader_call_which(), 2);
  assert.deepEqual(callOptimized(deep.symbols.zc_loader_call_which), { value: 2, general: fastOff ? 1 : 0 });
  deep.close();
  shallow.close();
  global.close();
});
