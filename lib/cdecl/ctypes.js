'use strict';
// The C types the declaration parser builds, and how each maps to a zerocall type. C's
// names map by the LP64 data model (data_model.js); pointers to anything are "pointer",
// pointers to functions "function", plain char* parameters and results the C string
// type (c_string.js);
// structs, unions and arrays become named aggregate types (../types/aggregate.js).
// A type zerocall cannot represent is an `unsupported` value that records why and where:
// it is an error only where a binding uses it (by value), never a silent wrong type.
const { PLAIN_CHAR } = require('./data_model');
const { CSTRING } = require('../internal/c_string');
const { SIZES } = require('../types/scalars');
const aggregate = require('../types/aggregate');
const { cdeclError } = require('./lexer');

const scalar = (code, plainChar = false) => Object.freeze({ kind: 'scalar', code, size: SIZES[code], plainChar });
const SCALARS = {};
for (const code of Object.keys(SIZES)) SCALARS[code] = scalar(code);
const CHAR = scalar(PLAIN_CHAR, true);
const VOID = Object.freeze({ kind: 'void' });

const pointer = (to) => ({ kind: 'pointer', to });
const arrayOf = (of, length) => ({ kind: 'array', of, length });
const func = (result, params, variadic) => ({ kind: 'function', result, params, variadic });
const unsupported = (reason, at) => ({ kind: 'unsupported', reason, line: at.line, column: at.column });

// Names usable without a typedef (stdint.h / stddef.h / stdbool.h). A typedef of one
// of these in the text (as preprocessed headers have) keeps this meaning.
const PREDEFINED = {
  int8_t: SCALARS.i8, uint8_t: SCALARS.u8, int16_t: SCALARS.i16, uint16_t: SCALARS.u16,
  int32_t: SCALARS.i32, uint32_t: SCALARS.u32, int64_t: SCALARS.i64, uint64_t: SCALARS.u64,
  intptr_t: SCALARS.isize, uintptr_t: SCALARS.usize, size_t: SCALARS.usize, ssize_t: SCALARS.isize,
  ptrdiff_t: SCALARS.isize, bool: SCALARS.bool,
};

// Combinations of basic type keywords C allows (each keyword once, long up to twice).
function specifierProblem(s) {
  const n = (k) => s[k] || 0;
  const words = Object.keys(s);
  const others = (...allowed) => words.some((w) => !allowed.includes(w));
  if (words.some((w) => n(w) > (w === 'long' ? 2 : 1))) return true;
  if (n('signed') && n('unsigned')) return true;
  if (n('void') || n('bool')) return words.length > 1;
  if (n('char')) return others('char', 'signed', 'unsigned');
  if (n('short')) return others('short', 'int', 'signed', 'unsigned');
  if (n('float')) return others('float', 'complex');
  if (n('double')) return others('double', 'complex') && (others('double', 'long', 'complex') || n('long') > 1);
  return others('int', 'long', 'signed', 'unsigned', 'complex');
}

// Scalar types by their keywords as spelled ("unsigned long int"): the same few
// spellings recur in every prototype.
const spelledScalars = new Map();

// Declaration specifiers counted by the parser -> a type (or null if they name none).
function fromSpecifiers(s, at, spelled) {
  const known = spelledScalars.get(spelled);
  if (known !== undefined) return known;
  const type = checkedSpecifiers(s, at);
  if (type.kind === 'scalar' && spelledScalars.size < 256) spelledScalars.set(spelled, type);
  return type;
}

function checkedSpecifiers(s, at) {
  if (specifierProblem(s)) {
    const words = Object.entries(s).flatMap(([w, k]) => Array(k).fill(w === 'bool' ? '_Bool' : w === 'complex' ? '_Complex' : w));
    throw cdeclError(`"${words.join(' ')}" is not a valid type`, at.line, at.column);
  }
  const sign = s.unsigned ? 'u' : 'i';
  if (s.complex) return unsupported('_Complex types are not supported', at);
  if (s.void) return VOID;
  if (s.bool) return SCALARS.bool;
  if (s.float) return SCALARS.f32;
  if (s.double) return s.long ? unsupported('long double is not supported', at) : SCALARS.f64;
  if (s.char) return s.signed ? SCALARS.i8 : s.unsigned ? SCALARS.u8 : CHAR;
  if (s.short) return SCALARS[`${sign}16`];
  if (s.long) return SCALARS[`${sign}64`];
  if (s.int || s.signed || s.unsigned) return SCALARS[`${sign}32`];
  return null;
}

function where(t) {
  return t.line === undefined ? '' : ` (declared at line ${t.line}, column ${t.column})`;
}

function describe(t) {
  switch (t.kind) {
    case 'scalar': return t.plainChar ? 'char' : t.code;
    case 'void': return 'void';
    case 'pointer': return `${describe(t.to)}*`;
    case 'array': return `${describe(t.of)}[${t.length ?? ''}]`;
    case 'function': return 'a function';
    case 'enum': return `enum ${t.tag || ''}`.trim();
    case 'record': return `${t.union ? 'union' : 'struct'} ${t.tag || '(anonymous)'}`;
    default: return 'an unsupported type';
  }
}

function sizeAlign(t, at) {
  const z = layoutType(t, at);
  return typeof z === 'string' ? { size: SIZES[z], align: SIZES[z] } : { size: z.size, align: z.align };
}

// A C type as a struct field, array element or by-value value: a zerocall scalar name
// or an aggregate type object. Throws (with the place) for what has no layout.
function layoutType(t, at) {
  switch (t.kind) {
    case 'scalar': return t.code;
    case 'enum': return t.code;
    case 'pointer': return pointerCode(t);
    case 'array':
      if (t.length === null) throw cdeclError(`${describe(t)} has no length`, at.line, at.column);
      return aggregate.array(layoutType(t.of, at), t.length);
    case 'record': return recordType(t, at);
    case 'unsupported': throw Object.assign(cdeclError(t.reason, t.line, t.column), { unsupportedType: true });
    default: throw cdeclError(`${describe(t)} has no size`, at.line, at.column);
  }
}

function pointerCode(t) {
  return t.to.kind === 'function' ? 'function' : 'pointer';
}

function recordType(t, at) {
  if (t.aggregate) return t.aggregate;
  if (t.members === null) {
    throw cdeclError(`${describe(t)} is incomplete${where(t)}: use it through a pointer`, at.line, at.column);
  }
  if (t.problem) throw cdeclError(t.problem.reason, t.problem.line, t.problem.column);
  const fields = {};
  for (const m of t.members) {
    const type = layoutType(m.type, m);
    fields[m.name] = m.align ? { type, align: m.align } : type;
  }
  const options = {};
  if (t.pack) options.pack = t.pack;
  if (t.align) options.align = t.align;
  t.aggregate = (t.union ? aggregate.union : aggregate.struct)(fields, options, t.tag || undefined);
  return t.aggregate;
}

// A parameter or result of a function (arrays and functions were adjusted to pointers):
// a plain char* is a C string there (a field stays a pointer: no copy could live there).
function valueType(t, at) {
  if (t.kind === 'pointer' && t.to.kind === 'scalar' && t.to.plainChar) return CSTRING;
  return t.kind === 'void' ? 'void' : layoutType(t, at);
}

// A zerocall type given to cdef by name (options.types) as a C type: a scalar name, an
// aggregate type object, or a callback definition ({ parameters, result }: a function
// pointer).
function fromZerocall(type, name) {
  if (typeof type === 'string') {
    if (type === CSTRING) return pointer(CHAR);
    if (Object.prototype.hasOwnProperty.call(SCALARS, type)) {
      return type === 'pointer' || type === 'buffer' ? pointer(VOID) : type === 'function' ? pointer(func(VOID, [], false)) : SCALARS[type];
    }
  } else if (type instanceof aggregate.AggregateType) {
    if (type instanceof aggregate.ArrayType) return arrayOf(fromZerocall(type.element, name), type.length);
    return { kind: 'record', union: type.kind === 'union', tag: type.name || name, members: [], aggregate: type };
  } else if (type !== null && typeof type === 'object' && Array.isArray(type.parameters)) {
    const params = type.parameters.map((p) => ({ name: null, type: fromZerocall(p, name) }));
    return pointer(func(type.result === 'void' ? VOID : fromZerocall(type.result, name), params, false));
  } else if (type !== null && typeof type === 'object' && Object.values(type).every((v) => typeof v === 'number')) {
    return { kind: 'enum', tag: name, code: 'i32', values: null };
  }
  throw new TypeError(`cdef: options.types.${name} is not a zerocall type, an aggregate type, a callback definition or an enum object`);
}

module.exports = {
  fromZerocall,
  SCALARS, CHAR, VOID, PREDEFINED, pointer, arrayOf, func, unsupported,
  fromSpecifiers, layoutType, valueType, sizeAlign, describe,
};
