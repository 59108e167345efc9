'use strict';
const { binding } = require('./binding');
// A JS function around a native one, for definitions whose values need converting in JS
// (another FFI's pointer representation, a named struct as an object, out-parameters). Its source is
// made per arity so that TurboFan inlines it and the inner native call keeps the fast
// path; positions without a converter pass their argument as it is.

// wrapper -> the native function it calls (callPath answers for the native one).
const wrapped = new WeakMap();

// -> fn(...args) calling native with converted arguments and converting its result
// (after the Promise settles, for nonblocking symbols). `outs[i]` (out_param.js) makes
// argument i's temporary before the call and stores its value after it (before the
// Promise resolves). `resultBuffer` ({ bytes, parameters }, from parseDefinition; never
// with out-parameters): the native function writes its struct result into a buffer
// passed after the parameters; the wrapper passes a new Uint8Array per call, or the
// caller's own buffer when one is given after the arguments, and returns it
// (docs/api.md). `native` itself when nothing needs converting.
function wrapNative(native, name, argConverters, resultConverter, nonblocking, outs = [], resultBuffer = null) {
  const out = (i) => outs[i] || null;
  if (!resultConverter && !resultBuffer && argConverters.every((c, i) => !c && !out(i))) return native;
  const count = resultBuffer ? resultBuffer.parameters : argConverters.length;
  const params = Array.from({ length: count }, (_, i) => `a${i}`);
  const args = params.map((p, i) => (out(i) ? `t${i}` : argConverters[i] ? `c${i}(${p})` : p));
  const prepares = params.map((p, i) => (out(i) ? `const t${i} = o${i}.prepare(${p}); ` : '')).join('');
  const stores = params.map((p, i) => (out(i) ? `o${i}.store(${p}, t${i}); ` : '')).join('');
  let body;
  let prelude = '';
  if (resultBuffer) {
    ({ prelude, body } = structResultSource(resultBuffer.bytes, args, resultConverter ? 'r' : ''));
    params.push('out');
  } else if (!stores) {
    let call = `native(${args.join(', ')})`;
    if (resultConverter) call = nonblocking ? `${call}.then(r)` : `r(${call})`;
    body = `return ${call};`;
  } else {
    const call = `native(${args.join(', ')})`;
    const settle = `${stores}return ${resultConverter ? 'r(v)' : 'v'};`;
    body = nonblocking ? `${prepares}return ${call}.then((v) => { ${settle} });` : `${prepares}const v = ${call}; ${settle}`;
  }
  const converters = Array.from({ length: count }, (_, i) => `c${i}`);
  const holders = Array.from({ length: count }, (_, i) => `o${i}`);
  const make = new Function('native', 'r', ...converters, ...holders,
    `'use strict'; ${prelude} return function (${params.join(', ')}) { ${body} };`);
  const fn = make(native, resultConverter, ...argConverters, ...holders.map((_, i) => out(i)));
  Object.defineProperty(fn, 'name', { value: name });
  wrapped.set(fn, native);
  return fn;
}

// The wrapper's source for a struct result of `bytes` bytes: C writes it into one
// scratch buffer per symbol, off the V8 heap, and the wrapper copies it into a new
// Uint8Array made in JS. (Handing C a new Uint8Array directly would cost more than the
// call: a small one lives on the V8 heap, and V8 13+ moves it off-heap before C may
// write it.) A call made while one is running (from a callback C calls) gets a buffer
// of its own instead; a caller's buffer after the arguments is filled and returned.
// The common case stays small enough for TurboFan to inline. Where a new Uint8Array
// reaches C in place (binding.resultBuffersInPlace: V8 11-12's fast path), C gets it
// directly.
function structResultSource(bytes, args, convert) {
  const call = (buffer) => `native(${[...args, buffer].join(', ')})`;
  if (binding.resultBuffersInPlace) {
    return {
      prelude: '',
      body: `const b = out === undefined ? new Uint8Array(${bytes}) : out; ${call('b')}; return ${convert}(b);`,
    };
  }
  return {
    prelude: `const scratch = new Uint8Array(new ArrayBuffer(${bytes})); let busy = false; ` +
      `function own(${[...args.map((_, i) => `a${i}`), 'b'].join(', ')}) { ` +
      `if (b === undefined) b = new Uint8Array(${bytes}); ${call('b')}; return b; }`,
    body: `if (out !== undefined || busy) return ${convert}(own(${[...args.map((_, i) => `a${i}`), 'out'].join(', ')})); ` +
      `busy = true; try { ${call('scratch')}; } finally { busy = false; } ` +
      `const b = new Uint8Array(${bytes}); for (let i = 0; i < ${bytes}; i++) b[i] = scratch[i]; return ${convert}(b);`,
  };
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
