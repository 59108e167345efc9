'use strict';
// UnsafeFnPointer: calls a raw C function pointer with a signature, with the same
// conversions and errors as a dlopen symbol.
const { binding } = require('./internal/binding');
const { parseDefinition, functionOptions } = require('./internal/definition');
const { describeValue } = require('./internal/describe');

class UnsafeFnPointer {
  constructor(pointer, definition) {
    if (pointer === null || typeof pointer !== 'object' || binding.pointerValue(pointer) === 0n) {
      throw new TypeError(`UnsafeFnPointer: pointer expects a non-null pointer object, got ${describeValue(pointer)}`);
    }
    const def = parseDefinition('UnsafeFnPointer', definition, { allowStatic: false });
    this.pointer = pointer;
    this.definition = definition;
    // The native function itself, so optimized code can call it directly.
    Object.defineProperty(this, 'call', {
      value: binding.makeFunction(functionOptions('UnsafeFnPointer', pointer, def)),
      writable: false,
      enumerable: false,
    });
  }
}

module.exports = { UnsafeFnPointer };
