// Koffi 3 (npm `koffi`), installed into bench/node_modules by run.js.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const T = {
  void: 'void', bool: 'bool', i8: 'int8_t', u8: 'uint8_t', i16: 'int16_t', u16: 'uint16_t',
  i32: 'int32_t', u32: 'uint32_t', i64: 'int64_t', u64: 'uint64_t', f32: 'float', f64: 'double',
  usize: 'size_t', isize: 'intptr_t', pointer: 'void *', buffer: 'void *', function: 'void *',
  cstring: 'const char *',  // koffi copies a JS string for the call
};

// a C-string result (SYMBOLS' `cstring`) is koffi's own string type: koffi makes the JS string
const resultType = (d, ty) => (d.cstring ? 'const char *' : ty(d.result));

export default {
  async open(paths, defs) {
    const koffi = require('koffi');
    const libs = {};
    const fns = {};
    // Structs by value: koffi.struct types (one per distinct field list, fields f0, f1, ...);
    // koffi converts a JS object to the struct field by field and returns a new object (it
    // does not take the struct's bytes: a Uint8Array argument reads as all-zero fields).
    const structs = new Map();
    const ty = (t) => {
      if (typeof t === 'string') return T[t];
      const key = JSON.stringify(t.struct);
      if (!structs.has(key)) structs.set(key, koffi.struct(Object.fromEntries(t.struct.map((f, i) => [`f${i}`, ty(f)]))));
      return structs.get(key);
    };
    const notes = [];
    for (const [k, d] of Object.entries(defs)) {
      const lib = (libs[d.lib] ||= koffi.load(paths[d.lib]));
      const marker = d.parameters.indexOf('...');
      if (marker < 0) {
        fns[k] = lib.func(k, resultType(d, ty), d.parameters.map(ty));
        continue;
      }
      // Variadic: declared with koffi's '...', called with a type name before each
      // variable argument; a wrapper of fixed arity (inlined by TurboFan) adds them.
      const fixed = d.parameters.slice(0, marker);
      const shape = d.parameters.slice(marker + 1);
      const names = d.parameters.filter((t) => t !== '...').map((_, i) => `a${i}`);
      const call = [...names.slice(0, marker), ...shape.flatMap((t, i) => [JSON.stringify(ty(t)), names[marker + i]])];
      const native = lib.func(k, resultType(d, ty), [...fixed.map(ty), '...']);
      fns[k] = new Function('native', `return (${names.join(', ')}) => native(${call.join(', ')});`)(native);
      notes.push('variadic: koffi takes a type name before each variable argument (added by a wrapper)');
    }
    // koffi saves errno after every call (koffi.errno() reads it): `errno: true` needs nothing.
    if (Object.values(defs).some((d) => [d.result, ...d.parameters].some((t) => typeof t !== 'string'))) {
      notes.push('structs are JS objects ({ f0, f1, ... }), not bytes: koffi converts them field by field');
    }
    // the argument object, made once (untimed) from the struct's bytes with koffi.decode
    const structArg = (type, bytes) => koffi.decode(bytes, ty(type));
    const structFields = (type, s) => (s && typeof s === 'object' && !ArrayBuffer.isView(s)
      ? type.struct.map((_, i) => s[`f${i}`]) : `got ${Object.prototype.toString.call(s)}, want a koffi struct object`);
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
    // Memory cases: koffi.decode / koffi.encode at an offset from the array's address (a
    // bigint: faster in koffi than passing the array itself).
    const memory = {
      at: (typed) => koffi.address(typed),
      getI32: (p, offset) => koffi.decode(p, offset, 'int32_t'),
      setI32: (p, offset, value) => koffi.encode(p, offset, 'int32_t', value),
    };
    return { fns, notes, ptrValue, callback, cstr0, cstr: (s) => s, structArg, structFields, memory };
  },
  // bind_10k: koffi binds one function per lib.func call, so the timed bind is koffi.load
  // plus one lib.func per symbol (the type names are worked out before)
  async bindAll(path, defs) {
    const koffi = require('koffi');
    const list = Object.entries(defs).map(([k, d]) => [k, resultType(d, (t) => T[t]), d.parameters.map((t) => T[t])]);
    return () => {
      const lib = koffi.load(path);
      const fns = {};
      for (const [k, r, ps] of list) fns[k] = lib.func(k, r, ps);
      return fns;
    };
  },
  bindNotes: ['koffi.load + one lib.func per symbol (koffi has no many-symbols call)'],
};
