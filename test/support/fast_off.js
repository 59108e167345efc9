'use strict';
// Why no call in this process can take the V8 Fast API path, or null. binding.callPath
// reports this reason for every function, ahead of any reason of its own signature.
// Only x86-64 has a fast-call emitter so far (src/call/fast_call.cc): on arm64
// (scripts/test-arm64.sh) every call takes the general path.
const fastOff = process.env.ZEROCALL_JIT === '0' ? 'the fast path is disabled (ZEROCALL_JIT=0)'
  : process.arch === 'x64' ? null : 'no fast-call emitter is enabled for this CPU yet';

module.exports = { fastOff };
