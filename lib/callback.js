'use strict';
// UnsafeCallback: a C function pointer that calls a JS function, from the JS thread
// (synchronously, also from inside a foreign call) or from any other thread (the
// calling thread waits for the JS thread to run it). A nonblocking one never waits:
// each call is queued for the JS thread, which runs them in order later.
const { binding, typeCodes } = require('./internal/binding');
const { parseDefinition, callbackConverters, CALLBACK_KEYS } = require('./internal/definition');
const { wrapCallback } = require('./internal/wrap');
const { describeValue } = require('./internal/describe');

const disposeSymbol = Symbol.dispose || Symbol.for('nodejs.dispose');

// At exit libuv joins its pool, whose threads may be waiting for a callback's JS:
// callbacksExit releases them with zero, and later calls from other threads get zero
// at once (docs/api.md, Lifetimes).
let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => binding.callbacksExit());
}

class UnsafeCallback {
  #handle;

  constructor(definition, callback) {
    const def = parseDefinition('UnsafeCallback', definition, { allowStatic: false, keys: CALLBACK_KEYS, spellings: false, allowOut: false, variadic: false });
    if (def.nonblocking && def.resultCode !== typeCodes.get('void')) {
      throw new TypeError(`Invalid definition of 'UnsafeCallback': a nonblocking callback's result must be "void", ` +
        `got ${Array.isArray(def.resultCode) ? 'a struct' : JSON.stringify(binding.typeNames[def.resultCode])}`);
    }
    // C reads a returned string after the callback is gone: no copy could live that long.
    if (def.resultCode === typeCodes.get('cstring') || def.resultCode === typeCodes.get('cstring16')) {
      throw new TypeError(`Invalid definition of 'UnsafeCallback': a callback cannot return ${definition.result} (a copy would not outlive the callback); return a pointer`);
    }
    if (typeof callback !== 'function') {
      throw new TypeError(`UnsafeCallback: callback must be a function, got ${describeValue(callback)}`);
    }
    const { args, result } = callbackConverters(def);
    hookExit();
    const [pointer, handle] = binding.callbackCreate(def.resultCode, def.parameterCodes,
      wrapCallback(callback, args, result), def.nonblocking);
    this.#handle = handle;
    this.pointer = pointer;
    this.definition = definition;
    this.callback = callback;
  }

  // A callback that keeps the event loop alive (ref'd once), as C threads usually
  // call it later, from elsewhere.
  static threadSafe(definition, callback) {
    const unsafeCallback = new UnsafeCallback(definition, callback);
    unsafeCallback.ref();
    return unsafeCallback;
  }

  // Reference counting: while the count is above zero the callback keeps the event
  // loop alive. Each returns the new count.
  ref() {
    return binding.callbackRef(this.#handle, 1);
  }

  unref() {
    return binding.callbackRef(this.#handle, -1);
  }

  // After close() the pointer still exists: calling it reports an error and returns zero.
  close() {
    binding.callbackClose(this.#handle);
  }

  [disposeSymbol]() {
    this.close();
  }
}

module.exports = { UnsafeCallback };
