'use strict';
// Named aggregate types: struct({ x: 'f64', y: 'f64' }), union({ ... }), array(type, n),
// nested, with packing (struct(fields, { pack: 1 })) and per-field alignment
// ({ type, align: 16 }). A type object knows its size, alignment and field offsets and
// converts between JS values (objects with the field names, arrays as JS arrays) and the
// bytes C sees, in a buffer or through a pointer. By value, a natural struct is the
// positional { struct: [...] } the addon lays out itself (an array field is that many
// fields of its element type); unions and re-aligned structs have no positional form.
const { binding } = require('../internal/binding');
const { describeValue, describeEntry } = require('../internal/describe');
const { SIZES, READERS, WRITERS } = require('./scalars');

const alignUp = (n, a) => Math.ceil(n / a) * a;
const isBytes = (v) => ArrayBuffer.isView(v) || v instanceof ArrayBuffer;

// `where` is a string, or the type itself (named only when there is an error to report).
function checkSize(bytes, size, where) {
  if (bytes.byteLength !== size) throw new TypeError(`${where} expects ${size} bytes, got ${bytes.byteLength}`);
  return bytes;
}

function viewOf(bytes, size, where) {
  checkSize(bytes, size, where);
  return bytes instanceof ArrayBuffer ? new DataView(bytes) : new DataView(bytes.buffer, bytes.byteOffset, size);
}

function copyBytes(view, at, bytes, size, path) {
  const source = viewOf(bytes, size, path);
  new Uint8Array(view.buffer, view.byteOffset + at, size).set(new Uint8Array(source.buffer, source.byteOffset, size));
}

// A field type: a scalar name or another aggregate -> { size, align, read, write }.
function member(type, where) {
  if (type instanceof AggregateType) {
    return {
      type,
      size: type.size,
      align: type.align,
      read: (view, at) => type.readView(view, at),
      write: (view, at, value, path, label) => type.writeView(view, at, value, `${path}${label}`),
    };
  }
  if (typeof type === 'string' && Object.prototype.hasOwnProperty.call(SIZES, type)) {
    return { type, size: SIZES[type], align: SIZES[type], read: READERS[type], write: WRITERS[type] };
  }
  throw new TypeError(`${where} is ${describeEntry(type)}, not a scalar type name or a struct, union or array type`);
}

function positiveInteger(value, what) {
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${what} must be a positive integer, got ${describeEntry(value)}`);
  return value;
}

function powerOfTwo(value, what) {
  positiveInteger(value, what);
  if ((value & (value - 1)) !== 0) throw new TypeError(`${what} must be a power of two, got ${value}`);
  return value;
}

class AggregateType {
  // Bytes (a TypedArray, DataView or ArrayBuffer of exactly `size` bytes) are passed
  // through as they are; anything else is converted field by field into new bytes.
  encode(value, where = this) {
    if (isBytes(value)) return checkSize(value, this.size, where);
    const bytes = new Uint8Array(this.size);
    this.writeView(new DataView(bytes.buffer), 0, value, where);
    return bytes;
  }

  // encode() into the same bytes every time, for by-value arguments of synchronous
  // calls (C has its copy of them before the call returns).
  scratchEncoder(where) {
    const bytes = new Uint8Array(this.size);
    const view = new DataView(bytes.buffer);
    return (value) => {
      if (isBytes(value)) return checkSize(value, this.size, where);
      this.writeView(view, 0, value, where);
      return bytes;
    };
  }

  decode(bytes, where = this) {
    return this.readView(viewOf(bytes, this.size, where), 0);
  }

  // Through a pointer (an UnsafePointer object) or into a buffer, at a byte offset.
  read(pointer, offset = 0) {
    return this.readView(this.#memory(pointer, offset), 0);
  }

  write(pointer, value, offset = 0) {
    this.writeView(this.#memory(pointer, offset), 0, value, this);
  }

  #memory(target, offset) {
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new TypeError(`${this}: offset expects a non-negative integer, got ${describeValue(offset)}`);
    }
    if (isBytes(target)) {
      const buffer = target instanceof ArrayBuffer ? target : target.buffer;
      const start = (target instanceof ArrayBuffer ? 0 : target.byteOffset) + offset;
      if (offset + this.size > target.byteLength) {
        throw new RangeError(`${this}: ${this.size} bytes at offset ${offset} do not fit in ${target.byteLength} bytes`);
      }
      return new DataView(buffer, start, this.size);
    }
    if (target === null || typeof target !== 'object') {
      throw new TypeError(`${this}: expects a non-null pointer object or a buffer, got ${describeValue(target)}`);
    }
    return new DataView(binding.getArrayBuffer(target, this.size, offset));
  }
}

function objectFields(fields, what) {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields) || isBytes(fields)) {
    throw new TypeError(`${what} expects an object of fields, got ${describeValue(fields)}`);
  }
  const names = Object.keys(fields);
  if (names.length === 0) throw new TypeError(`${what} needs at least one field`);
  return names.map((name) => {
    const spec = fields[name];
    const where = `${what} field ${name}`;
    if (spec !== null && typeof spec === 'object' && !(spec instanceof AggregateType)) {
      for (const key of Object.keys(spec)) {
        if (key !== 'type' && key !== 'align') throw new TypeError(`${where} has an unknown key ${JSON.stringify(key)}`);
      }
      const m = member(spec.type, `${where}.type`);
      return { name, label: `.${name}`, ...m, explicitAlign: spec.align === undefined ? 0 : powerOfTwo(spec.align, `${where}.align`) };
    }
    return { name, label: `.${name}`, ...member(spec, where), explicitAlign: 0 };
  });
}

class RecordType extends AggregateType {
  #members;
  #writeFields;
  #readFields;
  #text;

  constructor(kind, fields, options, name) {
    super();
    const what = name ? `${kind} ${name}` : kind;
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new TypeError(`${what}: options must be an object, got ${describeValue(options)}`);
    }
    for (const key of Object.keys(options || {})) {
      if (key !== 'pack' && key !== 'align') throw new TypeError(`${what}: unknown option ${JSON.stringify(key)}`);
    }
    const pack = options && options.pack !== undefined ? powerOfTwo(options.pack, `${what}: pack`) : 0;
    const minAlign = options && options.align !== undefined ? powerOfTwo(options.align, `${what}: align`) : 1;
    const members = objectFields(fields, what);
    let end = 0;
    let align = minAlign;
    // Natural when packing and alignment change nothing: then it has C's plain layout.
    let natural = true;
    let naturalAlign = 1;
    for (const m of members) {
      naturalAlign = Math.max(naturalAlign, m.align);
      let a = pack ? Math.min(m.align, pack) : m.align;
      if (m.explicitAlign > a) a = m.explicitAlign;
      if (a !== m.align || (m.type instanceof AggregateType && !m.type.natural)) natural = false;
      m.offset = kind === 'union' ? 0 : alignUp(end, a);
      end = Math.max(end, m.offset + m.size);
      align = Math.max(align, a);
    }
    if (align !== naturalAlign) natural = false;
    this.#members = members;
    this.#writeFields = this.#compileFieldWriter();
    this.#readFields = this.#compileFieldReader();
    Object.defineProperties(this, {
      kind: { value: kind, enumerable: true },
      name: { value: name || undefined, enumerable: true },
      size: { value: alignUp(end, align), enumerable: true },
      align: { value: align, enumerable: true },
      offsets: { value: Object.freeze(Object.fromEntries(members.map((m) => [m.name, m.offset]))), enumerable: true },
      fields: { value: Object.freeze(Object.fromEntries(members.map((m) => [m.name, m.type]))), enumerable: true },
      natural: { value: natural && kind === 'struct' },
      // What it was made with (bindgen writes it back out).
      options: { value: Object.freeze({ ...(pack ? { pack } : {}), ...(minAlign > 1 ? { align: minAlign } : {}) }) },
      fieldAlign: { value: Object.freeze(Object.fromEntries(members.filter((m) => m.explicitAlign).map((m) => [m.name, m.explicitAlign]))) },
    });
    Object.freeze(this);
  }

  toString() {
    this.#text ??= this.name ? `${this.kind} ${this.name}` : `${this.kind} { ${this.#members.map((m) => `${m.name}: ${m.type}`).join(', ')} }`;
    return this.#text;
  }

  readView(view, at) {
    return this.#readFields(view, at);
  }

  writeView(view, at, value, path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError(`${path} expects ${this} (an object of its fields or ${this.size} bytes), got ${describeValue(value)}`);
    }
    if (isBytes(value)) {
      copyBytes(view, at, value, this.size, path);
      return;
    }
    if (this.kind === 'union') {
      this.#checkKeys(value, path);
      const given = this.#members.filter((m) => value[m.name] !== undefined);
      if (given.length !== 1) throw new TypeError(`${path} expects exactly one field of ${this}, got ${given.length}`);
      new Uint8Array(view.buffer, view.byteOffset + at, this.size).fill(0);
      given[0].write(view, at, value[given[0].name], path, given[0].label);
      return;
    }
    this.#writeFields(view, at, value, path);
    // Every field was given (a missing one failed above): more keys means unknown ones.
    let keys = 0;
    for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) keys++;
    if (keys !== this.#members.length) this.#checkKeys(value, path);
  }

  // The same for reading: an object literal, so that every value has one shape.
  #compileFieldReader() {
    const members = this.#members;
    const body = members.map((m, i) => `${JSON.stringify(m.name)}: r${i}(view, at + ${m.offset})`);
    return new Function(...members.map((_, i) => `r${i}`), `'use strict'; return function (view, at) { return { ${body.join(', ')} }; };`)(
      ...members.map((m) => m.read));
  }

  // One straight-line function per struct type (each field's writer a constant of its
  // own call site, so that optimized code inlines them): ~10x faster than a loop.
  #compileFieldWriter() {
    const members = this.#members;
    const body = members.map((m, i) => `w${i}(view, at + ${m.offset}, value[${JSON.stringify(m.name)}], path, ${JSON.stringify(m.label)});`);
    return new Function(...members.map((_, i) => `w${i}`), `'use strict'; return function (view, at, value, path) { ${body.join(' ')} };`)(
      ...members.map((m) => m.write));
  }

  #checkKeys(value, path) {
    for (const key of Object.keys(value)) {
      if (!Object.prototype.hasOwnProperty.call(this.offsets, key)) throw new TypeError(`${path} has no field ${JSON.stringify(key)}`);
    }
  }

  // The addon's positional form, for passing by value; null when there is none.
  positional() {
    if (!this.natural) return null;
    const out = [];
    for (const m of this.#members) {
      if (m.type instanceof ArrayType) for (let i = 0; i < m.type.length; i++) out.push(m.type.elementPositional());
      else out.push(m.type instanceof AggregateType ? m.type.positional() : m.type);
    }
    return { struct: out };
  }
}

class ArrayType extends AggregateType {
  #element;
  #labels;

  constructor(element, length) {
    super();
    positiveInteger(length, 'array: length');
    const m = member(element, 'array: element');
    this.#element = m;
    this.#labels = Array.from({ length }, (_, i) => `[${i}]`);
    Object.defineProperties(this, {
      kind: { value: 'array', enumerable: true },
      element: { value: element, enumerable: true },
      length: { value: length, enumerable: true },
      size: { value: m.size * length, enumerable: true },
      align: { value: m.align, enumerable: true },
      natural: { value: !(element instanceof AggregateType) || element.natural },
    });
    Object.freeze(this);
  }

  toString() {
    return `${this.element}[${this.length}]`;
  }

  readView(view, at) {
    const out = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.#element.read(view, at + i * this.#element.size);
    return out;
  }

  // A JS array or a TypedArray of exactly `length` elements, or the raw bytes (an
  // ArrayBuffer or DataView of exactly `size` bytes).
  writeView(view, at, value, path) {
    if (value instanceof ArrayBuffer || value instanceof DataView) {
      copyBytes(view, at, value, this.size, path);
      return;
    }
    if (value === null || typeof value !== 'object' || typeof value.length !== 'number' || value.length !== this.length) {
      throw new TypeError(`${path} expects ${this} (${this.length} elements), got ${value !== null && typeof value === 'object' && typeof value.length === 'number' ? `${value.length} elements` : describeValue(value)}`);
    }
    const element = this.#element;
    for (let i = 0; i < this.length; i++) element.write(view, at + i * element.size, value[i], path, this.#labels[i]);
  }

  elementPositional() {
    return this.element instanceof AggregateType ? this.element.positional() : this.element;
  }

  positional() {
    return null;
  }
}

const struct = (fields, options, name) => new RecordType('struct', fields, options, name);
const union = (fields, options, name) => new RecordType('union', fields, options, name);
const array = (element, length) => new ArrayType(element, length);

// Why a type object cannot be passed by value, or null when it can.
function byValueProblem(type) {
  if (type instanceof ArrayType) return 'an array, which C passes as a pointer to its first element (use "pointer")';
  if (type.kind === 'union') return 'a union, which zerocall cannot pass by value (its bytes have no positional struct form): pass a pointer to it';
  if (!type.natural) return 'a packed or re-aligned struct, which zerocall cannot pass by value (the addon lays out structs naturally): pass a pointer to it';
  return null;
}

module.exports = { AggregateType, RecordType, ArrayType, struct, union, array, byValueProblem };
