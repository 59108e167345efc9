'use strict';
// C prototype strings as definitions: "unsigned long crc32(unsigned long crc, const
// unsigned char *buf, unsigned int len)", or a function-pointer type for UnsafeCallback /
// UnsafeFnPointer ("int (*)(const void *, const void *)"). The C name, when it differs
// from the key, is the symbol to bind (as `name`).
const { Parser, newScope } = require('./parser');
const ct = require('./ctypes');
const { AggregateType, byValueProblem } = require('../types/aggregate');

// Text -> { name, cName, type (a function type), token } in `scope` (typedefs of a cdef).
function parsePrototype(text, scope = newScope()) {
  const p = new Parser(text, scope);
  const spec = p.specifiers();
  const d = p.declarator();
  const asm = p.asmName();
  p.attributes({});
  p.accept(';');
  if (p.peek().type !== 'eof') throw p.error(`unexpected ${JSON.stringify(p.peek().value)} after the prototype`);
  let type = d.apply(spec.type);
  if (type.kind === 'pointer' && type.to.kind === 'function') type = type.to;
  if (type.kind !== 'function') throw p.error(`expected a function prototype, got ${ct.describe(type)}`, spec.token);
  return { name: d.name, cName: asm || d.name, type, token: d.token };
}

// A function type -> zerocall's { parameters, result }; throws for what it cannot pass.
function functionDefinition(fn, token) {
  if (fn.variadic) throw new Error('variadic functions (...) are not supported');
  const byValue = (type, position) => {
    const t = ct.valueType(type, token);
    const problem = t instanceof AggregateType ? byValueProblem(t) : null;
    if (problem) throw new Error(`${position} is ${problem}`);
    return t;
  };
  return {
    parameters: fn.params.map((p, i) => byValue(p.type, `parameter ${i}`)),
    result: byValue(fn.result, 'the result'),
  };
}

function prototypeDefinition(key, text, withName) {
  try {
    const proto = parsePrototype(text);
    const definition = functionDefinition(proto.type, proto.token);
    if (withName && proto.cName && proto.cName !== key) definition.name = proto.cName;
    return definition;
  } catch (error) {
    throw new TypeError(`Invalid definition of '${key}': ${error.message} in ${JSON.stringify(text)}`);
  }
}

module.exports = { parsePrototype, functionDefinition, prototypeDefinition };
