// flags: --allow-natives-syntax --no-lazy-feedback-allocation
'use strict';
// getCString's optional bound, maxByteLength: the read stops at the first NUL or after
// that many bytes; UTF-8 errors (also a sequence the bound cuts) become U+FFFD. The
// same results and errors from the instance and the static form, cold and optimized.
const test = require('node:test');
const assert = require('node:assert/strict');
const { UnsafePointer, UnsafePointerView } = require('zerocall');
const { throwsExact } = require('../support/assert.js');

const utf8 = (text) => new TextEncoder().encode(text);
// "héllo\0wörld" and, apart, four bytes with no NUL anywhere after them in the array.
const text = new Uint8Array([...utf8('héllo'), 0, ...utf8('wörld'), 0]);
const noNul = utf8('abcd');
const invalid = new Uint8Array([0x61, 0xff, 0x62, 0]);
// (The last test uses these arrays: a pointer does not keep its memory alive.)
const p = UnsafePointer.of(text);

// [pointer, offset, maxByteLength, expected]
const READS = [
  [p, 0, undefined, 'héllo'],
  [p, 0, 100, 'héllo'],           // the NUL comes first
  [p, 0, 6, 'héllo'],             // exactly the string's bytes
  [p, 0, 3, 'hé'],
  [p, 0, 2, 'h\ufffd'],           // the bound cuts é's two bytes
  [p, 0, 1, 'h'],
  [p, 0, 0, ''],
  [p, 0, -0, ''],
  [p, 7, undefined, 'wörld'],
  [p, 7, 4, 'wör'],
  [p, 6, 5, ''],                  // starts at the NUL
  [UnsafePointer.of(noNul), 0, 4, 'abcd'],  // no NUL within the bound: nothing past it is read
  [UnsafePointer.of(noNul), 1, 2, 'bc'],
  [UnsafePointer.of(invalid), 0, undefined, 'a\ufffdb'],
  [UnsafePointer.of(invalid), 0, 2, 'a\ufffd'],
];

const BAD_BOUNDS = [[-1, '-1'], [1.5, '1.5'], [NaN, 'NaN'], [Infinity, 'Infinity'], [2 ** 53, '9007199254740992'],
  ['3', 'a string'], [3n, '3n'], [null, 'null'], [{}, 'an object']];
const boundMessage = (got) =>
  `UnsafePointerView.getCString: maxByteLength expects a non-negative integral number, got ${got}`;

let siteId = 0;
function sites() {
  const make = (body) => {
    const site = new Function('View', `/* site ${siteId++} */ return function (p, o, n) { ${body} };`)(UnsafePointerView);
    %PrepareFunctionForOptimization(site);
    return site;
  };
  return {
    instance: make('return new View(p).getCString(o, n);'),
    statics: make('return View.getCString(p, o, n);'),
  };
}

test('getCString(offset, maxByteLength): exact strings, instance and static', () => {
  for (const [pointer, offset, bound, expected] of READS) {
    assert.equal(new UnsafePointerView(pointer).getCString(offset, bound), expected, `${offset}, ${bound}`);
    assert.equal(UnsafePointerView.getCString(pointer, offset, bound), expected, `static ${offset}, ${bound}`);
  }
  // Left out, both bounds are unbounded reads from offset 0.
  assert.equal(new UnsafePointerView(p).getCString(), 'héllo');
  assert.equal(UnsafePointerView.getCString(p), 'héllo');
});

test('getCString: the same strings and errors optimized', () => {
  for (const [name, site] of Object.entries(sites())) {
    for (let round = 0; round < 2; round++) {
      for (const [pointer, offset, bound, expected] of READS) {
        assert.equal(site(pointer, offset, bound), expected, `${name} round ${round}: ${offset}, ${bound}`);
      }
      for (const [bound, got] of BAD_BOUNDS) {
        throwsExact(() => site(p, 0, bound), TypeError, boundMessage(got));
      }
      // The pointer and the offset are checked before the bound.
      throwsExact(() => site(null, 0, -1), TypeError,
        'UnsafePointerView.getCString: expects a non-null pointer object, got null');
      throwsExact(() => site(p, 0.5, -1), TypeError,
        'UnsafePointerView.getCString: offset expects an integral number, got 0.5');
      %OptimizeFunctionOnNextCall(site);
    }
  }
});

test('getCString: a bad maxByteLength is a TypeError, cold', () => {
  for (const [bound, got] of BAD_BOUNDS) {
    throwsExact(() => new UnsafePointerView(p).getCString(0, bound), TypeError, boundMessage(got));
    throwsExact(() => UnsafePointerView.getCString(p, 0, bound), TypeError, boundMessage(got));
  }
});

test('getCString reads and never writes', () => {
  assert.deepEqual([...text], [...utf8('héllo'), 0, ...utf8('wörld'), 0]);
  assert.deepEqual([...noNul], [0x61, 0x62, 0x63, 0x64]);
  assert.deepEqual([...invalid], [0x61, 0xff, 0x62, 0]);
});
