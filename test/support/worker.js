'use strict';
// Runs inside a worker_threads Worker (see worker_scenario.js): loads zerocall, makes
// calls, and posts the results back. workerData: { fixturePath, iterations, id, mode }.
const { parentPort, workerData } = require('worker_threads');
const { dlopen, UnsafePointer, UnsafePointerView } = require('zerocall');

const { fixturePath, iterations, id, mode } = workerData;
const lib = dlopen(fixturePath, {
  add_i32: { parameters: ['i32', 'i32'], result: 'i32' },
  add_u64: { parameters: ['u64', 'u64'], result: 'u64' },
  mul_f64: { parameters: ['f64', 'f64'], result: 'f64' },
  get_static_buffer: { parameters: [], result: 'pointer' },
  sum_buffer: { parameters: ['buffer', 'usize'], result: 'u32' },
  static_i32: { type: 'i32' },
});
const s = lib.symbols;

if (mode === 'spin') {
  // Call until terminated.
  parentPort.postMessage('spinning');
  for (;;) s.add_i32(id, 1);
}

let i32 = 0;
let u64 = 0n;
let f64 = 0;
for (let i = 0; i < iterations; i++) {
  i32 = s.add_i32(i32, id);
  u64 = s.add_u64(u64, BigInt(id) << 40n);
  f64 = s.mul_f64(i, 0.5) + f64;
}
const byte = new UnsafePointerView(s.get_static_buffer()).getUint8(id % 16);
const buf = s.sum_buffer(new Uint8Array([id, id, id]), 3);
let errorMessage = null;
try {
  s.add_i32('x', 1);
} catch (e) {
  errorMessage = `${e.name}: ${e.message}`;
}
const address = String(UnsafePointer.value(s.get_static_buffer()));
lib.close();
let closedMessage = null;
try {
  s.add_i32(1, 1);
} catch (e) {
  closedMessage = `${e.name}: ${e.message}`;
}
parentPort.postMessage({ id, i32, u64: `${u64}n`, f64, byte, buf, errorMessage, closedMessage, address, static_i32: s.static_i32 });
