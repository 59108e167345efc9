'use strict';
// Describes a JS value inside an error message, the way the addon does
// (docs/errors.md): primitives by value, everything else by kind.
function describeValue(value) {
  switch (typeof value) {
    case 'undefined': return 'undefined';
    case 'boolean': return String(value);
    case 'number': return String(value);
    case 'bigint': return `${value}n`;
    case 'string': return 'a string';
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
    default: return value === null ? 'null' : 'an object';
  }
}

// A definition's offending entry: strings quoted, the rest as describeValue.
function describeEntry(value) {
  return typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
}

module.exports = { describeValue, describeEntry };
