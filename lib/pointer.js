'use strict';
// UnsafePointer (pointer values: pointer objects or null) and UnsafePointerView
// (typed reads through a pointer), as in Deno.
const { binding, typeCodes } = require('./internal/binding');

const code = (name) => typeCodes.get(name);
const BOOL = code('bool');
const U8 = code('u8');
const I8 = code('i8');
const U16 = code('u16');
const I16 = code('i16');
const U32 = code('u32');
const I32 = code('i32');
const U64 = code('u64');
const I64 = code('i64');
const F32 = code('f32');
const F64 = code('f64');
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

class UnsafePointerView {
  constructor(pointer) {
    this.pointer = pointer;
  }

  getBool(offset = 0) { return binding.read(BOOL, this.pointer, offset); }
  getUint8(offset = 0) { return binding.read(U8, this.pointer, offset); }
  getInt8(offset = 0) { return binding.read(I8, this.pointer, offset); }
  getUint16(offset = 0) { return binding.read(U16, this.pointer, offset); }
  getInt16(offset = 0) { return binding.read(I16, this.pointer, offset); }
  getUint32(offset = 0) { return binding.read(U32, this.pointer, offset); }
  getInt32(offset = 0) { return binding.read(I32, this.pointer, offset); }
  getBigUint64(offset = 0) { return binding.read(U64, this.pointer, offset); }
  getBigInt64(offset = 0) { return binding.read(I64, this.pointer, offset); }
  getFloat32(offset = 0) { return binding.read(F32, this.pointer, offset); }
  getFloat64(offset = 0) { return binding.read(F64, this.pointer, offset); }
  getPointer(offset = 0) { return binding.read(POINTER, this.pointer, offset); }
  getCString(offset = 0) { return binding.getCString(this.pointer, offset); }
  getArrayBuffer(byteLength, offset = 0) { return binding.getArrayBuffer(this.pointer, byteLength, offset); }
  copyInto(destination, offset = 0) { binding.copyInto(this.pointer, destination, offset); }

  static getCString(pointer, offset = 0) { return binding.getCString(pointer, offset); }
  static getArrayBuffer(pointer, byteLength, offset = 0) { return binding.getArrayBuffer(pointer, byteLength, offset); }
  static copyInto(pointer, destination, offset = 0) { binding.copyInto(pointer, destination, offset); }
}

module.exports = { UnsafePointer, UnsafePointerView };
