'use strict';
// struct / union / enum specifiers for the parser (parser.js): members with their
// alignment attributes, packing, bitfields and anonymous members (recorded as the
// record's problem: unsupported where used), enumerators with their values and the
// enum's underlying type.
const ct = require('./ctypes');
const { constantExpression } = require('./const_expr');

function record(p, union, keyword) {
  const bag = {};
  p.attributes(bag);
  const tag = p.peek().type === 'ident' && !p.isAttribute(p.peek()) ? p.next().value : null;
  const key = `${union ? 'union' : 'struct'} ${tag}`;
  let rec = tag ? p.scope.tags.get(key) : undefined;
  if (!p.is('{')) {
    if (!rec) {
      rec = { kind: 'record', union, tag, members: null, line: keyword.line, column: keyword.column };
      p.scope.tags.set(key, rec);
    }
    return rec;
  }
  if (rec && rec.members !== null) throw p.error(`${key} is defined twice`, keyword);
  if (!rec) rec = { kind: 'record', union, tag, members: null };
  Object.assign(rec, { line: keyword.line, column: keyword.column });
  if (tag) {
    p.scope.tags.set(key, rec);
    p.origin(key);
  }
  p.next();
  const members = [];
  while (!p.accept('}')) {
    const spec = p.specifiers();
    if (p.accept(';')) {
      rec.problem ??= ct.unsupported('anonymous struct or union members are not supported', spec.token);
      continue;
    }
    for (;;) {
      const fieldAttrs = { ...spec.attrs };
      const d = p.declarator(fieldAttrs);
      if (p.accept(':')) {
        constantExpression(p);
        rec.problem ??= ct.unsupported('bitfields are not supported', d.token);
      }
      p.attributes(fieldAttrs);
      const type = fieldAttrs.problem || d.apply(spec.type);
      members.push({ name: d.name, type, align: fieldAttrs.aligned, line: d.token.line, column: d.token.column });
      if (p.accept(',')) continue;
      p.expect(';');
      break;
    }
  }
  p.attributes(bag);
  rec.members = members;
  if (bag.packed) rec.pack = 1;
  if (bag.aligned) rec.align = bag.aligned;
  if (bag.problem) rec.problem ??= bag.problem;
  return rec;
}

function enumeration(p, keyword) {
  p.attributes({});
  const tag = p.peek().type === 'ident' ? p.next().value : null;
  const key = `enum ${tag}`;
  if (!p.is('{')) {
    return (tag && p.scope.tags.get(key)) || { kind: 'enum', tag, code: 'i32', values: null, line: keyword.line, column: keyword.column };
  }
  p.next();
  const values = {};
  let next = 0n;
  while (!p.accept('}')) {
    const name = p.next();
    if (name.type !== 'ident') throw p.error(`expected an enumerator name, got ${JSON.stringify(name.value)}`, name);
    p.attributes({});
    if (p.accept('=')) next = constantExpression(p);
    values[name.value] = next;
    p.scope.constants.set(name.value, next);
    p.origin(name.value);
    next += 1n;
    if (!p.accept(',')) {
      p.expect('}');
      break;
    }
  }
  p.attributes({});
  const all = Object.values(values);
  const fits = (lo, hi) => all.every((v) => v >= lo && v <= hi);
  const code = fits(-(2n ** 31n), 2n ** 31n - 1n) ? 'i32' : fits(0n, 2n ** 32n - 1n) ? 'u32' : fits(-(2n ** 63n), 2n ** 63n - 1n) ? 'i64' : 'u64';
  const type = { kind: 'enum', tag, code, values, line: keyword.line, column: keyword.column };
  if (tag) {
    p.scope.tags.set(key, type);
    p.origin(key);
  }
  return type;
}


module.exports = { record, enumeration };
