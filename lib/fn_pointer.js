'use strict';
// UnsafeFnPointer: calls a raw C function pointer with a signature, with the same
// conversions and errors as a dlopen symbol.
const { binding } = require('./internal/binding');
const { parseDefinition, functionOptions, nativeConverters } = require('./internal/definition');
const { wrapNative } = require('./internal/wrap');
const { describeValue } = require('./internal/describe');

class UnsafeFnPointer {
  constructor(pointer, definition) {
    if (pointer === null || typeof pointer !== 'object' || binding.pointerValue(pointer) === 0n) {
      throw new TypeError(`UnsafeFnPointer: pointer expects a non-null pointer object, got ${describeValue(pointer)}`);
    }
    const def = parseDefinition('UnsafeFnPointer', definition, { allowStatic: false });
    this.pointer = pointer;
    this.definition = definition;
    // The native function itself (or a converting wrapper TurboFan inlines), so optimized
    // code calls it directly.
    const native = binding.makeFunction(functionOptions('UnsafeFnPointer', pointer, def));
    const { args, result, outs } = nativeConverters('UnsafeFnPointer', def);
    Object.defineProperty(this, 'call', {
      value: wrapNative(native, 'call', args, result, def.nonblocking, outs, def.resultBuffer),
      writable: false,
      enumerable: false,
    });
  }
}

module.exports = { UnsafeFnPointer };
