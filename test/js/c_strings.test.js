// flags: --allow-natives-syntax
'use strict';
// The C string types: cstring (UTF-8 char*) and cstring16 (UTF-16). A JS string
// argument reaches C as a NUL-terminated copy (checked byte by byte), buffers, pointer
// objects and null pass as `buffer`/`pointer` would, a string with U+0000 and any other
// value are TypeErrors; results and callback arguments decode to strings. Each case
// cold and from optimized code, where V8 13+ keep string parameters on the fast path
// (the general-path counter stays put) and V8 11-12 run them through the general path.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, UnsafeCallback, UnsafePointer } = require('zerocall');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { measure, optimizedSite } = require('../support/optimize.js');
const { fastOff } = require('../support/fast_off.js');

const v8Major = Number(process.versions.v8.split('.')[0]);
const stringsFast = fastOff === null && v8Major >= 13;
const paramPath = fastOff || (v8Major >= 13 ? 'fast' : 'cstring parameters take the general path on this V8');
// General-path entries an optimized string call makes.
const optimizedEntries = stringsFast ? 0 : 1;

const lib = dlopen(fixturePath, {
  cs_length: { parameters: ['cstring'], result: 'i32' },
  cs_byte_at: { parameters: ['cstring', 'i32'], result: 'i32' },
  cs_compare: { parameters: ['cstring', 'cstring'], result: 'i32' },
  cs_echo: { parameters: ['cstring'], result: 'cstring' },
  cs_invalid_utf8: { parameters: [], result: 'cstring' },
  cs_null: { parameters: [], result: 'cstring' },
  cs_intact_after: { parameters: ['function', 'cstring'], result: 'i32' },
  cs_call_with: { parameters: ['function', 'cstring'], result: 'i32' },
  cs16_length: { parameters: ['cstring16'], result: 'i32' },
  cs16_unit_at: { parameters: ['cstring16', 'i32'], result: 'i32' },
  cs16_echo: { parameters: ['cstring16'], result: 'cstring16' },
  cs_length_later: { name: 'cs_length', parameters: ['cstring'], result: 'i32', nonblocking: true },
});
const s = lib.symbols;

const expects = (type, key, index) => `${key}: parameter ${index} expects ${type} (a string without U+0000, ` +
  'a TypedArray, DataView, ArrayBuffer, pointer object or null), got ';

// The value cold (general path) and from an optimized site trained with `train`.
function bothPaths(fn, train, args, expected) {
  const cold = measure(() => fn(...args));
  assert.deepEqual({ value: cold.value, error: cold.error, general: cold.general }, { value: expected, error: undefined, general: 1 });
  const hot = optimizedSite(fn, train)(...args);
  assert.deepEqual({ value: hot.value, error: hot.error, general: hot.general },
    { value: expected, error: undefined, general: optimizedEntries });
}

function throwsOnBoth(fn, train, args, message) {
  assert.throws(() => fn(...args), { name: 'TypeError', message });
  const hot = optimizedSite(fn, train)(...args);
  assert.equal(hot.error?.constructor, TypeError);
  assert.equal(hot.error.message, message);
  assert.equal(hot.general, optimizedEntries);
}

test('callPath: string parameters are fast on V8 13+, string results take the general path', () => {
  assert.equal(binding.callPath(s.cs_length), paramPath);
  assert.equal(binding.callPath(s.cs16_length), paramPath);
  assert.equal(binding.callPath(s.cs_echo), fastOff || 'cstring results take the general path');
  assert.equal(binding.callPath(s.cs16_echo), fastOff || 'cstring results take the general path');
});

test('a JS string reaches C as NUL-terminated UTF-8, on both paths', () => {
  bothPaths(s.cs_length, ['hello'], ['héllo'], 6);
  bothPaths(s.cs_length, ['hello'], [''], 0);
  const bytes = (text) => Array.from({ length: s.cs_length(text) + 1 }, (_, i) => s.cs_byte_at(text, i));
  assert.deepEqual(bytes('é😀'), [0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0]);
  // A lone surrogate has no UTF-8 form: U+FFFD, as TextEncoder writes it.
  assert.deepEqual(bytes('a\ud800'), [0x61, 0xef, 0xbf, 0xbd, 0]);
  bothPaths(s.cs_byte_at, ['hello', 0], ['é', 1], 0xa9);
  bothPaths(s.cs_byte_at, ['hello', 0], ['ÿ', 2], 0);
});

test('long strings (past the scratch block) and two strings in one call', () => {
  const long = 'é'.repeat(3000);  // 6000 bytes
  bothPaths(s.cs_length, ['hello'], [long], 6000);
  bothPaths(s.cs_byte_at, ['hello', 0], [long, 5999], 0xa9);
  bothPaths(s.cs_compare, ['a', 'b'], ['abc', 'abd'], -1);
  bothPaths(s.cs_compare, ['a', 'b'], [long, long], 0);
  bothPaths(s.cs_compare, ['a', 'b'], [long + 'b', long + 'a'], 1);
  // A string concatenated at run time (a cons string in V8) is read whole.
  const parts = ['x'.repeat(20), 'y'.repeat(20)];
  bothPaths(s.cs_length, ['hello'], [parts[0] + parts[1]], 40);
});

test('buffers, pointer objects and null pass through as buffer and pointer would', () => {
  const bytes = new Uint8Array([65, 66, 0, 67]);
  bothPaths(s.cs_length, ['hello'], [bytes], 2);
  bothPaths(s.cs_length, ['hello'], [bytes.buffer], 2);
  bothPaths(s.cs_length, ['hello'], [UnsafePointer.of(bytes)], 2);
  bothPaths(s.cs_length, ['hello'], [null], -1);
  bothPaths(s.cs16_length, ['hello'], [new Uint16Array([104, 105, 0])], 2);
});

test('a string containing U+0000 and other values are TypeErrors naming the symbol, index and type', () => {
  throwsOnBoth(s.cs_length, ['hello'], ['a\0b'], expects('cstring', 'cs_length', 0) + 'a string containing U+0000');
  throwsOnBoth(s.cs_length, ['hello'], ['\0'], expects('cstring', 'cs_length', 0) + 'a string containing U+0000');
  throwsOnBoth(s.cs_length, ['hello'], [5], expects('cstring', 'cs_length', 0) + '5');
  throwsOnBoth(s.cs_length, ['hello'], [undefined], expects('cstring', 'cs_length', 0) + 'undefined');
  throwsOnBoth(s.cs_length, ['hello'], [{}], expects('cstring', 'cs_length', 0) + 'an object');
  throwsOnBoth(s.cs_compare, ['a', 'b'], ['a', 'b\0'], expects('cstring', 'cs_compare', 1) + 'a string containing U+0000');
  throwsOnBoth(s.cs16_length, ['hello'], ['x\0'], expects('cstring16', 'cs16_length', 0) + 'a string containing U+0000');
  throwsOnBoth(s.cs16_length, ['hello'], [1n], expects('cstring16', 'cs16_length', 0) + '1n');
});

test('results decode to strings (UTF-8 errors become U+FFFD), null for NULL', () => {
  const echo = (text) => s.cs_echo(text);
  assert.equal(echo('héllo😀'), 'héllo😀');
  assert.equal(s.cs_echo(null), null);
  assert.equal(s.cs_null(), null);
  assert.equal(s.cs_invalid_utf8(), 'a\ufffd\ufffdz');
  const hot = optimizedSite(s.cs_echo, ['hello'])('wörld');
  assert.deepEqual({ value: hot.value, general: hot.general }, { value: 'wörld', general: 1 });
});

test('cstring16: UTF-16 units and a 16-bit NUL, lone surrogates kept', () => {
  bothPaths(s.cs16_length, ['hello'], ['héllo😀'], 7);
  bothPaths(s.cs16_unit_at, ['hello', 0], ['😀', 1], 0xde00);
  bothPaths(s.cs16_unit_at, ['hello', 0], ['a\ud800', 1], 0xd800);
  bothPaths(s.cs16_unit_at, ['hello', 0], ['ab', 2], 0);
  assert.equal(s.cs16_echo('héllo😀'), 'héllo😀');
  assert.equal(s.cs16_echo(null), null);
});

test('a callback receiving cstring gets a JS string', () => {
  const seen = [];
  const callback = new UnsafeCallback({ parameters: ['cstring'], result: 'i32' }, (text) => {
    seen.push(text);
    return text === null ? -1 : text.length;
  });
  assert.equal(s.cs_call_with(callback.pointer, 'héllo😀'), 7);
  assert.equal(s.cs_call_with(callback.pointer, null), -1);
  assert.deepEqual(seen, ['héllo😀', null]);
  callback.close();
});

test("string calls made inside a callback leave the outer call's copies intact", () => {
  const inner = optimizedSite(s.cs_length, ['hello']);
  const innerPair = optimizedSite(s.cs_compare, ['a', 'b']);
  const results = [];
  const callback = new UnsafeCallback({ parameters: [], result: 'void' }, () => {
    results.push(inner('x'.repeat(100)).value, inner('y'.repeat(5000)).value, innerPair('zz', 'zz').value, s.cs_length('w'));
  });
  assert.equal(s.cs_intact_after(callback.pointer, 'outer string'), 12);
  const outer = optimizedSite(s.cs_intact_after, [callback.pointer, 'warm'])(callback.pointer, 'outer, optimized');
  assert.deepEqual({ value: outer.value, error: outer.error }, { value: 16, error: undefined });
  assert.deepEqual(results.slice(-8), [100, 5000, 0, 1, 100, 5000, 0, 1]);
  callback.close();
});

test('nonblocking: the copy lives until the Promise settles; bad strings throw at the call', async () => {
  assert.equal(await s.cs_length_later('héllo'), 6);
  assert.equal(await s.cs_length_later('é'.repeat(1000)), 2000);
  assert.throws(() => s.cs_length_later('a\0'), { name: 'TypeError', message: expects('cstring', 'cs_length_later', 0) + 'a string containing U+0000' });
});

test('a callback cannot return a cstring (no copy outlives it)', () => {
  assert.throws(() => new UnsafeCallback({ parameters: [], result: 'cstring' }, () => 'x'), {
    name: 'TypeError',
    message: "Invalid definition of 'UnsafeCallback': a callback cannot return cstring (a copy would not outlive the callback); return a pointer",
  });
});
