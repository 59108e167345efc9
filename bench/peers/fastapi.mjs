// Hand-written V8 Fast API binding (bench/native/fastapi_binding.cc): C++ fast functions
// taking the receiver, registered with FunctionTemplate::New(..., const v8::CFunction*).
// The ceiling for a V8-based FFI. Symbols the running V8 can't lower (slowOnly()) use the
// slow callback (FunctionCallbackInfo) and are reported with a note (on V8 <= 12, call_cb
// and sqlite3_exec, which call back into JS; everywhere, struct24, whose struct result is
// a new Uint8Array).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default {
  async open(paths, defs, { caseName }) {
    const b = require('../native/build/Release/fastapi_binding.node');
    const missing = Object.keys(defs).filter((k) => typeof b[k] !== 'function');
    if (missing.length) throw Object.assign(new Error('not bound'), { na: `not in the hand-written binding: ${missing.join(', ')}` });
    const fns = {};
    const notes = [];
    const slowOnly = new Set(b.slowOnly());
    let slowExpected = false;
    for (const k of Object.keys(defs)) {
      fns[k] = b[k];
      if (slowOnly.has(k) && typeof defs[k].result !== 'string') {
        notes.push('slow callback only: a Fast API function returns a primitive, never an object (here a new Uint8Array)');
        slowExpected = true;
      } else if (slowOnly.has(k) && defs[k].callback) {
        notes.push(`slow callback only: the binding calls into JS from a fast call only on V8 >= 13 (this is V8 ${process.versions.v8.split('-')[0]})`);
        slowExpected = true;
      } else if (slowOnly.has(k) && !['return_ptr', 'bench_sqlite_select1', 'bench_sqlite_db'].includes(k) || (slowOnly.has(k) && k === 'return_ptr' && caseName === 'return_ptr')) {
        notes.push(`slow callback only: V8 ${process.versions.v8.split('-')[0]} can't lower ${k}'s signature`);
        slowExpected = true;
      }
    }
    // Callbacks: as in the N-API binding, the JS function itself is passed and called from
    // the binding's C trampoline (Function::Call); the row trampoline passes the first
    // column as a v8::String made in C, so cstr0 is the identity.
    return { fns, notes, slowExpected, slowCalls: b.slowCalls, callback: (def, fn) => fn, cstr0: (s) => s, ptrValue: (p) => (p === null ? 0n : b.ptrValue(p)) };
  },
  bindNA: 'a hand-written binding binds its functions when it is built, not with a dlopen',
};
