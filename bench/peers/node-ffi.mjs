// node:ffi of Node 26 (behind --experimental-ffi). Definitions use `arguments` / `return`;
// pointers are BigInts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const T = {
  void: 'void', bool: 'bool', i8: 'int8', u8: 'uint8', i16: 'int16', u16: 'uint16',
  i32: 'int32', u32: 'uint32', i64: 'int64', u64: 'uint64', f32: 'float32', f64: 'float64',
  usize: 'uint64', isize: 'int64', pointer: 'pointer', buffer: 'buffer', function: 'function',
};

export default {
  async open(paths, defs) {
    let ffi;
    try {
      ffi = require('node:ffi');
    } catch (e) {
      const err = new Error('no node:ffi');
      err.na = `node:ffi not available in ${process.version}: ${e.message}`;
      throw err;
    }
    const byLib = {};
    for (const [k, d] of Object.entries(defs)) {
      (byLib[d.lib] ||= {})[k] = { arguments: d.parameters.map((p) => T[p]), return: T[d.result] };
    }
    const fns = {};
    for (const [lib, syms] of Object.entries(byLib)) Object.assign(fns, ffi.dlopen(paths[lib], syms).functions);
    // size_t (uint64) arguments must be BigInts: node:ffi rejects the Number 64.
    return { fns, usize: (n) => BigInt(n), ptrValue: (p) => (p === null ? 0n : BigInt(p)) };
  },
};
