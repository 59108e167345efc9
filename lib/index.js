'use strict';
// zerocall: Deno's FFI API for Node.js.
const { dlopen } = require('./library');
const { UnsafePointer, UnsafePointerView } = require('./pointer');
const { UnsafeFnPointer } = require('./fn_pointer');
const { UnsafeCallback } = require('./callback');
const { callPath, lastFastCall } = require('./introspection');

module.exports = { dlopen, UnsafePointer, UnsafePointerView, UnsafeFnPointer, UnsafeCallback, callPath, lastFastCall };
