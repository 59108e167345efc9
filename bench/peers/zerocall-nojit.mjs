// zerocall with ZEROCALL_JIT=0 (run.js sets the variable for this process): the general
// (libffi) path only. The same adapter as the zerocall column, with that check.
import zerocall from './zerocall.mjs';

const check = () => {
  if (process.env.ZEROCALL_JIT !== '0') throw new Error('zerocall-nojit must run with ZEROCALL_JIT=0');
};

export default {
  async open(paths, defs) { check(); return zerocall.open(paths, defs); },
  async bindAll(path, defs) { check(); return zerocall.bindAll(path, defs); },
};
