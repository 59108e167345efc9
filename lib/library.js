'use strict';
// dlopen() and DynamicLibrary: loads a library and binds each definition to a
// native function (or reads a static). A symbol is the addon's function itself, with
// no JS wrapper in between, so V8 can call it on the fast path.
const { fileURLToPath } = require('url');
const { binding } = require('./internal/binding');
const { parseShared, cName, functionOptions, nativeConverters } = require('./internal/definition');
const { wrapNative } = require('./internal/wrap');
const { describeValue } = require('./internal/describe');

const disposeSymbol = Symbol.dispose || Symbol.for('nodejs.dispose');

function toLoaderPath(path) {
  if (path === null) return path;
  if (typeof path === 'string') return withoutNul(path);
  if (path instanceof URL) {
    if (path.protocol !== 'file:') {
      throw new TypeError(`dlopen: path must be a string, a file: URL or null, got a ${path.protocol} URL`);
    }
    return withoutNul(fileURLToPath(path));
  }
  throw new TypeError(`dlopen: path must be a string, a file: URL or null, got ${describeValue(path)}`);
}

// The loader would see the path end at the NUL and open another file.
function withoutNul(path) {
  if (path.includes('\0')) throw new TypeError(`dlopen: path ${JSON.stringify(path)} contains a NUL character`);
  return path;
}

class DynamicLibrary {
  #handle;
  #state;

  constructor(handle, symbols, state) {
    this.#handle = handle;
    this.#state = state;
    this.symbols = symbols;
    // Bound, so that `const { symbols, close } = dlopen(...)` works (as in Bun).
    Object.defineProperty(this, 'close', { value: this.close.bind(this), writable: true, configurable: true });
  }

  // Unloads the library; its symbols throw from then on. Closing twice is a no-op.
  close() {
    const handle = this.#handle;
    // From inside a callback: C code of this library may still be on the stack.
    if (binding.close(handle) === true) setImmediate(() => binding.unloadDeferred(handle));
    this.#state.closed = true;
  }

  [disposeSymbol]() {
    this.close();
  }

  // node:ffi's dlopen returns { lib, functions }: the same library and symbols.
  get lib() {
    return this;
  }

  get functions() {
    return this.symbols;
  }
}

// An own data property for every key, "__proto__" included (an assignment would
// set the object's prototype instead).
function setSymbol(symbols, key, value) {
  // A key not found on the object or its prototypes (the common case) is a plain assignment.
  if (!(key in symbols)) symbols[key] = value;
  else setData(symbols, key, value);
}

// Symbols are found (dlsym) and checked at dlopen, but a function symbol's native
// function is made on its first read: making one costs microseconds (a stub, V8's
// function template), and a program calls few of the thousands a header declares.
// After close(), a symbol never read is a function that throws as closed ones do.
// `library` ({ symbols, handle, state }) is shared by the symbols' accessors, so that
// each holds only what is its own (bench bind_10k: docs/bench.md).
function bindSymbols(handle, keys, defs, state) {
  const symbols = {};
  const library = { symbols, handle, state };
  // Every key first, as a plain null (the value of a missing optional symbol): an accessor
  // then replaces its entry in place rather than growing the dictionary (~0.2 µs a symbol).
  for (let i = 0; i < keys.length; i++) setSymbol(symbols, keys[i], null);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const def = defs[i];
    const address = binding.findSymbol(handle, cName(key, def), def.optional, key);
    if (address === null) {
      // null already
    } else if (def.kind === 'static') {
      setSymbol(symbols, key, binding.readStatic(address, def.typeCode));
    } else {
      setLazySymbol(library, key, address, def);
    }
  }
  return symbols;
}

// An accessor that makes the function on its first read and replaces itself with it
// (or with an assigned value) as a data property; on a frozen `symbols` it keeps
// answering the function it made. One function is both getter (called with no
// argument) and setter (one argument): a closure less per symbol.
function setLazySymbol(library, key, address, def) {
  let made;
  const accessor = function (value) {
    if (arguments.length !== 0) {
      setData(library.symbols, key, value);
      return undefined;
    }
    if (made === undefined) {
      const { symbols, handle, state } = library;
      made = state.closed ? closedSymbol(key) : bindFunction(handle, key, address, def);
      if (Object.getOwnPropertyDescriptor(symbols, key).configurable) setData(symbols, key, made);
    }
    return made;
  };
  Object.defineProperty(library.symbols, key, { get: accessor, set: accessor, enumerable: true, configurable: true });
}

function setData(symbols, key, value) {
  Object.defineProperty(symbols, key, { value, writable: true, enumerable: true, configurable: true });
}

function bindFunction(handle, key, address, def) {
  const native = binding.makeFunction(functionOptions(key, address, def, handle));
  const { args, result, outs } = nativeConverters(key, def);
  return wrapNative(native, key, args, result, def.nonblocking, outs, def.resultBuffer);
}

function closedSymbol(key) {
  const closed = function () { throw new Error(`${key}: library is closed`); };
  Object.defineProperty(closed, 'name', { value: key });
  return closed;
}

// dlopen's options (booleans; global and deepBind default to false, lazy to true) ->
// the addon's open() flags (kOpen* in src/library/library.h): the bit is set when the
// option has the value `when` (lazy: false is RTLD_NOW).
const OPEN_FLAGS = {
  global: { bit: 1, when: true },     // RTLD_GLOBAL
  lazy: { bit: 2, when: false },      // RTLD_NOW
  deepBind: { bit: 4, when: true },   // RTLD_DEEPBIND
};

function openFlags(options) {
  if (options === undefined) return 0;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`dlopen: options must be an object, got ${describeValue(options)}`);
  }
  let flags = 0;
  for (const name of Object.keys(options)) {
    if (!Object.prototype.hasOwnProperty.call(OPEN_FLAGS, name)) {
      throw new TypeError(`dlopen: unknown option ${JSON.stringify(name)}`);
    }
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') {
      throw new TypeError(`dlopen: option ${name} must be a boolean, got ${describeValue(value)}`);
    }
    if (value === OPEN_FLAGS[name].when) flags |= OPEN_FLAGS[name].bit;
  }
  return flags;
}

function dlopen(path, symbols, options) {
  const loaderPath = toLoaderPath(path);
  if (symbols === null || typeof symbols !== 'object' || Array.isArray(symbols)) {
    throw new TypeError(`dlopen: symbols must be an object, got ${describeValue(symbols)}`);
  }
  const flags = openFlags(options);
  // Every definition is checked before the library is loaded.
  const keys = Object.keys(symbols);
  const shapes = new Map();
  const defs = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) defs[i] = parseShared(keys[i], symbols[keys[i]], shapes);
  const handle = binding.open(loaderPath, flags);
  const state = { closed: false };
  try {
    return new DynamicLibrary(handle, bindSymbols(handle, keys, defs, state), state);
  } catch (error) {
    binding.close(handle);
    throw error;
  }
}

module.exports = { dlopen, DynamicLibrary, openFlags };
