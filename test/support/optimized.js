'use strict';
// An optimized call site of its own for a function (needs --allow-natives-syntax):
// unique source (no shared feedback), trained with `args`, optimized by TurboFan. The
// runner it returns reports the value, the error and the general-path entries of a call.
// By default training runs long enough for a JS function between the site and the
// native one (a converting wrapper) to get feedback of its own, so that TurboFan inlines it.
const { binding } = require('../../lib/internal/binding');

let siteId = 0;
function optimizedSite(fn, args, { training = 50 } = {}) {
  const params = args.map((_, i) => `a${i}`).join(', ');
  const site = new Function('fn', `/* optimized site ${siteId++} */ return function (${params}) { return fn(${params}); };`)(fn);
  eval('%PrepareFunctionForOptimization(site)');
  for (let i = 0; i < training; i++) site(...args);
  eval('%OptimizeFunctionOnNextCall(site)');
  site(...args);
  return (...callArgs) => {
    const before = binding.generalCallCount();
    let value;
    let error;
    try {
      value = site(...callArgs);
    } catch (e) {
      error = e;
    }
    return { value, error, general: binding.generalCallCount() - before };
  };
}

module.exports = { optimizedSite };
