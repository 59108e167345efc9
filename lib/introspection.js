'use strict';
// Which path calls take: callPath(fn) answers for a bound function ("fast", or why
// it takes the general path on this Node: the eligibility predicate's words), and
// lastFastCall() reports the last fast call when ZEROCALL_TRACE_FAST=1 was set at
// start-up (src/call/fast_trace.h).
const { binding } = require('./internal/binding');

// -> "fast" or the reason; a TypeError for anything but a zerocall function.
function callPath(fn) {
  return binding.callPath(fn);
}

// -> the symbols key of the last symbol whose fast path ran on this thread ("call"
// for an UnsafeFnPointer), or null; resets it to null. Always null without
// ZEROCALL_TRACE_FAST=1.
function lastFastCall() {
  return binding.lastFastCall();
}

module.exports = { callPath, lastFastCall };
