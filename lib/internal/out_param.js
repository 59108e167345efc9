'use strict';
// Out-parameters: a parameter `{ out: T }` or `{ inout: T }` takes a one-element array.
// C gets the address of a temporary T (new memory each call, initialised from the
// element for `inout`); after the call (for nonblocking symbols: before the Promise
// resolves) the element gets the temporary's value converted as a result of type T
// would be. The native function sees a `buffer` parameter; wrap.js runs prepare() and
// store() around it.
const { binding } = require('./binding');
const { describeValue, describeEntry } = require('./describe');
const { SIZES, READERS, WRITERS } = require('../types/scalars');
const { AggregateType, struct } = require('../types/aggregate');

// The one list of the types an out-parameter may have, by name: how big the temporary
// is and how it is read and written (scalars.js: the results' and arguments' rules).
const OUT_TYPES = new Map(Object.keys(SIZES).map((name) => [name, {
  text: name, size: SIZES[name], read: READERS[name], write: WRITERS[name],
}]));
// `{ out: "cstring" }` (a `char **` C fills): the string C left there, decoded as a
// cstring result is (null for NULL). Not `inout`: no copy of a JS string would outlive
// the call for C to hand back, so there is nothing to write.
OUT_TYPES.set('cstring', {
  text: 'cstring',
  size: 8,
  read(view, at) {
    const address = view.getBigUint64(at, true);
    return address === 0n ? null : binding.getCString(binding.pointerCreate(address), 0, undefined);
  },
  write: null,
});

const isBytes = (v) => ArrayBuffer.isView(v) || v instanceof ArrayBuffer;

// A positional { struct: [...] } as a natural struct with numbered fields (its layout
// is C's, the same one the addon computes).
function positionalRecord(fields) {
  return struct(Object.fromEntries(fields.map((field, i) => [
    `f${i}`, field !== null && typeof field === 'object' && Array.isArray(field.struct) ? positionalRecord(field.struct) : field,
  ])));
}

// A named struct, union or array: its object form, or bytes of its size. A positional
// struct: bytes in (exactly its size), a Uint8Array copy out, as struct results are.
function aggregateRow(type, text, asBytes) {
  return {
    text,
    size: type.size,
    // The temporary is new each call: its bytes can be the value.
    read: asBytes ? (view) => new Uint8Array(view.buffer) : (view) => type.readView(view, 0),
    write(view, at, value, path, label) {
      if (!asBytes) return type.writeView(view, at, value, `${path}${label}`);
      if (!isBytes(value) || value.byteLength !== type.size) {
        throw new TypeError(`${path}${label} expects ${text} (${type.size} bytes), got ${describeValue(value)}`);
      }
      const source = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, type.size);
      new Uint8Array(view.buffer).set(source);
    },
  };
}

// `{ out: T }` / `{ inout: T }` -> its direction, or null for any other type.
function outDirection(type) {
  if (type === null || typeof type !== 'object' || Array.isArray(type) || type instanceof AggregateType) return null;
  if (Object.prototype.hasOwnProperty.call(type, 'out')) return 'out';
  if (Object.prototype.hasOwnProperty.call(type, 'inout')) return 'inout';
  return null;
}

class OutParam {
  #where;
  #expected;
  #row;
  #inout;

  constructor(key, index, direction, row) {
    this.#where = `${key}: parameter ${index}`;
    this.#expected = `{ ${direction}: ${row.text} } (a one-element array)`;
    this.#row = row;
    this.#inout = direction === 'inout';
  }

  // The temporary for one call, after checking the holder: a Uint8Array over memory of
  // its own (off the V8 heap, so its address holds while C runs).
  prepare(holder) {
    this.#check(holder);
    const bytes = new Uint8Array(new ArrayBuffer(this.#row.size));
    if (this.#inout) this.#row.write(new DataView(bytes.buffer), 0, holder[0], this.#where, '[0]');
    return bytes;
  }

  store(holder, bytes) {
    holder[0] = this.#row.read(new DataView(bytes.buffer), 0);
  }

  #check(holder) {
    let problem;
    if (!Array.isArray(holder)) {
      problem = describeValue(holder);
    } else if (holder.length !== 1) {
      problem = `an array of ${holder.length} elements`;
    } else {
      const element = Reflect.getOwnPropertyDescriptor(holder, 0);
      const writable = element === undefined ? Object.isExtensible(holder) : element.writable === true;
      if (writable) return;
      problem = Object.isFrozen(holder) ? 'a frozen array' : 'an array whose element 0 cannot be written';
    }
    throw new TypeError(`${this.#where} expects ${this.#expected}, got ${problem}`);
  }
}

// The OutParam of parameter `index` (`position` names it in a definition error), whose
// type `spec` outDirection() recognised. `invalid(what)` makes the definition's TypeError.
function outParam(key, index, position, spec, direction, invalid) {
  for (const name of Object.keys(spec)) {
    if (name !== direction) throw invalid(`${position} has an unknown key ${JSON.stringify(name)}`);
  }
  const type = spec[direction];
  let row;
  if (type instanceof AggregateType) {
    row = aggregateRow(type, String(type), false);
  } else if (type !== null && typeof type === 'object' && Array.isArray(type.struct) && type.struct.length > 0) {
    let record;
    try {
      record = positionalRecord(type.struct);
    } catch (error) {
      throw invalid(`${position}.${direction}: ${error.message}`);
    }
    row = aggregateRow(record, 'a struct', true);
  } else {
    row = typeof type === 'string' ? OUT_TYPES.get(type) : undefined;
    if (row === undefined) {
      throw invalid(`${position}.${direction} is ${describeEntry(type)}, not a type an out-parameter can have ` +
        '(a scalar, pointer, cstring or struct type)');
    }
    if (direction === 'inout' && row.write === null) {
      throw invalid(`${position} is { inout: ${JSON.stringify(type)} }: C's string cannot start as a JS one; use { out: ${JSON.stringify(type)} }`);
    }
  }
  return new OutParam(key, index, direction, row);
}

module.exports = { outDirection, outParam };
