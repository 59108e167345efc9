// Deno's own FFI (Deno.dlopen), the API zerocall copies. Run by run.js as
// `deno run --allow-ffi --allow-read --no-config --no-lock --no-remote --no-npm --no-prompt`.
import { openDenoStyle, bindDenoStyle, noCStringParameters } from './_denostyle.mjs';

export default {
  async open(paths, defs) {
    noCStringParameters(defs, 'Deno has no C string type: a string is encoded into a buffer by the caller');
    return openDenoStyle(Deno.dlopen, Deno.UnsafePointer, paths, defs, Deno);
  },
  async bindAll(path, defs) { return bindDenoStyle(Deno.dlopen, path, defs); },
};
