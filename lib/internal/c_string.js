'use strict';
// C strings: the one place that says which type every other spelling of one becomes.
// zerocall's `cstring` (src/call/c_string.h) takes a JS string as a NUL-terminated
// UTF-8 copy and returns a JS string; Bun's "cstring", node:ffi's "string"/"str"
// arguments and a C prototype's plain char* parameters and results are that type
// (spellings.js, ../cdecl/ctypes.js say where a peer's values differ).

const CSTRING = 'cstring';

module.exports = { CSTRING };
