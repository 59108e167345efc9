// Shared by the peers whose API is Deno's own (zerocall, Deno): group the symbols by
// library, dlopen each library once with Deno-notation definitions.
export function openDenoStyle(dlopen, UnsafePointer, paths, defs) {
  const byLib = {};
  for (const [k, d] of Object.entries(defs)) {
    (byLib[d.lib] ||= {})[k] = { parameters: d.parameters, result: d.result };
  }
  const fns = {};
  for (const [lib, syms] of Object.entries(byLib)) {
    const h = dlopen(paths[lib], syms);
    Object.assign(fns, h.symbols);
  }
  return { fns, ptrValue: (p) => (p === null ? 0n : UnsafePointer.value(p)) };
}
