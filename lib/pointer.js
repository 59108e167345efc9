'use strict';
// UnsafePointer (pointer values: pointer objects or null) and UnsafePointerView
// (typed reads through a pointer), as in Deno.
const { binding, typeCodes } = require('./internal/binding');
const { describeValue } = require('./internal/describe');

const code = (name) => typeCodes.get(name);
const POINTER = code('pointer');

class UnsafePointer {
  static create(value) {
    return binding.pointerCreate(value);
  }

  static equals(a, b) {
    return binding.pointerEquals(a, b);
  }

  // The address of a buffer's first byte, or an UnsafeCallback's function pointer.
  static of(value) {
    if (value !== null && typeof value === 'object' && 'pointer' in value &&
        !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
      return value.pointer;
    }
    return binding.pointerOf(value);
  }

  static offset(pointer, offset) {
    return binding.pointerOffset(pointer, offset);
  }

  static value(pointer) {
    return binding.pointerValue(pointer);
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
  getCString(offset = 0) { return binding.getCString(this.pointer, offset); }
  getArrayBuffer(byteLength, offset = 0) { return binding.getArrayBuffer(this.pointer, byteLength, offset); }
  copyInto(destination, offset = 0) { binding.copyInto(this.pointer, destination, offset); }

  static getCString(pointer, offset = 0) { return binding.getCString(pointer, offset); }
  static getArrayBuffer(pointer, byteLength, offset = 0) { return binding.getArrayBuffer(pointer, byteLength, offset); }
  static copyInto(pointer, destination, offset = 0) { binding.copyInto(pointer, destination, offset); }
}

module.exports = { UnsafePointer, UnsafePointerView };
