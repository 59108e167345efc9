'use strict';
// The scalar types as they sit in memory (LP64, little-endian: x86-64 and AArch64 Linux):
// size, alignment, and how a field of each type is read from and written to bytes. Named
// aggregates (aggregate.js) lay out and convert their fields with these.
const { binding } = require('../internal/binding');
const { describeValue } = require('../internal/describe');

const SIZES = {
  bool: 1, u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4,
  u64: 8, i64: 8, usize: 8, isize: 8, f64: 8, pointer: 8, buffer: 8, function: 8,
};

// `path` + `label` name the field (joined only for an error, so that a call allocates no text).
function fieldError(path, label, expected, value) {
  return new TypeError(`${path}${label} expects ${expected}, got ${describeValue(value)}`);
}

function integral(path, label, type, value, min, max) {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.trunc(value) < min || Math.trunc(value) > max) {
    throw fieldError(path, label, `${type} (a number in the ${min < 0 ? 'int32' : 'uint32'} range)`, value);
  }
  return Math.trunc(value);
}

function bigintOf(path, label, type, value) {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 64) return BigInt(value);
  throw fieldError(path, label, `${type} (a bigint or an integral number)`, value);
}

function addressOf(path, label, type, value) {
  if (value === null) return 0n;
  if (typeof value === 'object') return binding.pointerValue(value);
  throw fieldError(path, label, `${type} (a pointer object or null)`, value);
}

// Same acceptance rules as a foreign call's arguments (docs/errors.md): 8/16/32-bit
// integers truncate toward zero and then wrap to their width.
const WRITERS = {
  bool(view, at, value, path, label) {
    if (typeof value !== 'boolean') throw fieldError(path, label, 'bool (a boolean)', value);
    view.setUint8(at, value ? 1 : 0);
  },
  u8: (view, at, value, path, label) => view.setUint8(at, integral(path, label, 'u8', value, 0, 0xffffffff)),
  i8: (view, at, value, path, label) => view.setInt8(at, integral(path, label, 'i8', value, -(2 ** 31), 2 ** 31 - 1)),
  u16: (view, at, value, path, label) => view.setUint16(at, integral(path, label, 'u16', value, 0, 0xffffffff), true),
  i16: (view, at, value, path, label) => view.setInt16(at, integral(path, label, 'i16', value, -(2 ** 31), 2 ** 31 - 1), true),
  u32: (view, at, value, path, label) => view.setUint32(at, integral(path, label, 'u32', value, 0, 0xffffffff), true),
  i32: (view, at, value, path, label) => view.setInt32(at, integral(path, label, 'i32', value, -(2 ** 31), 2 ** 31 - 1), true),
  u64: (view, at, value, path, label) => view.setBigUint64(at, BigInt.asUintN(64, bigintOf(path, label, 'u64', value)), true),
  i64: (view, at, value, path, label) => view.setBigInt64(at, BigInt.asIntN(64, bigintOf(path, label, 'i64', value)), true),
  usize: (view, at, value, path, label) => view.setBigUint64(at, BigInt.asUintN(64, bigintOf(path, label, 'usize', value)), true),
  isize: (view, at, value, path, label) => view.setBigInt64(at, BigInt.asIntN(64, bigintOf(path, label, 'isize', value)), true),
  f32(view, at, value, path, label) {
    if (typeof value !== 'number') throw fieldError(path, label, 'f32 (a number)', value);
    view.setFloat32(at, value, true);
  },
  f64(view, at, value, path, label) {
    if (typeof value !== 'number') throw fieldError(path, label, 'f64 (a number)', value);
    view.setFloat64(at, value, true);
  },
  pointer: (view, at, value, path, label) => view.setBigUint64(at, addressOf(path, label, 'pointer', value), true),
  function: (view, at, value, path, label) => view.setBigUint64(at, addressOf(path, label, 'function', value), true),
  buffer: (view, at, value, path, label) => view.setBigUint64(at, addressOf(path, label, 'buffer', value), true),
};

const pointerAt = (view, at) => binding.pointerCreate(view.getBigUint64(at, true));
const READERS = {
  bool: (view, at) => view.getUint8(at) !== 0,
  u8: (view, at) => view.getUint8(at),
  i8: (view, at) => view.getInt8(at),
  u16: (view, at) => view.getUint16(at, true),
  i16: (view, at) => view.getInt16(at, true),
  u32: (view, at) => view.getUint32(at, true),
  i32: (view, at) => view.getInt32(at, true),
  u64: (view, at) => view.getBigUint64(at, true),
  i64: (view, at) => view.getBigInt64(at, true),
  usize: (view, at) => view.getBigUint64(at, true),
  isize: (view, at) => view.getBigInt64(at, true),
  f32: (view, at) => view.getFloat32(at, true),
  f64: (view, at) => view.getFloat64(at, true),
  pointer: pointerAt,
  function: pointerAt,
  buffer: pointerAt,
};

module.exports = { SIZES, READERS, WRITERS };
