// zerocall with ZEROCALL_JIT=0 (run.js sets the variable for this process): the general
// (libffi) path only.
import { createRequire } from 'node:module';
import { openDenoStyle } from './_denostyle.mjs';

const require = createRequire(import.meta.url);

export default {
  async open(paths, defs) {
    if (process.env.ZEROCALL_JIT !== '0') throw new Error('zerocall-nojit must run with ZEROCALL_JIT=0');
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
