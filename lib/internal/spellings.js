'use strict';
// The other FFIs' spellings of a function definition, turned into zerocall's own
// ({ parameters, result }) so that they bind the same native function and take the same
// fast path: Bun's { args, returns } and node:ffi's { arguments, return }, each with its
// type names. Where their values differ from zerocall's (Bun's pointers are numbers,
// node:ffi's are bigints, Bun's i64_fast results are numbers when they fit), a converter
// per position makes the difference in JS, around the native call (wrap.js).
const { binding } = require('./binding');
const { describeValue, describeEntry } = require('./describe');
const { CSTRING } = require('./c_string');
const { PLAIN_CHAR } = require('../cdecl/data_model');

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isBytes = (v) => ArrayBuffer.isView(v) || v instanceof ArrayBuffer;

// Pointer arguments in another FFI's representation -> zerocall's pointer objects.
// `accepts` lists the kinds of value (besides null and pointer objects) for the message.
// A C string parameter (cString) also takes a JS string, which the native call copies.
function pointerArgument(type, accepts, { numbers, undefinedIsNull, cString }) {
  return (key, index) => (value) => {
    if (value === null || (undefinedIsNull && value === undefined)) return null;
    switch (typeof value) {
      case 'bigint':
        if (value > 0n && value < 2n ** 64n) return binding.pointerCreate(value);
        if (value === 0n) return null;
        break;
      case 'number':
        if (numbers && Number.isSafeInteger(value) && value >= 0) return value === 0 ? null : binding.pointerCreate(value);
        break;
      case 'string':
        if (cString) return value;
        break;
      case 'object':
        if (isBytes(value)) return binding.pointerOf(value);
        // An UnsafeCallback (Bun passes its JSCallback objects for function parameters).
        if (value.pointer !== null && typeof value.pointer === 'object') return value.pointer;
        return value;  // a pointer object; the native call checks anything else
      default:
    }
    throw new TypeError(`${key}: parameter ${index} expects ${type} (${accepts}), got ${describeValue(value)}`);
  };
}

const bunPointerResult = () => (p) => (p === null ? null : Number(binding.pointerValue(p)));
const nodePointerResult = () => (p) => (p === null ? 0n : binding.pointerValue(p));
// Bun's i64_fast / u64_fast: a number when the value is a safe integer, else a bigint.
const fast64Result = () => (r) => (r >= -MAX_SAFE && r <= MAX_SAFE ? Number(r) : r);

const bunPointerArg = (name, cString = false) => pointerArgument(name,
  `${cString ? 'a string, ' : ''}a number, a bigint, a TypedArray, a pointer object or null`, { numbers: true, undefinedIsNull: false, cString });
const nodePointerArg = (name, cString = false) => pointerArgument(name,
  `${cString ? 'a string, ' : ''}a bigint, a Buffer, TypedArray, DataView, ArrayBuffer or null`, { numbers: false, undefinedIsNull: true, cString });

const plain = (code) => ({ code });
const bunPointer = (name, code = 'pointer') => ({ code, arg: bunPointerArg(name), result: bunPointerResult });
const nodePointer = (name) => ({ code: 'pointer', arg: nodePointerArg(name), result: nodePointerResult });
// C strings (c_string.js): their pointers in the peer's representation, or strings.
// Bun decodes a cstring result (into a CString object; zerocall gives the string
// itself); node:ffi returns a string result's address as a bigint, so that stays one.
const bunCString = { code: CSTRING, arg: bunPointerArg('cstring', true) };
const nodeCString = (name) => ({ code: CSTRING, resultCode: 'pointer', arg: nodePointerArg(name, true), result: nodePointerResult });

// Bun's type names (bun:ffi's FFIType labels, aliases included).
const BUN_TYPES = {
  char: plain(PLAIN_CHAR),
  int8_t: plain('i8'), i8: plain('i8'), uint8_t: plain('u8'), u8: plain('u8'),
  int16_t: plain('i16'), i16: plain('i16'), uint16_t: plain('u16'), u16: plain('u16'),
  int32_t: plain('i32'), i32: plain('i32'), int: plain('i32'), c_int: plain('i32'),
  uint32_t: plain('u32'), u32: plain('u32'), c_uint: plain('u32'),
  int64_t: plain('i64'), i64: plain('i64'), isize: plain('isize'),
  uint64_t: plain('u64'), u64: plain('u64'), usize: plain('usize'), size_t: plain('usize'),
  i64_fast: { code: 'i64', result: fast64Result }, u64_fast: { code: 'u64', result: fast64Result },
  double: plain('f64'), f64: plain('f64'), float: plain('f32'), f32: plain('f32'),
  bool: plain('bool'), void: plain('void'),
  ptr: bunPointer('ptr'), pointer: bunPointer('pointer'), 'void*': bunPointer('void*'), 'char*': bunPointer('char*'),
  cstring: bunCString,
  function: bunPointer('function', 'function'), callback: bunPointer('callback', 'function'), fn: bunPointer('fn', 'function'),
  buffer: { code: 'buffer', result: bunPointerResult },
};
// bun:ffi's FFIType enum values, which Bun code may pass instead of names.
const BUN_FFI_TYPE = Object.freeze({
  char: 0, int8_t: 1, i8: 1, uint8_t: 2, u8: 2, int16_t: 3, i16: 3, uint16_t: 4, u16: 4,
  int32_t: 5, i32: 5, int: 5, uint32_t: 6, u32: 6, int64_t: 7, i64: 7, uint64_t: 8, u64: 8,
  double: 9, f64: 9, float: 10, f32: 10, bool: 11, ptr: 12, pointer: 12, void: 13, cstring: 14,
  i64_fast: 15, u64_fast: 16, function: 17, napi_env: 18, napi_value: 19, buffer: 20,
});
const BUN_BY_NUMBER = ['char', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'f64', 'f32', 'bool',
  'ptr', 'void', 'cstring', 'i64_fast', 'u64_fast', 'function', 'napi_env', 'napi_value', 'buffer'];

// node:ffi's type names (Node 26), alternative spellings included. Its bool is an 8-bit
// integer (numbers, not booleans); every pointer-like type is a bigint address.
const NODE_TYPES = {
  void: plain('void'), char: plain(PLAIN_CHAR),
  int8: plain('i8'), i8: plain('i8'), uint8: plain('u8'), u8: plain('u8'), bool: plain('u8'),
  int16: plain('i16'), i16: plain('i16'), uint16: plain('u16'), u16: plain('u16'),
  int32: plain('i32'), i32: plain('i32'), uint32: plain('u32'), u32: plain('u32'),
  int64: plain('i64'), i64: plain('i64'), uint64: plain('u64'), u64: plain('u64'),
  float32: plain('f32'), f32: plain('f32'), float: plain('f32'),
  float64: plain('f64'), f64: plain('f64'), double: plain('f64'),
  pointer: nodePointer('pointer'), ptr: nodePointer('ptr'), buffer: nodePointer('buffer'),
  arraybuffer: nodePointer('arraybuffer'), function: { ...nodePointer('function'), code: 'function' },
  string: nodeCString('string'), str: nodeCString('str'),
};

const SPELLINGS = {
  bun: { label: 'Bun', parameters: 'args', result: 'returns', types: BUN_TYPES },
  node: { label: 'node:ffi', parameters: 'arguments', result: 'return', types: NODE_TYPES },
};
// Keys zerocall adds to either spelling.
const EXTRA_KEYS = new Set(['name', 'optional', 'nonblocking', 'callback']);

function invalid(key, what) {
  return new TypeError(`Invalid definition of '${key}': ${what}`);
}

const SPELLING_ENTRIES = Object.entries(SPELLINGS);

function spellingOf(definition) {
  for (const [id, s] of SPELLING_ENTRIES) {
    if (hasOwn(definition, s.parameters) || hasOwn(definition, s.result)) return id;
  }
  return null;
}

function typeSpec(key, spelling, position, type) {
  const name = spelling === SPELLINGS.bun && typeof type === 'number' ? BUN_BY_NUMBER[type] : type;
  const spec = typeof name === 'string' && hasOwn(spelling.types, name) ? spelling.types[name] : undefined;
  if (spec === undefined) {
    const why = name === 'napi_env' || name === 'napi_value' ? ', which zerocall does not support' : `, not a known ${spelling.label} type`;
    throw invalid(key, `${position} is ${describeEntry(type)}${why}`);
  }
  return spec;
}

// A Bun or node:ffi definition -> { definition: zerocall's form, converters } or null
// when `definition` is in neither spelling. Both default to no arguments and a void result.
function fromOtherSpelling(key, definition) {
  const id = spellingOf(definition);
  if (id === null) return null;
  const spelling = SPELLINGS[id];
  for (const k of Object.keys(definition)) {
    if (k !== spelling.parameters && k !== spelling.result && !EXTRA_KEYS.has(k)) {
      throw invalid(key, `unknown key ${JSON.stringify(k)} in a ${spelling.label} definition ({ ${spelling.parameters}, ${spelling.result} })`);
    }
  }
  const args = definition[spelling.parameters] === undefined ? [] : definition[spelling.parameters];
  if (!Array.isArray(args)) throw invalid(key, `${spelling.parameters} must be an array, got ${describeEntry(args)}`);
  const argSpecs = args.map((t, i) => typeSpec(key, spelling, `${spelling.parameters}[${i}]`, t));
  const resultSpec = typeSpec(key, spelling, spelling.result, definition[spelling.result] === undefined ? 'void' : definition[spelling.result]);
  const out = { parameters: argSpecs.map((s) => s.code), result: resultSpec.resultCode || resultSpec.code };
  for (const k of EXTRA_KEYS) if (hasOwn(definition, k)) out[k] = definition[k];
  const argConverters = argSpecs.map((s, i) => (s.arg ? s.arg(key, i) : null));
  const resultConverter = resultSpec.result ? resultSpec.result() : null;
  return { definition: out, argConverters, resultConverter };
}

module.exports = { fromOtherSpelling, BUN_FFI_TYPE };
