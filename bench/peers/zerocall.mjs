// zerocall, through its public Deno-style API (require('../lib/index.js')).
// The same adapter serves the `zerocall-nojit` column (run.js starts that process with
// ZEROCALL_JIT=0) and the `zerocall-base` column (another checkout: ZEROCALL_BENCH_BASE).
import { createRequire } from 'node:module';
import path from 'node:path';
import { openDenoStyle, bindDenoStyle } from './_denostyle.mjs';

const require = createRequire(import.meta.url);

function load() {
  try {
    return require(path.join(process.env.ZEROCALL_BENCH_BASE || '../..', 'lib/index.js'));
  } catch (e) {
    const err = new Error('zerocall not loadable');
    err.na = `zerocall did not load: ${String(e.message).split('\n')[0]}`;
    throw err;
  }
}

export default {
  async open(paths, defs) {
    const z = load();
    return openDenoStyle(z.dlopen, z.UnsafePointer, paths, defs, z);
  },
  async bindAll(path, defs) { return bindDenoStyle(load().dlopen, path, defs); },
};
