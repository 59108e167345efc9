// Hand-written Node-API binding (bench/native/napi_binding.c), linked directly against
// libbenchlib.so / libsqlite3. Pointers are napi externals or null; 64-bit values BigInts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default {
  async open(paths, defs) {
    const b = require('../native/build/Release/napi_binding.node');
    const fns = {};
    for (const k of Object.keys(defs)) fns[k] = b[k];
    return { fns, ptrValue: (p) => (p === null ? 0n : b.ptrValue(p)) };
  },
};
