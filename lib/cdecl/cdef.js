'use strict';
// cdef(text): C header text (preprocessed, or plain declarations) -> { symbols, types,
// constants, skipped }. `symbols` is a definitions object for dlopen (functions as
// { parameters, result }, variables as statics); `types` holds the typedefs and tagged
// structs / unions / enums (aggregate type objects, callback definitions for
// function-pointer typedefs, frozen objects of an enum's constants, scalar type names);
// `constants` the enumerators and #define integer constants; `skipped` every declaration
// zerocall cannot bind, with the reason and place (variadic functions, long double,
// bitfields...). A syntax error, or a directive that changes the text's meaning (#if),
// throws an Error naming the line and column.
const { Parser, newScope } = require('./parser');
const { functionDefinition } = require('./prototype');
const ct = require('./ctypes');
const { describeValue } = require('../internal/describe');

const constantValue = (v) => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
const place = (e) => ({ line: e.line, column: e.column });

function enumObject(type) {
  return Object.freeze(Object.fromEntries(Object.entries(type.values).map(([k, v]) => [k, constantValue(v)])));
}

// A named C type as `types` exposes it.
function exposedType(type, at) {
  if (type.kind === 'enum' && type.values) return enumObject(type);
  if (type.kind === 'pointer' && type.to.kind === 'function') return functionDefinition(type.to, at);
  if (type.kind === 'function') return functionDefinition(type, at);
  if (type.kind === 'void') return 'void';
  return ct.layoutType(type, at);
}

// options.types: named types the text may use (an earlier cdef's types, struct()
// objects, scalar type names, callback definitions).
function declarations(text, options = {}) {
  if (typeof text !== 'string') throw new TypeError(`cdef: expects header text (a string), got ${describeValue(text)}`);
  if (options === null || typeof options !== 'object') throw new TypeError(`cdef: options must be an object, got ${describeValue(options)}`);
  for (const key of Object.keys(options)) if (key !== 'types') throw new TypeError(`cdef: unknown option ${JSON.stringify(key)}`);
  const scope = newScope();
  for (const [name, type] of Object.entries(options.types || {})) scope.typedefs.set(name, ct.fromZerocall(type, name));
  new Parser(text, scope).translationUnit();
  const symbols = {};
  const types = {};
  const skipped = {};
  const skip = (name, error, at) => {
    skipped[name] = `${error.message.replace(/ \(line \d+, column \d+\)$/, '')} (line ${error.line ?? at.line}, column ${error.column ?? at.column})`;
  };
  for (const fn of scope.functions) {
    try {
      const definition = functionDefinition(fn.type, fn);
      if (fn.cName !== fn.name) definition.name = fn.cName;
      symbols[fn.name] = definition;
    } catch (error) {
      skip(fn.name, error, fn);
    }
  }
  for (const v of scope.variables) {
    // A variable is its address, as Deno's pointer statics are; scalars are read once.
    const at = place(v);
    try {
      const type = v.type.kind === 'scalar' || v.type.kind === 'enum' ? ct.layoutType(v.type, at) : 'pointer';
      symbols[v.name] = v.cName !== v.name ? { name: v.cName, type } : { type };
    } catch (error) {
      skip(v.name, error, at);
    }
  }
  const expose = (name, type, at) => {
    try {
      types[name] = exposedType(type, at);
    } catch (error) {
      skip(`type ${name}`, error, at);
    }
  };
  for (const name of scope.typedefNames) {
    const type = scope.typedefs.get(name);
    if (type.kind === 'record' && type.members === null) continue;  // opaque: used through pointers only
    expose(name, type, type.line === undefined ? { line: 0, column: 0 } : type);
  }
  for (const [tag, type] of scope.tags) {
    if ((type.kind === 'record' && type.members !== null) || (type.kind === 'enum' && type.values)) expose(tag, type, type);
  }
  const constants = {};
  for (const [name, value] of scope.constants) constants[name] = constantValue(value);
  return { symbols, types, constants, skipped, origins: scope.origins };
}

function cdef(text, options) {
  const { symbols, types, constants, skipped } = declarations(text, options);
  return { symbols, types, constants, skipped };
}

// declarations() also gives `origins`: name -> the file it was declared in (bindgen).
module.exports = { cdef, declarations };
