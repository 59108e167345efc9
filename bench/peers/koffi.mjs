// Koffi 3 (npm `koffi`), installed into bench/node_modules by run.js.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const T = {
  void: 'void', bool: 'bool', i8: 'int8_t', u8: 'uint8_t', i16: 'int16_t', u16: 'uint16_t',
  i32: 'int32_t', u32: 'uint32_t', i64: 'int64_t', u64: 'uint64_t', f32: 'float', f64: 'double',
  usize: 'size_t', isize: 'intptr_t', pointer: 'void *', buffer: 'void *', function: 'void *',
};

export default {
  async open(paths, defs) {
    const koffi = require('koffi');
    const libs = {};
    const fns = {};
    for (const [k, d] of Object.entries(defs)) {
      const lib = (libs[d.lib] ||= koffi.load(paths[d.lib]));
      fns[k] = lib.func(k, T[d.result], d.parameters.map((p) => T[p]));
    }
    const notes = [];
    // Callbacks: koffi.proto + koffi.register (a registered callback is a BigInt address,
    // which the `void *` function parameter takes); kept registered for the life of the
    // process. A row callback reads values[0] with koffi.decode(values, 'char *').
    let protos = 0;
    const callback = (def, fn) => {
      const proto = koffi.proto(`bench_cb_${protos++}`, T[def.result], def.parameters.map((p) => T[p]));
      return koffi.register(fn, koffi.pointer(proto));
    };
    const cstr0 = (values) => koffi.decode(values, 'char *');
    const ptrValue = (p) => (p === null ? 0n : typeof p === 'bigint' ? p : BigInt(koffi.address(p)));
    return { fns, notes, ptrValue, callback, cstr0 };
  },
};
