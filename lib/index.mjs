// ESM entry: the same objects as the CommonJS entry.
import zerocall from './index.js';

export const {
  dlopen, UnsafePointer, UnsafePointerView, UnsafeFnPointer, UnsafeCallback,
  cdef, struct, union, array, suffix, FFIType, callPath, lastFastCall, errno,
} = zerocall;
export default zerocall;
