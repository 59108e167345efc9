'use strict';
// Validates a symbol definition (a ForeignFunction or ForeignStatic, as in
// Deno.dlopen) and turns it into numeric type codes for the addon. Every mistake is a
// TypeError naming the key and the offending position; unknown keys are mistakes.
const { binding, typeCodes } = require('./binding');
const { describeEntry } = require('./describe');
const { fromOtherSpelling } = require('./spellings');
const { AggregateType, byValueProblem } = require('../types/aggregate');
const { prototypeDefinition } = require('../cdecl/prototype');

const FUNCTION_KEYS = new Set(['parameters', 'result', 'name', 'nonblocking', 'optional', 'callback']);
const STATIC_KEYS = new Set(['type', 'name', 'optional']);
const VOID = typeCodes.get('void');

function invalid(key, what) {
  return new TypeError(`Invalid definition of '${key}': ${what}`);
}

// The addon's limits (src/types/type_from_js.h): its numbers, so both sides agree.
const { maxParameters, maxStructNesting } = binding.signatureLimits;

// The codes of an array of types, each element read once, holes included (as
// undefined), so getters and sparse arrays cannot hand the addon something unchecked.
function codesOf(key, position, types, count, depth) {
  const codes = new Array(count);
  for (let i = 0; i < count; i++) {
    const type = types[i];
    // A plain type name needs no position text (built only for an error or a struct).
    const code = typeof type === 'string' ? typeCodes.get(type) : undefined;
    codes[i] = code !== undefined && code !== VOID ? code : typeCode(key, `${position}[${i}]`, type, false, depth);
  }
  return codes;
}

// A struct by value ({ struct: [field types] }): the addon gets the array of its
// fields' descriptions (nested arrays for nested structs).
function structCode(key, position, type, depth) {
  for (const name of Object.keys(type)) {
    if (name !== 'struct') throw invalid(key, `${position} has an unknown key ${JSON.stringify(name)}`);
  }
  if (depth > maxStructNesting) {
    throw invalid(key, `${position} nests structs more than ${maxStructNesting} levels deep`);
  }
  const fields = type.struct;
  const count = Array.isArray(fields) ? fields.length : 0;
  if (count === 0) throw invalid(key, `${position}.struct must be a non-empty array of types`);
  return codesOf(key, `${position}.struct`, fields, count, depth + 1);
}

function typeCode(key, position, type, allowVoid, depth = 1) {
  if (type instanceof AggregateType) {
    const problem = byValueProblem(type);
    if (problem) throw invalid(key, `${position} is ${problem}`);
    return structCode(key, position, type.positional(), depth);
  }
  if (type !== null && typeof type === 'object' && !Array.isArray(type) && 'struct' in type) {
    return structCode(key, position, type, depth);
  }
  const code = typeof type === 'string' ? typeCodes.get(type) : undefined;
  if (code === undefined) throw invalid(key, `${position} is ${describeEntry(type)}, not a known type`);
  if (code === VOID && !allowVoid) throw invalid(key, `"void" is only valid as a result (${position})`);
  return code;
}

function checkKeys(key, definition, allowed) {
  for (const name of Object.keys(definition)) {
    if (!allowed.has(name)) throw invalid(key, `unknown key ${JSON.stringify(name)}`);
  }
}

function checkFlag(key, definition, flag) {
  const value = definition[flag];
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(key, `${flag} must be a boolean, got ${describeEntry(value)}`);
  }
  return value === true;
}

function checkName(key, definition) {
  const name = definition.name === undefined ? key : definition.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw invalid(key, `name must be a non-empty string, got ${describeEntry(name)}`);
  }
  // C would see the name end at the NUL and bind another symbol.
  if (name.includes('\0')) throw invalid(key, `the C name ${JSON.stringify(name)} contains a NUL character`);
  return name;
}

// -> { kind: 'function', name, resultCode, parameterCodes, optional, nonblocking, callback }
//  | { kind: 'static', name, typeCode, optional }
function parseDefinition(key, rawDefinition, { allowStatic = true, keys = FUNCTION_KEYS, spellings = true } = {}) {
  // A C prototype string, or Bun's / node:ffi's spelling: zerocall's form, plus the
  // converters the other spellings' values need.
  let definition = typeof rawDefinition === 'string' ? prototypeDefinition(key, rawDefinition, keys.has('name')) : rawDefinition;
  const other = spellings && definition !== null && typeof definition === 'object' ? fromOtherSpelling(key, definition) : null;
  if (other) definition = other.definition;
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw invalid(key, `expected an object, got ${describeEntry(definition)}`);
  }
  if (allowStatic && Object.prototype.hasOwnProperty.call(definition, 'type')) {
    checkKeys(key, definition, STATIC_KEYS);
    const staticType = typeCode(key, 'type', definition.type, false);
    if (Array.isArray(staticType)) throw invalid(key, 'a static cannot be a struct');
    return {
      kind: 'static',
      name: checkName(key, definition),
      typeCode: staticType,
      optional: checkFlag(key, definition, 'optional'),
    };
  }
  checkKeys(key, definition, keys);
  const { parameters } = definition;
  if (!Array.isArray(parameters)) {
    throw invalid(key, `parameters must be an array, got ${describeEntry(parameters)}`);
  }
  const count = parameters.length;
  if (count > maxParameters) {
    throw invalid(key, `${count} parameters, more than the limit of ${maxParameters}`);
  }
  const parameterCodes = codesOf(key, 'parameters', parameters, count, 1);
  if (!('result' in definition)) throw invalid(key, 'result is missing');
  const resultCode = typeCode(key, 'result', definition.result, true);
  // What only the struct layouts tell (the bytes the arguments take).
  // (Scalars alone stay far inside the byte limit: only structs need the addon's look.)
  const problem = Array.isArray(resultCode) || parameterCodes.some(Array.isArray)
    ? binding.checkSignature(resultCode, parameterCodes) : undefined;
  if (problem !== undefined) throw invalid(key, problem);
  const nonblocking = checkFlag(key, definition, 'nonblocking');
  const aggregate = (type) => (type instanceof AggregateType ? type : null);
  return {
    kind: 'function',
    name: checkName(key, definition),
    resultCode,
    parameterCodes,
    optional: checkFlag(key, definition, 'optional'),
    nonblocking,
    callback: checkFlag(key, definition, 'callback'),
    // Named struct types by value (objects <-> bytes), and another spelling's converters.
    parameterTypes: parameters.map(aggregate),
    // A struct result comes back in a buffer JS allocates (wrap.js), except for a Promise.
    resultBuffer: Array.isArray(resultCode) && !nonblocking
      ? { bytes: binding.structSize(resultCode), parameters: count } : null,
    resultType: aggregate(definition.result),
    spelling: other,
  };
}

// A nonblocking call's arguments must stay as they are until it runs: new bytes each call.
const encoder = (type, where, nonblocking) => (nonblocking ? (value) => type.encode(value, where) : type.scratchEncoder(where));

// Converters around a foreign function: JS values to what the native function takes,
// its result to JS values (wrap.js).
const NO_CONVERTERS = Object.freeze({ args: Object.freeze([]), result: null });

function nativeConverters(key, def) {
  if (!def.spelling && !def.resultType && !def.parameterTypes.some(Boolean)) return NO_CONVERTERS;
  const args = def.parameterTypes.map((type, i) => (def.spelling && def.spelling.argConverters[i]) ||
    (type ? encoder(type, `${key}: parameter ${i}`, def.nonblocking) : null));
  const resultType = def.resultType;
  const result = (def.spelling && def.spelling.resultConverter) || (resultType ? (bytes) => resultType.decode(bytes) : null);
  return { args, result };
}

// The reverse, around an UnsafeCallback's JS function.
function callbackConverters(def) {
  const resultType = def.resultType;
  return {
    args: def.parameterTypes.map((type) => (type ? (bytes) => type.decode(bytes) : null)),
    result: resultType ? (value) => resultType.encode(value, 'UnsafeCallback: the callback\'s return value') : null,
  };
}

// The addon's makeFunction options for a parsed definition bound at `address`
// (`library`: the library handle, absent for raw pointers).
function functionOptions(key, address, def, library) {
  return {
    key, address, result: def.resultCode, parameters: def.parameterCodes, library,
    callback: def.callback, nonblocking: def.nonblocking, name: def.name,
    resultBuffer: def.resultBuffer !== null,
  };
}

// What an UnsafeCallback definition may say (Deno's UnsafeCallbackDefinition).
const CALLBACK_KEYS = new Set(['parameters', 'result']);

module.exports = { parseDefinition, functionOptions, nativeConverters, callbackConverters, CALLBACK_KEYS };
