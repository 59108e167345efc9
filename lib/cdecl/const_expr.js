'use strict';
// Integer constant expressions of C (array lengths, enumerator values, aligned(N),
// #define bodies), evaluated exactly with BigInt: literals, enumerators and earlier
// constants, sizeof / _Alignof of a type, casts to integer types, and C's unary,
// binary and conditional operators.
const { sizeAlign, describe } = require('./ctypes');

const BINARY = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
  '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
const SIZEOF = new Set(['sizeof']);
const ALIGNOF = new Set(['_Alignof', '__alignof__', '__alignof', 'alignof']);

const truth = (b) => (b ? 1n : 0n);

function integerLiteral(p, token) {
  const text = token.value.replace(/[uUlL]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(text) || /^0[bB][01]+$/.test(text) || /^[1-9]\d*$|^0$/.test(text)) return BigInt(text);
  if (/^0[0-7]+$/.test(text)) return BigInt(`0o${text.slice(1)}`);
  throw p.error(`${token.value} is not an integer constant`, token);
}

const ESCAPES = { n: 10, t: 9, r: 13, 0: 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11, '?': 63 };
function charLiteral(p, token) {
  const body = token.value.replace(/^L?'|'$/g, '');
  if (body.length === 1) return BigInt(body.charCodeAt(0));
  if (body[0] === '\\') {
    if (body[1] === 'x') return BigInt(`0x${body.slice(2)}`);
    if (/^\\[0-7]{1,3}$/.test(body)) return BigInt(`0o${body.slice(1)}`);
    if (body.length === 2 && body[1] in ESCAPES) return BigInt(ESCAPES[body[1]]);
  }
  throw p.error(`unsupported character constant ${token.value}`, token);
}

function castTo(p, type, value, token) {
  if (type.kind === 'enum') return BigInt.asIntN(32, value);
  if (type.kind !== 'scalar' || type.code === 'f32' || type.code === 'f64') {
    throw p.error(`a cast to ${describe(type)} is not an integer constant`, token);
  }
  if (type.code === 'bool') return truth(value !== 0n);
  const bits = type.size * 8;
  return type.code[0] === 'i' ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value);
}

function unary(p) {
  const token = p.peek();
  if (token.type === 'punct') {
    switch (token.value) {
      case '-': p.next(); return -unary(p);
      case '+': p.next(); return unary(p);
      case '~': p.next(); return ~unary(p);
      case '!': p.next(); return truth(unary(p) === 0n);
      case '(':
        if (p.startsTypeName(p.peek(1))) {
          p.next();
          const type = p.typeName();
          p.expect(')');
          return castTo(p, type, unary(p), token);
        }
        p.next();
        {
          const value = conditional(p);
          p.expect(')');
          return value;
        }
      default:
    }
  }
  if (token.type === 'ident' && (SIZEOF.has(token.value) || ALIGNOF.has(token.value))) {
    p.next();
    p.expect('(');
    if (!p.startsTypeName(p.peek())) throw p.error(`${token.value} of an expression is not supported: give a type`, p.peek());
    const type = p.typeName();
    p.expect(')');
    const { size, align } = sizeAlign(type, token);
    return BigInt(SIZEOF.has(token.value) ? size : align);
  }
  return primary(p);
}

function primary(p) {
  const token = p.next();
  if (token.type === 'number') return integerLiteral(p, token);
  if (token.type === 'char') return charLiteral(p, token);
  if (token.type === 'ident') {
    const value = p.scope.constants.get(token.value);
    if (value === undefined) throw p.error(`${token.value} is not a known constant`, token);
    return value;
  }
  throw p.error(`expected a constant expression, got ${JSON.stringify(token.value || 'the end')}`, token);
}

function apply(p, op, a, b, token) {
  switch (op) {
    case '||': return truth(a !== 0n || b !== 0n);
    case '&&': return truth(a !== 0n && b !== 0n);
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return truth(a === b);
    case '!=': return truth(a !== b);
    case '<': return truth(a < b);
    case '>': return truth(a > b);
    case '<=': return truth(a <= b);
    case '>=': return truth(a >= b);
    case '<<': return a << b;
    case '>>': return a >> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    default:
      if (b === 0n) throw p.error('division by zero in a constant expression', token);
      return op === '/' ? a / b : a % b;
  }
}

function binary(p, minPrecedence) {
  let left = unary(p);
  for (;;) {
    const token = p.peek();
    const precedence = token.type === 'punct' ? BINARY[token.value] : undefined;
    if (precedence === undefined || precedence < minPrecedence) return left;
    p.next();
    const right = binary(p, precedence + 1);
    left = apply(p, token.value, left, right, token);
  }
}

function conditional(p) {
  const test = binary(p, 1);
  if (!p.accept('?')) return test;
  const a = conditional(p);
  p.expect(':');
  const b = conditional(p);
  return test !== 0n ? a : b;
}

module.exports = { constantExpression: conditional };
