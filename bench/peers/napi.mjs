// Hand-written Node-API binding (bench/native/napi_binding.c), linked directly against
// libbenchlib.so / libsqlite3. Pointers are napi externals or null; 64-bit values BigInts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default {
  async open(paths, defs) {
    const b = require('../native/build/Release/napi_binding.node');
    const missing = Object.keys(defs).filter((k) => typeof b[k] !== 'function');
    if (missing.length) throw Object.assign(new Error('not bound'), { na: `not in the hand-written binding: ${missing.join(', ')}` });
    const fns = {};
    for (const k of Object.keys(defs)) fns[k] = b[k];
    // Callbacks: the binding takes the JS function itself and calls it from its own C
    // trampoline (napi_call_function); its sqlite row trampoline passes the first column
    // as a JS string it made in C (napi_create_string_utf8), so cstr0 is the identity.
    return { fns, callback: (def, fn) => fn, cstr0: (s) => s, ptrValue: (p) => (p === null ? 0n : b.ptrValue(p)) };
  },
  bindNA: 'a hand-written binding binds its functions when it is built, not with a dlopen',
};
