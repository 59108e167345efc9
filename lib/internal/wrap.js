'use strict';
// A JS function around a native one, for definitions whose values need converting in JS
// (another FFI's pointer representation, a named struct as an object, out-parameters). Its source is
// made per arity so that TurboFan inlines it and the inner native call keeps the fast
// path; positions without a converter pass their argument as it is.

// wrapper -> the native function it calls (callPath answers for the native one).
const wrapped = new WeakMap();

// -> fn(...args) calling native with converted arguments and converting its result
// (after the Promise settles, for nonblocking symbols). `outs[i]` (out_param.js) makes
// argument i's temporary before the call and stores its value after it (before the
// Promise resolves). `native` itself when nothing needs converting.
function wrapNative(native, name, argConverters, resultConverter, nonblocking, outs = []) {
  const out = (i) => outs[i] || null;
  if (!resultConverter && argConverters.every((c, i) => !c && !out(i))) return native;
  const params = argConverters.map((_, i) => `a${i}`);
  const args = params.map((p, i) => (out(i) ? `t${i}` : argConverters[i] ? `c${i}(${p})` : p));
  const prepares = params.map((p, i) => (out(i) ? `const t${i} = o${i}.prepare(${p}); ` : '')).join('');
  const stores = params.map((p, i) => (out(i) ? `o${i}.store(${p}, t${i}); ` : '')).join('');
  let call = `native(${args.join(', ')})`;
  let body;
  if (!stores) {
    if (resultConverter) call = nonblocking ? `${call}.then(r)` : `r(${call})`;
    body = `return ${call};`;
  } else {
    const settle = `${stores}return ${resultConverter ? 'r(v)' : 'v'};`;
    body = nonblocking ? `${prepares}return ${call}.then((v) => { ${settle} });` : `${prepares}const v = ${call}; ${settle}`;
  }
  const make = new Function('native', 'r', ...params.map((_, i) => `c${i}`), ...params.map((_, i) => `o${i}`),
    `'use strict'; return function (${params.join(', ')}) { ${body} };`);
  const fn = make(native, resultConverter, ...argConverters, ...params.map((_, i) => out(i)));
  Object.defineProperty(fn, 'name', { value: name });
  wrapped.set(fn, native);
  return fn;
}

// The same around a JS callback that C calls: its arguments arrive in zerocall's values
// and are converted for it, its return value is converted back.
function wrapCallback(callback, argConverters, resultConverter) {
  if (!resultConverter && argConverters.every((c) => !c)) return callback;
  return function (...args) {
    for (let i = 0; i < argConverters.length; i++) if (argConverters[i]) args[i] = argConverters[i](args[i]);
    const value = Reflect.apply(callback, this, args);
    return resultConverter ? resultConverter(value) : value;
  };
}

// The native function behind `fn`: the one wrapNative wrapped, else `fn` itself.
function nativeOf(fn) {
  return wrapped.get(fn) ?? fn;
}

module.exports = { wrapNative, wrapCallback, nativeOf };
