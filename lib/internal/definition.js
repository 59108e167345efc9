'use strict';
// Validates a symbol definition (a ForeignFunction or ForeignStatic, as in
// Deno.dlopen) and turns it into numeric type codes for the addon. Every mistake is a
// TypeError naming the key and the offending position; unknown keys are mistakes.
const { binding, typeCodes } = require('./binding');
const { describeEntry } = require('./describe');
const { fromOtherSpelling } = require('./spellings');
const { AggregateType, byValueProblem } = require('../types/aggregate');
const { prototypeDefinition } = require('../cdecl/prototype');
const { outDirection, outParam } = require('./out_param');
const { isProxy } = require('util').types;

const FUNCTION_KEYS = new Set(['parameters', 'result', 'name', 'nonblocking', 'optional', 'callback', 'errno']);
const STATIC_KEYS = new Set(['type', 'name', 'optional']);
const VOID = typeCodes.get('void');
// What the native function takes for an out-parameter: the temporary's address.
const BUFFER = typeCodes.get('buffer');

function invalid(key, what) {
  return new TypeError(`Invalid definition of '${key}': ${what}`);
}

// The addon's limits (src/types/type_from_js.h): its numbers, so both sides agree.
const { maxParameters, maxStructNesting } = binding.signatureLimits;

// The codes of an array of types, each element read once, holes included (as
// undefined), so getters and sparse arrays cannot hand the addon something unchecked.
function codesOf(key, position, types, count, depth) {
  const codes = new Array(count);
  for (let i = 0; i < count; i++) codes[i] = elementCode(key, position, i, types[i], depth);
  return codes;
}

// The code of element `i` of an array of types. A plain type name needs no position
// text (built only for an error or a struct).
function elementCode(key, position, i, type, depth) {
  const code = typeof type === 'string' ? typeCodes.get(type) : undefined;
  return code !== undefined && code !== VOID ? code : typeCode(key, `${position}[${i}]`, type, false, depth);
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
  const direction = outDirection(type);
  if (direction) {
    throw invalid(key, `${position} is { ${direction}: ... }, which only a foreign function's parameters can be`);
  }
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

// The "..." marker: the parameters after it are one call shape of a variadic
// function's variable part, where C applies the default argument promotions, so the
// types it would promote are mistakes (the callee reads the promoted type).
const VARIADIC_MARKER = '...';
const VARIADIC_PROMOTED = new Map([
  ['f32', 'f64'], ['bool', 'i32'], ['i8', 'i32'], ['u8', 'i32'], ['i16', 'i32'], ['u16', 'i32'],
]);

// A function's parameter list in one pass, each element read once: -> { codes, types
// (without the marker), fixedParameters (the marker's index; undefined: not variadic) }.
// Each parameter read once; out-parameters (foreign functions only) pass a buffer, and
// `outParams[i]` (out_param.js) converts argument i's holder. `read` (parseShared): the
// length and the first elements, already read.
function parameterList(key, parameters, allowVariadic, allowOut, read) {
  const tooMany = (count) => invalid(key, `${count} parameters, more than the limit of ${maxParameters}`);
  const length = read ? read.length : parameters.length;
  if (length > maxParameters + 1) throw tooMany(length);  // the marker is no parameter
  const codes = [];
  const types = [];
  const outParams = [];
  let fixedParameters;
  for (let i = 0; i < length; i++) {
    const type = read && i < read.types.length ? read.types[i] : parameters[i];
    if (type === VARIADIC_MARKER) {
      if (!allowVariadic) throw invalid(key, `parameters[${i}] is "...": variadic callbacks are not supported`);
      if (fixedParameters !== undefined) {
        throw invalid(key, `parameters[${i}] is a second "..." (the first is parameters[${fixedParameters}])`);
      }
      fixedParameters = i;
      continue;
    }
    if (fixedParameters !== undefined && VARIADIC_PROMOTED.has(type)) {
      throw invalid(key, `parameters[${i}] is ${JSON.stringify(type)} after "...": C promotes it to ` +
        `${JSON.stringify(VARIADIC_PROMOTED.get(type))}, declare that`);
    }
    const direction = allowOut ? outDirection(type) : null;
    outParams.push(direction ? outParam(key, codes.length, `parameters[${i}]`, type, direction, (what) => invalid(key, what)) : null);
    codes.push(direction ? BUFFER : elementCode(key, 'parameters', i, type, 1));
    types.push(type);
  }
  if (fixedParameters === length - 1) {
    throw invalid(key, `parameters[${fixedParameters}] is "..." with no parameter after it: list the types of one call shape after it`);
  }
  if (codes.length > maxParameters) throw tooMany(codes.length);
  return { codes, types, outParams, fixedParameters };
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

// -> { kind: 'function', name, resultCode, parameterCodes, fixedParameters, optional, nonblocking,
//      callback, errno }
//  | { kind: 'static', name, typeCode, optional }
function parseDefinition(key, rawDefinition,
  { allowStatic = true, keys = FUNCTION_KEYS, spellings = true, allowOut = true, variadic = true } = {}) {
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
  return functionDefinition(key, definition, definition.parameters, variadic, allowOut, other, null);
}

// The rest of a function definition, from its `parameters` (read). `read`: what
// parseShared has read of it already ({ length, types: the first elements, result? }).
function functionDefinition(key, definition, parameters, variadic, allowOut, other, read) {
  if (!Array.isArray(parameters)) {
    throw invalid(key, `parameters must be an array, got ${describeEntry(parameters)}`);
  }
  const { codes: parameterCodes, types, outParams, fixedParameters } = parameterList(key, parameters, variadic, allowOut, read);
  const resultRead = read !== null && Object.prototype.hasOwnProperty.call(read, 'result');
  if (!resultRead && !('result' in definition)) throw invalid(key, 'result is missing');
  const result = resultRead ? read.result : definition.result;
  const resultCode = typeCode(key, 'result', result, true);
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
    fixedParameters,
    optional: checkFlag(key, definition, 'optional'),
    nonblocking,
    callback: checkFlag(key, definition, 'callback'),
    errno: checkFlag(key, definition, 'errno'),
    // Named struct types by value (objects <-> bytes), and another spelling's converters.
    parameterTypes: types.map(aggregate),
    outParams,
    // A struct result comes back in a buffer JS allocates (wrap.js), except for a Promise
    // or beside out-parameters (those keep the general path's new Uint8Array).
    resultBuffer: Array.isArray(resultCode) && !nonblocking && !outParams.some(Boolean)
      ? { bytes: binding.structSize(resultCode), parameters: parameterCodes.length } : null,
    resultType: aggregate(result),
    spelling: other,
  };
}

// Names whose presence, own or inherited, sends a definition to parseDefinition: a static's
// `type`, the other spellings' keys, and every key parseDefinition reads besides
// `parameters` and `result` (inherited ones too: it reads them). Tested one by one, not
// in a loop: each `in` keeps its own inline cache (a loop's is megamorphic).
const notPlain = (d) => 'type' in d || 'args' in d || 'returns' in d || 'arguments' in d || 'return' in d ||
  'nonblocking' in d || 'name' in d || 'optional' in d || 'callback' in d || 'errno' in d;
// A signature as a number (a Map key that costs no string to build or hash): the
// parameter count, then each code in CODE_BITS bits, the result's last. Exact while it
// stays below 2^53: up to SHARED_MAX_PARAMETERS parameters (longer lists parse unshared).
const CODE_BITS = 32;
const SHARED_MAX_PARAMETERS = 8;
if (binding.typeNames.length > CODE_BITS) throw new Error('zerocall: more type codes than a signature digit holds');

// The type names of the first `count` codes of a signature (each code has one name).
function typeNamesOf(signature, count) {
  const names = new Array(count);
  for (let i = count - 1; i >= 0; i--) {
    names[i] = binding.typeNames[signature % CODE_BITS];
    signature = Math.floor(signature / CODE_BITS);
  }
  return names;
}

function plainForm(definition) {
  if (typeof definition !== 'object' || definition === null || isProxy(definition) ||
      Object.getPrototypeOf(definition) !== Object.prototype) return false;
  // `in` reads no getter; Object.keys is what checkKeys sees (non-enumerable names are
  // notPlain's concern).
  if (notPlain(definition)) return false;
  const names = Object.keys(definition);
  return names.length === 2 && ((names[0] === 'parameters' && names[1] === 'result') ||
    (names[0] === 'result' && names[1] === 'parameters'));
}

// Deno's usual definition, { parameters: [type names], result: type name } and no other
// key, parsed once per distinct signature in one dlopen (a header's thousands of symbols
// share a few dozen): `shapes` (a new Map per dlopen) holds one parsed definition per
// signature, shared by its symbols, with name null (the C name is the key; the shared
// object is only read). What the general parse would observe differently (a Proxy's
// traps, another prototype, an inherited key such as a polluted Object.prototype.name)
// takes parseDefinition unread; a value read here is handed on, never read again (a
// getter may answer differently the next time).
function parseShared(key, definition, shapes) {
  if (!plainForm(definition)) return parseDefinition(key, definition);
  const parameters = definition.parameters;
  if (!Array.isArray(parameters) || isProxy(parameters)) return functionDefinition(key, definition, parameters, true, true, null, null);
  const length = parameters.length;
  // Past the limit (the general parse says so before it reads an element), or unshared.
  if (length > SHARED_MAX_PARAMETERS) return functionDefinition(key, definition, parameters, true, true, null, { length, types: [] });
  let signature = length;
  for (let i = 0; i < length; i++) {
    const type = parameters[i];
    const code = typeof type === 'string' ? typeCodes.get(type) : undefined;
    if (code === undefined || code === VOID) {
      const types = typeNamesOf(signature, i);
      types.push(type);
      return functionDefinition(key, definition, parameters, true, true, null, { length, types });
    }
    signature = signature * CODE_BITS + code;
  }
  const result = definition.result;
  const resultCode = typeof result === 'string' ? typeCodes.get(result) : undefined;
  if (resultCode === undefined) {
    return functionDefinition(key, definition, parameters, true, true, null, { length, types: typeNamesOf(signature, length), result });
  }
  let shared = shapes.get(signature * CODE_BITS + resultCode);
  if (shared === undefined) {
    const read = { length, types: typeNamesOf(signature, length), result };
    shared = { ...functionDefinition(key, definition, parameters, true, true, null, read), name: null };
    shapes.set(signature * CODE_BITS + resultCode, shared);
  }
  return shared;
}

// A nonblocking call's arguments must stay as they are until it runs: new bytes each call.
const encoder = (type, where, nonblocking) => (nonblocking ? (value) => type.encode(value, where) : type.scratchEncoder(where));

// Converters around a foreign function: JS values to what the native function takes,
// its result to JS values, and its out-parameters (wrap.js).
const NO_CONVERTERS = Object.freeze({ args: Object.freeze([]), result: null, outs: Object.freeze([]) });

function nativeConverters(key, def) {
  if (!def.spelling && !def.resultType && !def.parameterTypes.some(Boolean) && !def.outParams.some(Boolean)) return NO_CONVERTERS;
  const args = def.parameterTypes.map((type, i) => (def.spelling && def.spelling.argConverters[i]) ||
    (type ? encoder(type, `${key}: parameter ${i}`, def.nonblocking) : null));
  const resultType = def.resultType;
  const result = (def.spelling && def.spelling.resultConverter) || (resultType ? (bytes) => resultType.decode(bytes) : null);
  return { args, result, outs: def.outParams };
}

// The reverse, around an UnsafeCallback's JS function.
function callbackConverters(def) {
  const resultType = def.resultType;
  return {
    args: def.parameterTypes.map((type) => (type ? (bytes) => type.decode(bytes) : null)),
    result: resultType ? (value) => resultType.encode(value, 'UnsafeCallback: the callback\'s return value') : null,
  };
}

// The C name of symbol `key` (a shared definition's name is null: the key).
function cName(key, def) {
  return def.name === null ? key : def.name;
}

// The addon's makeFunction options for a parsed definition bound at `address`
// (`library`: the library handle, absent for raw pointers).
function functionOptions(key, address, def, library) {
  return {
    key, address, result: def.resultCode, parameters: def.parameterCodes, library,
    callback: def.callback, nonblocking: def.nonblocking, name: cName(key, def),
    fixedParameters: def.fixedParameters, errno: def.errno, resultBuffer: def.resultBuffer !== null,
  };
}

// What an UnsafeCallback definition may say (Deno's UnsafeCallbackDefinition, and
// zerocall's `nonblocking`: fire-and-forget calls, result void).
const CALLBACK_KEYS = new Set(['parameters', 'result', 'nonblocking']);

module.exports = { parseDefinition, parseShared, cName, functionOptions, nativeConverters, callbackConverters, CALLBACK_KEYS };
