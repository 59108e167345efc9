'use strict';
// C strings. zerocall has no `cstring` type yet, so every spelling of one (Bun's
// "cstring", node:ffi's "string"/"str", a C prototype's char*) is passed and returned as
// a pointer until it lands. This is the one place that says so: when the type exists,
// CSTRING becomes its name and the spellings follow.

const CSTRING = 'pointer';

// What a spelling's C-string parameter says when given a JS string meanwhile.
function cStringArgumentError(key, index) {
  return new TypeError(`${key}: parameter ${index} is a C string, which zerocall passes as a pointer ` +
    'until it has a cstring type: pass a pointer to NUL-terminated bytes ' +
    "(UnsafePointer.of(new TextEncoder().encode(text + '\\0'))), got a string");
}

module.exports = { CSTRING, cStringArgumentError };
