'use strict';
// zerocall: Deno's FFI API for Node.js.
const { dlopen } = require('./library');
const { UnsafePointer, UnsafePointerView } = require('./pointer');
const { UnsafeFnPointer } = require('./fn_pointer');
const { UnsafeCallback } = require('./callback');
const { cdef } = require('./cdecl/cdef');
const { struct, union, array } = require('./types/aggregate');
const { BUN_FFI_TYPE } = require('./internal/spellings');
const { callPath, lastFastCall } = require('./introspection');
const { binding } = require('./internal/binding');

// -> C's errno right after the last call of an `errno: true` symbol on this thread
// (0 before any); a nonblocking call's errno comes with its Promise instead.
function errno() {
  return binding.errno();
}

// Bun's and node:ffi's library file suffix; Bun's FFIType enum (the same numbers).
const suffix = 'so';

module.exports = {
  dlopen, UnsafePointer, UnsafePointerView, UnsafeFnPointer, UnsafeCallback,
  cdef, struct, union, array, suffix, FFIType: BUN_FFI_TYPE, callPath, lastFastCall, errno,
};
