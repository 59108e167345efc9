'use strict';
// bindgen: a C header -> a TypeScript (or JavaScript) module that opens the library and
// exports its symbols, types and constants, parsed by the same parser as cdef. The
// system preprocessor (cc -E -dD) runs when there is one, else the header is read as it
// is. What cannot be bound is left out with a comment saying why, and so are symbols the
// library does not have.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { declarations } = require('./cdecl/cdef');
const { AggregateType, ArrayType } = require('./types/aggregate');
const { openFlags } = require('./library');
const { binding } = require('./internal/binding');

// The header's text, preprocessed when a C compiler is there. `header` is a file, or a
// name to #include (<sqlite3.h>, sqlite3.h) when no such file exists.
function headerText(header, cc = process.env.CC || 'cc') {
  const isFile = fs.existsSync(header);
  const source = isFile ? `#include "${path.resolve(header)}"\n` : `#include <${header.replace(/^<|>$/g, '')}>\n`;
  const r = spawnSync(cc, ['-E', '-dD', '-x', 'c', '-'], { input: source, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error && r.error.code === 'ENOENT') {
    if (!isFile) throw new Error(`${header} is not a file and there is no C compiler (${cc}) to find it`);
    return { text: fs.readFileSync(header, 'utf8'), file: null };
  }
  if (r.status !== 0) throw new Error(`${cc} -E failed for ${header}:\n${r.stderr}`);
  // The file the declarations to export come from (the first line marker naming it).
  const base = path.basename(header.replace(/^<|>$/g, ''));
  const marker = new RegExp(`^# \\d+ "([^"]*${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})"`, 'm').exec(r.stdout);
  return { text: r.stdout, file: marker ? marker[1] : null };
}

const js = (value) => (typeof value === 'bigint' ? `${value}n` : JSON.stringify(value));
const identifier = (name) => name.replace(/^(struct|union|enum) /, '$1_').replace(/\W/g, '_');

// Emits aggregate types as consts in dependency order; -> a function giving a type's expression.
function typeEmitter(lines) {
  const names = new Map();
  const expression = (type) => {
    if (!(type instanceof AggregateType)) return js(type);
    if (names.has(type)) return names.get(type);
    if (type instanceof ArrayType) return `array(${expression(type.element)}, ${type.length})`;
    const fields = Object.entries(type.fields).map(([k, t]) => {
      const explicit = type.fieldAlign[k];
      return `${js(k)}: ${explicit ? `{ type: ${expression(t)}, align: ${explicit} }` : expression(t)}`;
    });
    const options = `, ${JSON.stringify(type.options).replace(/"(\w+)":/g, '$1: ')}`;
    return `${type.kind}({ ${fields.join(', ')} }${options}${type.name ? `, ${js(type.name)}` : ''})`;
  };
  const declare = (name, type) => {
    if (!(type instanceof AggregateType) || type instanceof ArrayType) return null;
    if (names.has(type)) return names.get(type);
    for (let t of Object.values(type.fields)) {
      while (t instanceof ArrayType) t = t.element;
      if (t instanceof AggregateType && t.name) declare(`${t.kind} ${t.name}`, t);  // unnamed ones are inlined
    }
    const id = identifier(name);
    lines.push(`export const ${id} = ${expression(type)};`);
    names.set(type, id);
    return id;
  };
  return { expression, declare };
}

function definitionText(def, expression) {
  if (def.type !== undefined) return `{ ${def.name ? `name: ${js(def.name)}, ` : ''}type: ${expression(def.type)} }`;
  return `{ ${def.name ? `name: ${js(def.name)}, ` : ''}parameters: [${def.parameters.map(expression).join(', ')}], result: ${expression(def.result)} }`;
}

// -> the module's text. options: { header, library, prefixes: [], typescript: true, cc }
function generate({ header, library, prefixes = [], typescript = true, cc }) {
  const { text, file } = headerText(header, cc);
  const d = declarations(text);
  const wanted = (name) => (prefixes.length ? prefixes.some((p) => name.replace(/^(struct|union|enum) /, '').startsWith(p))
    : file === null || d.origins.get(name) === file);
  const handle = binding.open(library, openFlags());
  const lines = [];
  const notes = [];
  const { expression, declare } = typeEmitter(lines);
  const asConst = typescript ? ' as const' : '';
  try {
    const symbols = [];
    for (const [name, def] of Object.entries(d.symbols)) {
      if (!wanted(name)) continue;
      if (binding.findSymbol(handle, def.name || name, true) === null) {
        notes.push(`//   ${name}: not in ${library}`);
        continue;
      }
      for (const t of [...(def.parameters || []), def.result, def.type]) if (t instanceof AggregateType) declare(t.name || `${name}_type`, t);
      symbols.push(`  ${js(name)}: ${definitionText(def, expression)},`);
    }
    const types = [];
    for (const [name, type] of Object.entries(d.types)) {
      if (!wanted(name)) continue;
      if (type instanceof AggregateType) types.push(`  ${js(name)}: ${declare(name, type) || expression(type)},`);
      else if (typeof type === 'string') types.push(`  ${js(name)}: ${js(type)},`);
      else if (Array.isArray(type.parameters)) types.push(`  ${js(name)}: ${definitionText(type, expression)},`);
      else types.push(`  ${js(name)}: Object.freeze(${js(type)}${asConst}),`);
    }
    for (const [name, why] of Object.entries(d.skipped)) if (wanted(name.replace(/^type /, ''))) notes.push(`//   ${name}: ${why}`);
    const constants = Object.entries(d.constants).filter(([n]) => wanted(n)).map(([n, v]) => `  ${js(n)}: ${js(v)},`);
    return [
      `// Generated by \`zerocall bindgen ${header} --library ${library}${prefixes.map((p) => ` --include-prefix ${p}`).join('')}\`.`,
      'import { dlopen, struct, union, array } from "zerocall";',
      typescript ? '// Keeps the imports used whichever of them the header needs.\nvoid struct; void union; void array;' : 'void struct; void union; void array;',
      '',
      ...lines,
      '',
      `export const types = {\n${types.join('\n')}\n}${asConst};`,
      '',
      `export const constants = {\n${constants.join('\n')}\n}${asConst};`,
      '',
      `export const library = dlopen(${js(library)}, {\n${symbols.join('\n')}\n}${asConst});`,
      'export const symbols = library.symbols;',
      ...(notes.length ? ['', '// Not bound:', ...notes] : []),
      '',
    ].join('\n');
  } finally {
    binding.close(handle);
  }
}

module.exports = { generate, headerText };
