// flags: --allow-natives-syntax
'use strict';
// Bun's ({ args, returns }) and node:ffi's ({ arguments, return }) spellings of a
// definition: each type name maps to the same internal signature as zerocall's own
// spelling (so the same native function and fast path), their values are converted
// where they differ (Bun's pointers are numbers, node:ffi's bigints, Bun's i64_fast),
// C strings are zerocall's cstring (node:ffi's string results stay bigint addresses),
// and every mistake is a TypeError naming the key and position.
const test = require('node:test');
const assert = require('node:assert/strict');
const { dlopen, FFIType, UnsafeCallback, UnsafePointer, UnsafePointerView, suffix } = require('zerocall');
const { parseDefinition } = require('../../lib/internal/definition');
const { binding } = require('../../lib/internal/binding');
const { fixturePath } = require('../support/fixture.js');
const { throwsExact } = require('../support/assert.js');
const { fastOff } = require('../support/fast_off.js');
const { optimizedSite } = require('../support/optimize.js');

const plainChar = process.arch === 'arm64' ? 'u8' : 'i8';
const signature = (def) => {
  const d = parseDefinition('f', def);
  return { parameters: d.parameterCodes, result: d.resultCode };
};
const same = (other, deno) => assert.deepEqual(signature(other), signature(deno), JSON.stringify(other));

test('Bun type names (and FFIType numbers) map to zerocall types', () => {
  const table = {
    char: plainChar, int8_t: 'i8', i8: 'i8', uint8_t: 'u8', u8: 'u8', int16_t: 'i16', i16: 'i16',
    uint16_t: 'u16', u16: 'u16', int32_t: 'i32', i32: 'i32', int: 'i32', c_int: 'i32', uint32_t: 'u32',
    u32: 'u32', c_uint: 'u32', int64_t: 'i64', i64: 'i64', isize: 'isize', uint64_t: 'u64', u64: 'u64',
    usize: 'usize', size_t: 'usize', i64_fast: 'i64', u64_fast: 'u64', double: 'f64', f64: 'f64',
    float: 'f32', f32: 'f32', bool: 'bool', ptr: 'pointer', pointer: 'pointer', 'void*': 'pointer',
    'char*': 'pointer', cstring: 'cstring', function: 'function', callback: 'function', fn: 'function',
    buffer: 'buffer',
  };
  for (const [bun, zerocall] of Object.entries(table)) {
    same({ args: [bun], returns: bun === 'buffer' ? 'ptr' : bun }, { parameters: [zerocall], result: bun === 'buffer' ? 'pointer' : zerocall });
    if (Object.prototype.hasOwnProperty.call(FFIType, bun)) same({ args: [FFIType[bun]] }, { parameters: [zerocall], result: 'void' });
  }
  assert.deepEqual([FFIType.char, FFIType.i32, FFIType.ptr, FFIType.void, FFIType.cstring, FFIType.buffer], [0, 5, 12, 13, 14, 20]);
});

test('node:ffi type names map to zerocall types; its bool is an 8-bit integer', () => {
  const table = {
    char: plainChar, int8: 'i8', i8: 'i8', uint8: 'u8', u8: 'u8', bool: 'u8', int16: 'i16', i16: 'i16',
    uint16: 'u16', u16: 'u16', int32: 'i32', i32: 'i32', uint32: 'u32', u32: 'u32', int64: 'i64', i64: 'i64',
    uint64: 'u64', u64: 'u64', float32: 'f32', f32: 'f32', float: 'f32', float64: 'f64', f64: 'f64',
    double: 'f64', pointer: 'pointer', ptr: 'pointer', buffer: 'pointer', arraybuffer: 'pointer',
    function: 'function', string: 'cstring', str: 'cstring',
  };
  for (const [node, zerocall] of Object.entries(table)) {
    // node:ffi returns a string's address (a bigint).
    const result = zerocall === 'cstring' ? 'pointer' : zerocall;
    same({ arguments: [node], return: node }, { parameters: [zerocall], result });
  }
  same({ return: 'int32' }, { parameters: [], result: 'i32' });
  same({ arguments: ['int32'] }, { parameters: ['i32'], result: 'void' });
  assert.equal(suffix, 'so');
});

const bun = dlopen(fixturePath, {
  add_i32: { args: [FFIType.i32, 'int'], returns: 'i32' },
  identity_ptr: { args: ['ptr'], returns: 'ptr' },
  ptr_to_u64: { args: ['ptr'], returns: 'u64' },
  first_byte: { args: ['ptr'], returns: 'u8' },
  sum_buffer: { args: ['buffer', 'usize'], returns: 'u32' },
  u64_max: { returns: 'u64_fast' },
  identity_i64: { args: ['i64_fast'], returns: 'i64_fast' },
  c_strlen: { args: ['cstring'], returns: 'usize' },
  get_static_string: { returns: 'cstring' },
  call_i32_fn: { args: ['callback', 'i32', 'i32'], returns: 'i32' },
  return_null_ptr: { returns: 'ptr' },
});
const node = dlopen(fixturePath, {
  add_i32: { arguments: ['int32', 'int32'], return: 'int32' },
  identity_ptr: { arguments: ['pointer'], return: 'pointer' },
  first_byte: { arguments: ['buffer'], return: 'uint8' },
  identity_bool: { arguments: ['bool'], return: 'bool' },
  c_strlen: { arguments: ['string'], return: 'uint64' },
  get_static_string: { return: 'string' },
  return_null_ptr: { return: 'pointer' },
  nop: { return: 'void' },
});
test.after(() => {
  bun.close();
  node.close();
});

test('Bun values: pointers are numbers (or null), buffers and callbacks pass as pointers', () => {
  const b = bun.symbols;
  assert.equal(b.add_i32(20, 22), 42);
  assert.equal(b.identity_ptr(0x1234), 0x1234);
  assert.equal(b.identity_ptr(0x1234n), 0x1234);
  assert.equal(b.identity_ptr(null), null);
  assert.equal(b.identity_ptr(0), null);
  assert.equal(b.return_null_ptr(), null);
  const bytes = new Uint8Array([7, 8, 9]);
  assert.equal(b.first_byte(bytes), 7);
  assert.equal(b.ptr_to_u64(bytes), UnsafePointer.value(UnsafePointer.of(bytes)));
  assert.equal(b.first_byte(UnsafePointer.of(bytes)), 7, 'zerocall pointer objects pass too');
  assert.equal(b.sum_buffer(bytes, bytes.length), 24);
  const twice = new UnsafeCallback({ parameters: ['i32', 'i32'], result: 'i32' }, (x, y) => 2 * x + y);
  assert.equal(b.call_i32_fn(twice, 5, 1), 11, 'an UnsafeCallback object, as Bun takes its JSCallback');
  assert.equal(b.call_i32_fn(twice.pointer, 5, 2), 12);
  assert.equal(b.call_i32_fn(Number(UnsafePointer.value(twice.pointer)), 5, 3), 13);
  twice.close();
  // cstring: a JS string result (Bun's CString is a String object); a string, a
  // pointer number or a buffer argument.
  const text = b.get_static_string();
  assert.equal(text, 'Hello from zerocall');
  assert.equal(b.c_strlen('héllo'), 6n);
  const abc = new Uint8Array([97, 98, 99, 0]);
  assert.equal(b.c_strlen(Number(UnsafePointer.value(UnsafePointer.of(abc)))), 3n);
  assert.equal(b.c_strlen(new Uint8Array([65, 0])), 1n);
});

test('Bun values: i64_fast / u64_fast results are numbers when they are safe integers', () => {
  const b = bun.symbols;
  assert.equal(b.identity_i64(5n), 5);
  assert.equal(b.identity_i64(-(2 ** 53) + 1), -(2 ** 53) + 1);
  assert.equal(b.identity_i64(2n ** 53n), 2n ** 53n);
  assert.equal(b.u64_max(), 2n ** 64n - 1n);
});

test('node:ffi values: pointers are bigints; null, undefined and buffers pass as pointers', () => {
  const n = node.functions;
  assert.equal(node.lib, node);
  assert.equal(node.functions, node.symbols);
  assert.equal(n.add_i32(20, 22), 42);
  assert.equal(n.identity_ptr(0x1234n), 0x1234n);
  assert.equal(n.identity_ptr(null), 0n);
  assert.equal(n.identity_ptr(undefined), 0n);
  assert.equal(n.return_null_ptr(), 0n);
  assert.equal(n.first_byte(Buffer.from([5, 6])), 5);
  assert.equal(n.first_byte(new Uint8Array([4]).buffer), 4);
  assert.equal(n.first_byte(new DataView(new Uint8Array([0, 3]).buffer, 1)), 3);
  assert.equal(n.identity_bool(1), 1);
  assert.equal(n.identity_bool(0), 0);
  // string: a JS string argument is copied; a result is its address, as node:ffi returns it.
  const text = n.get_static_string();
  assert.equal(typeof text, 'bigint');
  assert.equal(UnsafePointerView.getCString(UnsafePointer.create(text)), 'Hello from zerocall');
  assert.equal(n.c_strlen(text), 19n);
  assert.equal(n.c_strlen('héllo'), 6n);
  assert.equal(n.c_strlen(Buffer.from('abcd\0')), 4n);
  assert.equal(n.nop(), undefined);
});

test('wrong values are TypeErrors naming the key, the parameter and what the spelling accepts', () => {
  throwsExact(() => bun.symbols.identity_ptr(-1), TypeError,
    'identity_ptr: parameter 0 expects ptr (a number, a bigint, a TypedArray, a pointer object or null), got -1');
  throwsExact(() => bun.symbols.identity_ptr(1.5), TypeError,
    'identity_ptr: parameter 0 expects ptr (a number, a bigint, a TypedArray, a pointer object or null), got 1.5');
  throwsExact(() => bun.symbols.identity_ptr(undefined), TypeError,
    'identity_ptr: parameter 0 expects ptr (a number, a bigint, a TypedArray, a pointer object or null), got undefined');
  throwsExact(() => node.functions.identity_ptr(5), TypeError,
    'identity_ptr: parameter 0 expects pointer (a bigint, a Buffer, TypedArray, DataView, ArrayBuffer or null), got 5');
  throwsExact(() => node.functions.identity_ptr(-1n), TypeError,
    'identity_ptr: parameter 0 expects pointer (a bigint, a Buffer, TypedArray, DataView, ArrayBuffer or null), got -1n');
  throwsExact(() => bun.symbols.c_strlen(-1), TypeError,
    'c_strlen: parameter 0 expects cstring (a string, a number, a bigint, a TypedArray, a pointer object or null), got -1');
  throwsExact(() => node.functions.c_strlen(5), TypeError,
    'c_strlen: parameter 0 expects string (a string, a bigint, a Buffer, TypedArray, DataView, ArrayBuffer or null), got 5');
  throwsExact(() => node.functions.c_strlen('a\0'), TypeError,
    'c_strlen: parameter 0 expects cstring (a string without U+0000, a TypedArray, DataView, ArrayBuffer, pointer object or null), got a string containing U+0000');
  throwsExact(() => node.functions.identity_ptr('abc'), TypeError,
    'identity_ptr: parameter 0 expects pointer (a bigint, a Buffer, TypedArray, DataView, ArrayBuffer or null), got a string');
  // What the native function checks stays its own message.
  throwsExact(() => bun.symbols.add_i32('1', 2), TypeError,
    'add_i32: parameter 0 expects i32 (a number in the int32 range), got a string');
  throwsExact(() => bun.symbols.identity_ptr({}), TypeError,
    'identity_ptr: parameter 0 expects pointer (a pointer object or null), got an object');
});

test('definitions in another spelling are checked like zerocall\'s', () => {
  const bad = (def) => () => dlopen(fixturePath, { f: def });
  const invalid = (what) => `Invalid definition of 'f': ${what}`;
  throwsExact(bad({ args: ['i33'] }), TypeError, invalid('args[0] is "i33", not a known Bun type'));
  throwsExact(bad({ args: [99] }), TypeError, invalid('args[0] is 99, not a known Bun type'));
  throwsExact(bad({ returns: 'napi_value' }), TypeError, invalid('returns is "napi_value", which zerocall does not support'));
  throwsExact(bad({ arguments: ['i33'] }), TypeError, invalid('arguments[0] is "i33", not a known node:ffi type'));
  throwsExact(bad({ arguments: 'int32' }), TypeError, invalid('arguments must be an array, got "int32"'));
  throwsExact(bad({ args: [], returns: 'i32', threadsafe: true }), TypeError,
    invalid('unknown key "threadsafe" in a Bun definition ({ args, returns })'));
  throwsExact(bad({ arguments: [], returns: 'i32' }), TypeError,
    invalid('unknown key "arguments" in a Bun definition ({ args, returns })'));
  throwsExact(bad({ arguments: [], result: 'i32' }), TypeError,
    invalid('unknown key "result" in a node:ffi definition ({ arguments, return })'));
  throwsExact(bad({ args: ['void'] }), TypeError, invalid('"void" is only valid as a result (parameters[0])'));
  throwsExact(bad({ args: [], optional: 1 }), TypeError, invalid('optional must be a boolean, got 1'));
  // zerocall's own keys work in either spelling.
  const lib = dlopen(fixturePath, { plus: { name: 'add_i32', args: ['i32', 'i32'], returns: 'i32' }, gone: { returns: 'i32', optional: true } });
  assert.equal(lib.symbols.plus(1, 2), 3);
  assert.equal(lib.symbols.gone, null);
  lib.close();
});

test('a nonblocking symbol converts its resolved value', async () => {
  const lib = dlopen(fixturePath, { identity_ptr: { arguments: ['pointer'], return: 'pointer', nonblocking: true } });
  assert.equal(await lib.symbols.identity_ptr(77n), 77n);
  lib.close();
});

test('the same native function and fast path: without converters it is the native function itself, with them optimized calls still take the fast path', () => {
  assert.equal(binding.callPath(bun.symbols.add_i32), fastOff ?? 'fast');
  assert.equal(binding.callPath(node.functions.add_i32), fastOff ?? 'fast');
  const fastEntries = fastOff ? 1 : 0;
  for (const [fn, args, expected] of [
    [bun.symbols.identity_ptr, [0x1234], 0x1234],
    [bun.symbols.first_byte, [new Uint8Array([3])], 3],
    [node.functions.identity_ptr, [0x4321n], 0x4321n],
    [node.functions.first_byte, [Buffer.from([6])], 6],
  ]) {
    const run = optimizedSite(fn, args);
    const { value, error, general } = run(...args);
    assert.equal(error, undefined);
    assert.equal(value, expected);
    assert.equal(general, fastEntries, `${fn.name}(${args}): general-path entries of the optimized call`);
  }
});
