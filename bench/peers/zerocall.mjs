// zerocall, through its public Deno-style API (require('../lib/index.js')).
// The same adapter serves the `zerocall-nojit` column: run.js starts that process with
// ZEROCALL_JIT=0.
import { createRequire } from 'node:module';
import { openDenoStyle } from './_denostyle.mjs';

const require = createRequire(import.meta.url);

export default {
  async open(paths, defs) {
    let z;
    try {
      z = require('../../lib/index.js');
    } catch (e) {
      const err = new Error('zerocall not loadable');
      err.na = `zerocall did not load: ${String(e.message).split('\n')[0]}`;
      throw err;
    }
    return openDenoStyle(z.dlopen, z.UnsafePointer, paths, defs, z);
  },
};
