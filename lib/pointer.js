'use strict';
// UnsafePointer (pointer values: pointer objects or null) and UnsafePointerView
// (typed reads through a pointer, as in Deno, and writes, which Deno lacks).
const { binding, typeCodes } = require('./internal/binding');
const { describeValue } = require('./internal/describe');
const { UnsafeCallback } = require('./callback');

const code = (name) => typeCodes.get(name);
const POINTER = code('pointer');

class UnsafePointer {
  static create(value) {
    return binding.pointerCreate(value);
  }

  static equals(a, b) {
    return binding.pointerEquals(a, b);
  }

  // The address of a buffer's first byte, or an UnsafeCallback's function pointer
  // (only an UnsafeCallback's, as in Deno: any other object is a TypeError).
  static of(value) {
    if (value instanceof UnsafeCallback) return value.pointer;
    return binding.pointerOf(value);
  }

  static offset(pointer, offset) {
    return binding.pointerOffset(pointer, offset);
  }

  // As in Deno, an UnsafeCallback stands for its function pointer.
  static value(pointer) {
    return binding.pointerValue(pointer instanceof UnsafeCallback ? pointer.pointer : pointer);
  }
}

// The getters read through C functions bound like any foreign function, (pointer,
// f64 offset) -> type, so optimized code calls them on the fast path. Those
// functions check nothing: the pointer and the offset are checked here first, with
// the messages of docs/errors.md (a non-pointer object still fails, in the bound
// function's own argument check).
const F64 = code('f64');
const readerAddresses = binding.pointerReaders();
function makeReader(type) {
  return binding.makeFunction({
    key: 'UnsafePointerView', address: readerAddresses[type], result: code(type), parameters: [POINTER, F64],
  });
}
const readBool = makeReader('bool');
const readU8 = makeReader('u8');
const readI8 = makeReader('i8');
const readU16 = makeReader('u16');
const readI16 = makeReader('i16');
const readU32 = makeReader('u32');
const readI32 = makeReader('i32');
const readU64 = makeReader('u64');
const readI64 = makeReader('i64');
const readF32 = makeReader('f32');
const readF64 = makeReader('f64');
const readPointer = makeReader('pointer');

// The setters write through C functions bound the same way, (pointer, T value, f64
// offset) -> void under the setter's name, so a bad value is that function's own
// parameter-1 TypeError, the message a symbol parameter of type T gives.
const writerAddresses = binding.pointerWriters();
function makeWriter(method, type, { address = writerAddresses[type], result = 'void' } = {}) {
  return binding.makeFunction({
    key: `UnsafePointerView.${method}`, address, result: code(result), parameters: [POINTER, code(type), F64],
  });
}
const writeU8 = makeWriter('setUint8', 'u8');
const writeI8 = makeWriter('setInt8', 'i8');
const writeU16 = makeWriter('setUint16', 'u16');
const writeI16 = makeWriter('setInt16', 'i16');
const writeU32 = makeWriter('setUint32', 'u32');
const writeI32 = makeWriter('setInt32', 'i32');
const writeU64 = makeWriter('setBigUint64', 'u64');
const writeI64 = makeWriter('setBigInt64', 'i64');
// A bigint goes to a writer that also returns the value: V8 12 passes a bigint on the
// fast path only to a function with a 64-bit result, and a number only to one without.
const writeU64Bigint = makeWriter('setBigUint64', 'u64', { address: writerAddresses['u64 returning'], result: 'u64' });
const writeI64Bigint = makeWriter('setBigInt64', 'i64', { address: writerAddresses['i64 returning'], result: 'i64' });
const writeF32 = makeWriter('setFloat32', 'f32');
const writeF64 = makeWriter('setFloat64', 'f64');
const writePointer = makeWriter('setPointer', 'pointer');
// V8's fast path converts bool parameters loosely, so a bool writer stays on the
// general path: setBool writes a boolean as the byte 0 or 1 instead, and gives
// anything else to the bool writer, whose check throws the bool parameter's TypeError.
const writeBoolByte = makeWriter('setBool', 'u8');
const writeBool = makeWriter('setBool', 'bool');

function readable(pointer) {
  if (pointer === null || typeof pointer !== 'object') {
    throw new TypeError(`UnsafePointerView: expects a non-null pointer object, got ${describeValue(pointer)}`);
  }
  return pointer;
}

function offsetOf(offset) {
  if (!Number.isSafeInteger(offset)) {
    throw new TypeError(`UnsafePointerView: offset expects an integral number, got ${describeValue(offset)}`);
  }
  return offset;
}

class UnsafePointerView {
  constructor(pointer) {
    this.pointer = pointer;
  }

  getBool(offset = 0) { return readBool(readable(this.pointer), offsetOf(offset)); }
  getUint8(offset = 0) { return readU8(readable(this.pointer), offsetOf(offset)); }
  getInt8(offset = 0) { return readI8(readable(this.pointer), offsetOf(offset)); }
  getUint16(offset = 0) { return readU16(readable(this.pointer), offsetOf(offset)); }
  getInt16(offset = 0) { return readI16(readable(this.pointer), offsetOf(offset)); }
  getUint32(offset = 0) { return readU32(readable(this.pointer), offsetOf(offset)); }
  getInt32(offset = 0) { return readI32(readable(this.pointer), offsetOf(offset)); }
  getBigUint64(offset = 0) { return readU64(readable(this.pointer), offsetOf(offset)); }
  getBigInt64(offset = 0) { return readI64(readable(this.pointer), offsetOf(offset)); }
  getFloat32(offset = 0) { return readF32(readable(this.pointer), offsetOf(offset)); }
  getFloat64(offset = 0) { return readF64(readable(this.pointer), offsetOf(offset)); }
  getPointer(offset = 0) { return readPointer(readable(this.pointer), offsetOf(offset)); }
  getCString(offset = 0, maxByteLength = undefined) { return binding.getCString(this.pointer, offset, maxByteLength); }
  getArrayBuffer(byteLength, offset = 0) { return binding.getArrayBuffer(this.pointer, byteLength, offset); }
  copyInto(destination, offset = 0) { binding.copyInto(this.pointer, destination, offset); }
  copyFrom(source, offset = 0) { binding.copyFrom(this.pointer, source, offset); }

  // DataView's order, (offset, value), in native byte order; the pointer is checked first.
  setBool(offset, value) {
    const pointer = readable(this.pointer);
    if (typeof value === 'boolean') writeBoolByte(pointer, value ? 1 : 0, offsetOf(offset));
    else writeBool(pointer, value, offsetOf(offset));
  }
  setUint8(offset, value) { const p = readable(this.pointer); writeU8(p, value, offsetOf(offset)); }
  setInt8(offset, value) { const p = readable(this.pointer); writeI8(p, value, offsetOf(offset)); }
  setUint16(offset, value) { const p = readable(this.pointer); writeU16(p, value, offsetOf(offset)); }
  setInt16(offset, value) { const p = readable(this.pointer); writeI16(p, value, offsetOf(offset)); }
  setUint32(offset, value) { const p = readable(this.pointer); writeU32(p, value, offsetOf(offset)); }
  setInt32(offset, value) { const p = readable(this.pointer); writeI32(p, value, offsetOf(offset)); }
  // (Two call sites, not one through a conditional target: V8 lowers a fast call only
  // where the site sees one function.)
  setBigUint64(offset, value) {
    const p = readable(this.pointer);
    if (typeof value === 'bigint') writeU64Bigint(p, value, offsetOf(offset));
    else writeU64(p, value, offsetOf(offset));
  }
  setBigInt64(offset, value) {
    const p = readable(this.pointer);
    if (typeof value === 'bigint') writeI64Bigint(p, value, offsetOf(offset));
    else writeI64(p, value, offsetOf(offset));
  }
  setFloat32(offset, value) { const p = readable(this.pointer); writeF32(p, value, offsetOf(offset)); }
  setFloat64(offset, value) { const p = readable(this.pointer); writeF64(p, value, offsetOf(offset)); }
  setPointer(offset, value) { const p = readable(this.pointer); writePointer(p, value, offsetOf(offset)); }

  static getCString(pointer, offset = 0, maxByteLength = undefined) { return binding.getCString(pointer, offset, maxByteLength); }
  static getArrayBuffer(pointer, byteLength, offset = 0) { return binding.getArrayBuffer(pointer, byteLength, offset); }
  static copyInto(pointer, destination, offset = 0) { binding.copyInto(pointer, destination, offset); }
  static copyFrom(pointer, source, offset = 0) { binding.copyFrom(pointer, source, offset); }
}

module.exports = { UnsafePointer, UnsafePointerView };
