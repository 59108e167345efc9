'use strict';
// Optimized call sites for the tests that check a value cold and optimized, and which
// path the optimized call took. Needs `--allow-natives-syntax` in the test file's
// flags line (the natives calls below are built with `new Function`, so this file
// parses without it).
const { binding } = require('../../lib/internal/binding');

let siteId = 0;

const prepare = new Function('f', '%PrepareFunctionForOptimization(f);');
const optimizeNext = new Function('f', '%OptimizeFunctionOnNextCall(f);');

// The outcome of `call()`: its value or its error, and the general-path entries it made.
function measure(call) {
  const before = binding.generalCallCount();
  let value;
  let error;
  try {
    value = call();
  } catch (e) {
    error = e;
  }
  return { value, error, general: binding.generalCallCount() - before };
}

// A call site of its own (unique source: no shared feedback) for `fn`, trained with
// `trainArgs` (arguments that take the fast path) and optimized by TurboFan. Returns a
// runner: (...args) -> measure() of the optimized call with those arguments.
// Training runs long enough by default for a JS function between the site and the
// native one (a converting wrapper) to get feedback of its own, so that TurboFan inlines it.
function optimizedSite(fn, trainArgs, { training = 50 } = {}) {
  const params = trainArgs.map((_, i) => `a${i}`).join(', ');
  const site = new Function('fn', `/* optimized site ${siteId++} */ return function (${params}) { return fn(${params}); };`)(fn);
  prepare(site);
  for (let i = 0; i < training; i++) site(...trainArgs);
  optimizeNext(site);
  site(...trainArgs);
  return (...args) => measure(() => site(...args));
}

module.exports = { measure, optimizedSite };
