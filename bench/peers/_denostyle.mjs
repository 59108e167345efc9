// Shared by the peers whose API is Deno's own (zerocall, Deno): group the symbols by
// library, dlopen each library once with Deno-notation definitions. Callbacks are
// UnsafeCallback objects (kept alive for the life of the process) passed as `.pointer`; a
// row callback reads values[0] with UnsafePointerView, as do the memory cases, and a C-string result (a pointer
// here) is read with UnsafePointerView.getCString.
const denoDef = (d) => ({ parameters: d.parameters, result: d.result, ...(d.callback ? { callback: true } : {}),
  ...(d.errno ? { errno: true } : {}) });
const keep = []; // libraries and callbacks live as long as the process

export function openDenoStyle(dlopen, UnsafePointer, paths, defs, { UnsafeCallback, UnsafePointerView, errno } = {}) {
  // Deno.dlopen has neither (it would ignore `errno: true` and reject "...").
  if (!errno && Object.values(defs).some((d) => d.errno || d.parameters.includes('...'))) {
    throw Object.assign(new Error('no errno'), { na: 'Deno.dlopen has no errno and no variadic calls' });
  }
  const byLib = {};
  for (const [k, d] of Object.entries(defs)) (byLib[d.lib] ||= {})[k] = denoDef(d);
  const fns = {};
  for (const [lib, syms] of Object.entries(byLib)) {
    const h = dlopen(paths[lib], syms);
    keep.push(h);
    Object.assign(fns, h.symbols);
  }
  const out = { fns, ptrValue: (p) => (p === null ? 0n : UnsafePointer.value(p)) };
  if (UnsafeCallback && UnsafePointerView) {
    out.callback = (def, fn) => {
      const cb = new UnsafeCallback({ parameters: def.parameters, result: def.result }, fn);
      keep.push(cb);
      return cb.pointer;
    };
    out.cstr0 = (values) => UnsafePointerView.getCString(new UnsafePointerView(values).getPointer(0));
    out.cstr = (p) => UnsafePointerView.getCString(p);
  }
  if (UnsafePointerView) {
    out.memory = {
      at: (typed) => new UnsafePointerView(UnsafePointer.of(typed)),
      getI32: (view, offset) => view.getInt32(offset),
      // Deno's UnsafePointerView has no setters.
      setI32: UnsafePointerView.prototype.setInt32 ? (view, offset, value) => view.setInt32(offset, value) : undefined,
    };
  }
  return out;
}

// bind_10k: the definitions translated now, the dlopen itself when the thunk runs
export function bindDenoStyle(dlopen, path, defs) {
  const syms = {};
  for (const [k, d] of Object.entries(defs)) syms[k] = denoDef(d);
  return () => { const h = dlopen(path, syms); keep.push(h); return h.symbols; };
}

// SYMBOLS' `cstring` parameters take JS strings; a peer without such a type is na.
export function noCStringParameters(defs, why) {
  if (Object.values(defs).some((d) => d.parameters.includes('cstring'))) throw Object.assign(new Error('no cstring'), { na: why });
}
