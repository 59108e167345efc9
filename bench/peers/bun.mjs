// Bun's bun:ffi (npm `bun`, binary from @oven/bun-linux-x64). Pointers are Numbers in Bun.
import { noCStringParameters } from './_denostyle.mjs';
const T = {
  void: 'void', bool: 'bool', i8: 'i8', u8: 'u8', i16: 'i16', u16: 'u16', i32: 'i32', u32: 'u32',
  i64: 'i64', u64: 'u64', f32: 'f32', f64: 'f64', usize: 'usize', isize: 'isize',
  pointer: 'ptr', buffer: 'buffer', function: 'function',
};

// Bun's definition of one symbol; a C-string result (SYMBOLS' `cstring`) is Bun's own
// `cstring` type, which gives a CString (a String object Bun decodes the bytes into)
const bunDef = (d) => ({ args: d.parameters.map((p) => T[p]), returns: d.cstring ? 'cstring' : T[d.result] });
const keep = []; // libraries and callbacks live as long as the process

export default {
  async open(paths, defs) {
    const { dlopen, JSCallback, read, CString } = await import('bun:ffi');
    noCStringParameters(defs, "bun:ffi's cstring arguments are pointers, not JS strings");
    if (Object.values(defs).some((d) => [d.result, ...d.parameters].some((t) => typeof t !== 'string'))) {
      const err = new Error('no structs');
      err.na = 'bun:ffi has no struct types (FFIType: scalars, pointers, buffer, cstring, function, napi_env/napi_value)';
      throw err;
    }
    if (Object.values(defs).some((d) => d.errno || d.parameters.includes('...'))) {
      throw Object.assign(new Error('no errno'), { na: 'bun:ffi has no errno and no variadic calls' });
    }
    const byLib = {};
    for (const [k, d] of Object.entries(defs)) {
      (byLib[d.lib] ||= {})[k] = bunDef(d);
    }
    const fns = {};
    for (const [lib, syms] of Object.entries(byLib)) {
      const h = dlopen(paths[lib], syms);
      keep.push(h);
      Object.assign(fns, h.symbols);
    }
    // Callbacks: JSCallback objects (kept alive), passed as `.ptr`; a row callback reads
    // values[0] with read.ptr + CString.
    const callback = (def, fn) => {
      const cb = new JSCallback(fn, { args: def.parameters.map((p) => T[p]), returns: T[def.result] });
      keep.push(cb);
      return cb.ptr;
    };
    const cstr0 = (values) => new CString(read.ptr(values, 0));
    return { fns, callback, cstr0, cstr: (s) => s, ptrValue: (p) => (p === null ? 0n : BigInt(p)) };
  },
  async bindAll(path, defs) {
    const { dlopen } = await import('bun:ffi');
    const syms = {};
    for (const [k, d] of Object.entries(defs)) syms[k] = bunDef(d);
    return () => { const h = dlopen(path, syms); keep.push(h); return h.symbols; };
  },
};
