// Hand-written V8 Fast API binding (bench/native/fastapi_binding.cc): C++ fast functions
// taking the receiver, registered with FunctionTemplate::New(..., const v8::CFunction*).
// The ceiling for a V8-based FFI. Symbols the running V8 can't lower (slowOnly()) use the
// slow callback (FunctionCallbackInfo) and are reported with a note.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default {
  async open(paths, defs, { caseName }) {
    const b = require('../native/build/Release/fastapi_binding.node');
    const fns = {};
    const notes = [];
    const slowOnly = new Set(b.slowOnly());
    let slowExpected = false;
    for (const k of Object.keys(defs)) {
      fns[k] = b[k];
      if (slowOnly.has(k) && !['return_ptr', 'bench_sqlite_select1'].includes(k) || (slowOnly.has(k) && k === 'return_ptr' && caseName === 'return_ptr')) {
        notes.push(`slow callback only: V8 ${process.versions.v8.split('-')[0]} can't lower ${k}'s signature`);
        slowExpected = true;
      }
    }
    return { fns, notes, slowExpected, slowCalls: b.slowCalls, ptrValue: (p) => (p === null ? 0n : b.ptrValue(p)) };
  },
};
