'use strict';
// Why no call in this process can take the V8 Fast API path, or null. binding.callPath
// reports this reason for every function, ahead of any reason of its own signature.
// x86-64 and arm64 have fast-call emitters (src/call/fast_call.cc); other CPUs do not.
const fastOff = process.env.ZEROCALL_JIT === '0' ? 'the fast path is disabled (ZEROCALL_JIT=0)'
  : process.arch === 'x64' || process.arch === 'arm64' ? null : 'no fast-call emitter is enabled for this CPU yet';
// Struct parameters need the ISA's struct classification: x86-64 and arm64 have one.
const fastStructs = fastOff === null;

module.exports = { fastOff, fastStructs };
