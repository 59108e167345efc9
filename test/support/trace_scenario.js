'use strict';
// Child process of test/js/fast_trace.test.js (run with --allow-natives-syntax, with or
// without ZEROCALL_TRACE_FAST=1): makes calls that take the fast path, the general
// path, or leave the fast path half-way, and prints for each what lastFastCall()
// reported right after it, its second reading, and the general-path entries the
// call made (one JSON object per line).
const { dlopen, lastFastCall, UnsafeFnPointer } = require('zerocall');
const { fixturePath } = require('./fixture.js');
const { optimizedSite, measure } = require('./optimize.js');

const lib = dlopen(fixturePath, {
  add_i32: { parameters: ['i32', 'i32'], result: 'i32' },
  nop: { parameters: [], result: 'void' },
  add_f64: { parameters: ['f64', 'f64'], result: 'f64' },
  address_of: { name: 'identity_ptr', parameters: ['buffer'], result: 'pointer' },
  get_add_i32_ptr: { parameters: [], result: 'pointer' },
  add_i64: { parameters: ['i64', 'i64'], result: 'i64' },
});
const s = lib.symbols;
const fnPointer = new UnsafeFnPointer(s.get_add_i32_ptr(), { parameters: ['i32', 'i32'], result: 'i32' });

function report(name, outcome) {
  const first = lastFastCall();
  const second = lastFastCall();
  console.log(JSON.stringify({ name, first, second, general: outcome.general, threw: outcome.error !== undefined }));
}

lastFastCall();  // whatever binding the library did
report('cold add_i32', measure(() => s.add_i32(1, 2)));
report('optimized add_i32', optimizedSite(s.add_i32, [1, 2])(3, 4));
report('optimized nop', optimizedSite(s.nop, [])());
report('optimized add_f64', optimizedSite(s.add_f64, [0.5, 1])(1.5, 2));
report('optimized add_i64', optimizedSite(s.add_i64, [1n, 2n])(3n, 4n));
report('optimized address_of', optimizedSite(s.address_of, [new Uint8Array(8)])(new Uint8Array(8)));
report('optimized address_of, empty buffer', optimizedSite(s.address_of, [new Uint8Array(8)])(new Uint8Array(0)));
report('optimized UnsafeFnPointer call', optimizedSite(fnPointer.call, [1, 2])(3, 4));
report('optimized add_i32, out of range', optimizedSite(s.add_i32, [1, 2])(2 ** 31, 1));
// A fast call, then a general-path call of another symbol: the fast one is kept.
const fastNop = optimizedSite(s.nop, []);
lastFastCall();
fastNop();
report('optimized nop, then cold add_f64', measure(() => s.add_f64(1, 2)));
const afterClose = optimizedSite(s.add_i32, [1, 2]);
lib.close();
report('optimized add_i32 after close', afterClose(1, 2));
