'use strict';
// A parser of C declarations (C11 with the GNU extensions preprocessed system headers
// carry): function prototypes, variables, typedefs, struct / union / enum definitions,
// declarators of any nesting (function pointers returning function pointers, arrays of
// pointers), #define integer constants. Function bodies (static inline helpers) are
// skipped; __attribute__ is read where it changes a layout (aligned, packed) and
// skipped elsewhere; __asm__("name") renames the symbol. It collects into `scope`:
// typedefs, tags, constants, functions and variables (see newScope).
const { tokenize, cdeclError } = require('./lexer');
const ct = require('./ctypes');
const { constantExpression } = require('./const_expr');
const records = require('./records');
const directives = require('./directives');

const STORAGE = new Set(['typedef', 'extern', 'static', 'auto', 'register', '_Thread_local', '__thread', 'thread_local']);
const QUALIFIERS = new Set(['const', 'volatile', 'restrict', '__restrict', '__restrict__', '__const', '__volatile',
  '__volatile__', '_Atomic', 'inline', '__inline', '__inline__', '_Noreturn', 'noreturn', '__extension__',
  '_Nonnull', '_Nullable', '_Null_unspecified']);
const BASIC = new Set(['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', '_Bool',
  '_Complex', '__complex__', '__signed__', '__signed']);
const UNSUPPORTED_TYPES = new Set(['__int128', '__int128_t', '__uint128_t', '_Float16', '_Float32', '_Float64',
  '_Float128', '_Float32x', '_Float64x', '_Float128x', '__float128', '__float80', '__fp16', '__bf16',
  '_Decimal32', '_Decimal64', '_Decimal128', '__builtin_va_list', '__auto_type', 'typeof', '__typeof__', '__typeof']);
const ATTRIBUTE = new Set(['__attribute__', '__attribute']);
const ASM = new Set(['__asm__', '__asm', 'asm']);
// What a word is to specifiers(), in one lookup (each identifier of a prototype asks).
const WORD_KIND = new Map([
  ...[...ATTRIBUTE, '_Alignas', 'alignas', '__declspec'].map((w) => [w, 'attribute']),
  ...[...STORAGE].map((w) => [w, 'storage']),
  ...[...QUALIFIERS].map((w) => [w, 'qualifier']),
  ...[...BASIC].map((w) => [w, 'basic']),
  ...[...UNSUPPORTED_TYPES].map((w) => [w, 'unsupported']),
  ...['struct', 'union', 'enum'].map((w) => [w, 'tag']),
]);

function newScope() {
  return {
    typedefs: new Map(), tags: new Map(), constants: new Map(), functions: [], variables: [], typedefNames: [],
    // The file each name was declared in, from the line markers of `cc -E` output.
    file: null, origins: new Map(),
  };
}

class Parser {
  constructor(text, scope = newScope()) {
    // Directives are set aside with the position where they stood, and run between
    // declarations (one inside a struct, as `cc -E -dD` leaves them, runs after it).
    this.directives = [];
    this.tokens = tokenize(text, this.directives);
    this.nextDirective = 0;
    this.i = 0;
    this.scope = scope;
  }

  runDirectives(upTo) {
    while (this.nextDirective < this.directives.length && this.directives[this.nextDirective].at <= upTo) {
      this.directive(this.directives[this.nextDirective++].token);
    }
  }

  peek(ahead = 0) {
    // next() never passes the eof token, so the current one needs no bound.
    return ahead === 0 ? this.tokens[this.i] : this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }
  next() { const t = this.tokens[this.i]; if (this.i < this.tokens.length - 1) this.i++; return t; }
  error(message, token = this.peek()) { return cdeclError(message, token.line, token.column); }
  is(value, token = this.peek()) { return (token.type === 'punct' || token.type === 'ident') && token.value === value; }
  accept(value) { if (this.is(value)) { this.next(); return true; } return false; }

  expect(value) {
    if (!this.accept(value)) {
      const t = this.peek();
      throw this.error(`expected "${value}", got ${t.type === 'eof' ? 'the end' : JSON.stringify(t.value)}`, t);
    }
  }

  // Skips a balanced (...), [...] or {...} group starting at the current token.
  skipGroup() {
    const open = this.next();
    const close = { '(': ')', '[': ']', '{': '}' }[open.value];
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.type === 'eof') throw this.error(`unclosed "${open.value}"`, open);
      if (t.type === 'punct' && t.value === open.value) depth++;
      else if (t.type === 'punct' && t.value === close) depth--;
    }
  }

  startsTypeName(t) {
    if (t.type !== 'ident') return false;
    const v = t.value;
    return BASIC.has(v) || QUALIFIERS.has(v) || UNSUPPORTED_TYPES.has(v) || v === 'struct' || v === 'union' ||
      v === 'enum' || this.scope.typedefs.has(v) || Object.prototype.hasOwnProperty.call(ct.PREDEFINED, v);
  }

  // Notes where `name` was declared (when line markers say so).
  origin(name) {
    if (this.scope.file !== null) this.scope.origins.set(name, this.scope.file);
  }

  isAttribute(t) { return t.type === 'ident' && ATTRIBUTE.has(t.value); }

  typedefType(name) {
    return this.scope.typedefs.get(name) || (Object.prototype.hasOwnProperty.call(ct.PREDEFINED, name) ? ct.PREDEFINED[name] : undefined);
  }

  // __attribute__((...)) groups, and __declspec / _Alignas; what matters for layouts
  // goes into `bag` (aligned, packed, a problem).
  attributes(bag) {
    for (;;) {
      const t = this.peek();
      if (t.type !== 'ident') return;
      if (ATTRIBUTE.has(t.value)) {
        this.next();
        this.expect('(');
        this.expect('(');
        while (!this.accept(')')) {
          if (this.accept(',')) continue;
          const name = this.next();
          const id = name.value.replace(/^__(.*)__$/, '$1');
          if (id === 'aligned') {
            if (this.is('(')) bag.aligned = this.guarded(() => Number(constantExpression(this)), bag, name);
            else bag.aligned = 16;
          } else {
            if (id === 'packed') bag.packed = true;
            if (id === 'mode' || id === 'vector_size') bag.problem ??= ct.unsupported(`__attribute__((${id})) is not supported`, name);
            if (this.is('(')) this.skipGroup();
          }
        }
        this.expect(')');
      } else if (t.value === '_Alignas' || t.value === 'alignas') {
        this.next();
        this.expect('(');
        bag.aligned = this.startsTypeName(this.peek()) ? ct.sizeAlign(this.typeName(), t).align : Number(constantExpression(this));
        this.expect(')');
      } else if (t.value === '__declspec') {
        this.next();
        this.skipGroup();
      } else return;
    }
  }

  // -> { type, storage, attrs, token }
  specifiers() {
    const token = this.peek();
    const counts = {};
    let basic = 0;
    let spelled = '';
    let named = null;
    let storage = null;
    const attrs = {};
    for (;;) {
      const t = this.peek();
      if (t.type !== 'ident') break;
      const v = t.value;
      const kind = WORD_KIND.get(v);  // undefined: a name (a typedef's, or the declarator's)
      if (kind === 'attribute') {
        this.attributes(attrs);
        continue;
      }
      if (kind === 'storage') {
        storage = v;
      } else if (kind === 'qualifier') {
        // const, volatile, restrict, inline, __extension__...: no change to the type's layout
      } else if (kind === 'basic') {
        const id = v === '__complex__' || v === '_Complex' ? 'complex' : v === '_Bool' ? 'bool' : v === '__signed__' || v === '__signed' ? 'signed' : v;
        counts[id] = (counts[id] || 0) + 1;
        spelled = basic++ === 0 ? id : `${spelled} ${id}`;
      } else if (kind === 'unsupported') {
        named = ct.unsupported(`${v === '__builtin_va_list' ? 'va_list' : v} is not supported`, t);
        if (this.is('(', this.peek(1))) {
          this.next();
          this.skipGroup();
          continue;
        }
      } else if (kind === 'tag') {
        this.next();
        named = v === 'enum' ? this.enumeration(t) : this.record(v === 'union', t);
        continue;
      } else if (kind === undefined && named === null && basic === 0 && (named = this.typedefType(v) ?? null) !== null) {
        // a typedef name
      } else {
        break;
      }
      this.next();
    }
    let type = named || (basic === 0 ? null : ct.fromSpecifiers(counts, token, spelled));
    if (type === null) throw this.error(`expected a type, got ${JSON.stringify(this.peek().value || 'the end')}`, this.peek());
    if (named && basic > 0) throw this.error('a type name cannot be combined with basic type keywords', token);
    if (attrs.problem) type = attrs.problem;
    return { type, storage, attrs, token };
  }

  isNestedDeclarator() {
    const t = this.peek(1);
    if (t.type === 'punct') return t.value === '*' || t.value === '(' || t.value === '^';
    return t.type === 'ident' && (ATTRIBUTE.has(t.value) || !this.startsTypeName(t));
  }

  // -> { name, token, apply(base) -> type }; `name` is null for an abstract declarator.
  declarator(attrs = {}) {
    let pointers = 0;
    for (;;) {
      if (this.accept('*')) pointers++;
      else if (this.peek().type === 'ident' && QUALIFIERS.has(this.peek().value)) this.next();
      else if (this.peek().type === 'ident' && ATTRIBUTE.has(this.peek().value)) this.attributes(attrs);
      else break;
    }
    if (this.is('^')) throw this.error('blocks (^) are not supported');
    let inner = null;
    let name = null;
    const token = this.peek();
    if (this.is('(') && this.isNestedDeclarator()) {
      this.next();
      this.attributes(attrs);
      inner = this.declarator(attrs);
      this.expect(')');
    } else if (token.type === 'ident' && !ATTRIBUTE.has(token.value) && !ASM.has(token.value)) {
      name = this.next().value;
    }
    const suffixes = [];
    for (;;) {
      if (this.is('[')) suffixes.push(this.arraySuffix());
      else if (this.accept('(')) suffixes.push(this.parameters());
      else break;
    }
    return {
      name: inner ? inner.name : name,
      token: inner ? inner.token : token,
      apply(base) {
        let t = base;
        for (let k = 0; k < pointers; k++) t = ct.pointer(t);
        for (let k = suffixes.length - 1; k >= 0; k--) {
          const s = suffixes[k];
          if (s.kind === 'array') t = s.problem || (t.kind === 'unsupported' ? t : ct.arrayOf(t, s.length));
          else t = ct.func(t, s.params, s.variadic);
        }
        return inner ? inner.apply(t) : t;
      },
    };
  }

  // Evaluates `read` over the (...) or [...] group at the current token. A value zerocall
  // cannot compute (sizeof of an unsupported type) becomes bag.problem, so that only what
  // uses it is unsupported, not the whole text. -> the value, or undefined.
  guarded(read, bag, at) {
    const start = this.i;
    const close = this.is('(') ? ')' : ']';
    this.next();
    try {
      const value = read();
      this.expect(close);
      return value;
    } catch (error) {
      if (!error.unsupportedType) throw error;
      this.i = start;
      this.skipGroup();
      bag.problem ??= ct.unsupported(error.message.replace(/ \(line \d+, column \d+\)$/, ''), at);
      return undefined;
    }
  }

  arraySuffix() {
    const open = this.peek();
    if (this.is(']', this.peek(1))) {
      this.next();
      this.next();
      return { kind: 'array', length: null };
    }
    const bag = {};
    const length = this.guarded(() => {
      while (this.peek().type === 'ident' && (QUALIFIERS.has(this.peek().value) || this.peek().value === 'static')) this.next();
      return Number(constantExpression(this));
    }, bag, open);
    return { kind: 'array', length, problem: bag.problem };
  }

  // After "(": -> { kind: 'function', params: [{ name, type }], variadic }. "()" is
  // read as "(void)", as C23 does.
  parameters() {
    const params = [];
    let variadic = false;
    if (this.accept(')')) return { kind: 'function', params, variadic };
    if (this.is('void') && this.is(')', this.peek(1))) {
      this.next();
      this.next();
      return { kind: 'function', params, variadic };
    }
    for (;;) {
      if (this.accept('...')) {
        variadic = true;
        this.expect(')');
        break;
      }
      const spec = this.specifiers();
      const d = this.declarator();
      this.attributes({});
      let type = d.apply(spec.type);
      if (type.kind === 'array') type = ct.pointer(type.of);
      else if (type.kind === 'function') type = ct.pointer(type);
      params.push({ name: d.name, type });
      if (this.accept(',')) continue;
      this.expect(')');
      break;
    }
    return { kind: 'function', params, variadic };
  }

  typeName() {
    const spec = this.specifiers();
    return this.declarator().apply(spec.type);
  }

  record(union, keyword) { return records.record(this, union, keyword); }
  enumeration(keyword) { return records.enumeration(this, keyword); }
  directive(token) { directives.directive(this, token); }
  define(name, body) { return directives.define(this, name, body); }

  // __asm__("" "name") after a declarator: the symbol's real name.
  asmName() {
    if (!(this.peek().type === 'ident' && ASM.has(this.peek().value))) return null;
    this.next();
    this.expect('(');
    let name = '';
    while (this.peek().type === 'string') name += JSON.parse(this.next().value.replace(/^L/, ''));
    this.expect(')');
    return name;
  }

  translationUnit() {
    for (;;) {
      this.runDirectives(this.i);
      if (this.peek().type === 'eof') break;
      if (!this.accept(';')) this.externalDeclaration();
    }
    for (const [name, body] of this.scope.laterDefines || []) this.define(name, body);
    return this.scope;
  }

  externalDeclaration() {
    if (this.is('_Static_assert') || this.is('static_assert')) {
      this.next();
      this.skipGroup();
      this.expect(';');
      return;
    }
    const spec = this.specifiers();
    if (this.accept(';')) return;
    for (;;) {
      const attrs = {};
      const d = this.declarator(attrs);
      if (d.name === null) throw this.error('expected a name in this declaration', d.token);
      const asm = this.asmName();
      this.attributes(attrs);
      if (this.is('{')) {
        this.skipGroup();  // a function body: an inline helper, not a symbol of the library
        return;
      }
      if (this.accept('=')) this.skipInitializer();
      this.declare(spec, d, asm, attrs);
      if (this.accept(',')) continue;
      this.expect(';');
      return;
    }
  }

  skipInitializer() {
    while (!this.is(',') && !this.is(';')) {
      if (this.peek().type === 'eof') throw this.error('unterminated initializer');
      if (this.is('(') || this.is('{') || this.is('[')) this.skipGroup();
      else this.next();
    }
  }

  declare(spec, d, asm, attrs) {
    let type = d.apply(spec.type);
    const at = { line: d.token.line, column: d.token.column };
    if (spec.storage === 'typedef') {
      if (attrs.problem) type = attrs.problem;
      else if (attrs.aligned && type.kind !== 'record') type = ct.unsupported('an aligned typedef is not supported', at);
      const predefined = Object.prototype.hasOwnProperty.call(ct.PREDEFINED, d.name) ? ct.PREDEFINED[d.name] : undefined;
      // stdint / stddef names keep their own meaning (size_t stays usize), if the sizes agree.
      if (predefined && !(type.kind === 'scalar' && type.size === predefined.size)) {
        throw cdeclError(`typedef ${d.name} does not match the platform's ${d.name}`, at.line, at.column);
      }
      if (!this.scope.typedefs.has(d.name)) this.scope.typedefNames.push(d.name);
      this.scope.typedefs.set(d.name, predefined || type);
      this.origin(d.name);
    } else if (spec.storage !== 'static') {
      const entry = { name: d.name, cName: asm || d.name, type, ...at };
      (type.kind === 'function' ? this.scope.functions : this.scope.variables).push(entry);
      this.origin(d.name);
    }
  }
}

module.exports = { Parser, newScope };
