// Shared by the peers whose API is Deno's own (zerocall, Deno): group the symbols by
// library, dlopen each library once with Deno-notation definitions. Callbacks are
// UnsafeCallback objects (kept alive for the life of the process) passed as `.pointer`; a
// row callback reads values[0] with UnsafePointerView, as do the memory cases.
export function openDenoStyle(dlopen, UnsafePointer, paths, defs, { UnsafeCallback, UnsafePointerView } = {}) {
  const byLib = {};
  for (const [k, d] of Object.entries(defs)) {
    (byLib[d.lib] ||= {})[k] = { parameters: d.parameters, result: d.result, ...(d.callback ? { callback: true } : {}) };
  }
  const fns = {};
  for (const [lib, syms] of Object.entries(byLib)) {
    const h = dlopen(paths[lib], syms);
    Object.assign(fns, h.symbols);
  }
  const out = { fns, ptrValue: (p) => (p === null ? 0n : UnsafePointer.value(p)) };
  if (UnsafeCallback && UnsafePointerView) {
    const keep = [];
    out.callback = (def, fn) => {
      const cb = new UnsafeCallback({ parameters: def.parameters, result: def.result }, fn);
      keep.push(cb);
      return cb.pointer;
    };
    out.cstr0 = (values) => UnsafePointerView.getCString(new UnsafePointerView(values).getPointer(0));
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
