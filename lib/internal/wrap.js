'use strict';
// A JS function around a native one, for definitions whose values need converting in JS
// (another FFI's pointer representation, a named struct as an object). Its source is
// made per arity so that TurboFan inlines it and the inner native call keeps the fast
// path; positions without a converter pass their argument as it is.

// wrapper -> the native function it calls (callPath answers for the native one).
const wrapped = new WeakMap();

// -> fn(...args) calling native with converted arguments and converting its result
// (after the Promise settles, for nonblocking symbols). `native` itself when nothing
// needs converting. `resultBuffer` ({ bytes, parameters }, from parseDefinition): the
// native function writes its struct result into a buffer passed after the parameters;
// the wrapper passes a new Uint8Array per call, or the caller's own buffer when one
// is given after the arguments, and returns it (docs/api.md).
function wrapNative(native, name, argConverters, resultConverter, nonblocking, resultBuffer = null) {
  if (!resultConverter && !resultBuffer && argConverters.every((c) => !c)) return native;
  const count = resultBuffer ? resultBuffer.parameters : argConverters.length;
  const params = Array.from({ length: count }, (_, i) => `a${i}`);
  const args = params.map((p, i) => (argConverters[i] ? `c${i}(${p})` : p));
  let body;
  if (resultBuffer) {
    body = `const b = out === undefined ? new Uint8Array(${resultBuffer.bytes}) : out; ` +
      `native(${[...args, 'b'].join(', ')}); return ${resultConverter ? 'r(b)' : 'b'};`;
    params.push('out');
  } else {
    let call = `native(${args.join(', ')})`;
    if (resultConverter) call = nonblocking ? `${call}.then(r)` : `r(${call})`;
    body = `return ${call};`;
  }
  const converters = Array.from({ length: count }, (_, i) => `c${i}`);
  const make = new Function('native', 'r', ...converters,
    `'use strict'; return function (${params.join(', ')}) { ${body} };`);
  const fn = make(native, resultConverter, ...argConverters);
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
