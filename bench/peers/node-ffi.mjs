// node:ffi of Node 26 (behind --experimental-ffi). Definitions use `arguments` / `return`;
// pointers are BigInts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const T = {
  void: 'void', bool: 'bool', i8: 'int8', u8: 'uint8', i16: 'int16', u16: 'uint16',
  i32: 'int32', u32: 'uint32', i64: 'int64', u64: 'uint64', f32: 'float32', f64: 'float64',
  usize: 'uint64', isize: 'int64', pointer: 'pointer', buffer: 'buffer', function: 'function',
  cstring: 'string',  // node:ffi copies a JS string for the call
};

function load() {
  try {
    return require('node:ffi');
  } catch (e) {
    const err = new Error('no node:ffi');
    err.na = `node:ffi not available in ${process.version}: ${e.message}`;
    throw err;
  }
}
const ffiDef = (d) => ({ arguments: d.parameters.map((p) => T[p]), return: T[d.result] });
const keep = []; // libraries live as long as the process

export default {
  async open(paths, defs) {
    const ffi = load();
    if (Object.values(defs).some((d) => [d.result, ...d.parameters].some((t) => typeof t !== 'string'))) {
      const err = new Error('no structs');
      err.na = 'node:ffi has no struct types (ffi.types: void, scalars, pointer, buffer, arraybuffer, function, string)';
      throw err;
    }
    if (Object.values(defs).some((d) => d.errno || d.parameters.includes('...'))) {
      throw Object.assign(new Error('no errno'), { na: 'node:ffi has no errno and no variadic calls' });
    }
    const byLib = {};
    for (const [k, d] of Object.entries(defs)) {
      (byLib[d.lib] ||= {})[k] = ffiDef(d);
    }
    const fns = {};
    const libs = [];
    for (const [lib, syms] of Object.entries(byLib)) {
      const h = ffi.dlopen(paths[lib], syms);
      libs.push(h.lib);
      keep.push(h);
      Object.assign(fns, h.functions);
    }
    // Callbacks: library.registerCallback({ arguments, return }, fn) → a BigInt address
    // (owned by the library, which stays open); a row callback reads values[0] with
    // ffi.getUint64 + ffi.toString.
    const callback = (def, fn) => libs[0].registerCallback({ arguments: def.parameters.map((p) => T[p]), return: T[def.result] }, fn);
    const cstr0 = (values) => ffi.toString(ffi.getUint64(values, 0));
    // size_t (uint64) arguments must be BigInts: node:ffi rejects the Number 64.
    return { fns, callback, cstr0, cstr: (p) => ffi.toString(p), usize: (n) => BigInt(n), ptrValue: (p) => (p === null ? 0n : BigInt(p)) };
  },
  async bindAll(path, defs) {
    const ffi = load();
    const syms = {};
    for (const [k, d] of Object.entries(defs)) syms[k] = ffiDef(d);
    return () => { const h = ffi.dlopen(path, syms); keep.push(h); return h.functions; };
  },
};
