#!/usr/bin/env node
'use strict';
// zerocall's command line: `zerocall bindgen <header.h> --library <soname>
// [--out file.ts|file.js] [--include-prefix prefix]...` writes a module that opens the
// library and exports its typed symbols, types and constants (lib/bindgen.js).
const fs = require('fs');

const USAGE = 'usage: zerocall bindgen <header.h> --library <soname> [--out file.ts|file.js] [--include-prefix prefix]...';

function parseArguments(argv) {
  const [command, ...rest] = argv;
  if (command !== 'bindgen') throw new Error(command === undefined ? USAGE : `unknown command ${JSON.stringify(command)}\n${USAGE}`);
  const options = { prefixes: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      if (i + 1 >= rest.length) throw new Error(`${arg} needs a value\n${USAGE}`);
      return rest[++i];
    };
    if (arg === '--library') options.library = value();
    else if (arg === '--out') options.out = value();
    else if (arg === '--include-prefix') options.prefixes.push(value());
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else if (options.header === undefined) options.header = arg;
    else throw new Error(`one header only, got ${JSON.stringify(arg)} too\n${USAGE}`);
  }
  if (options.header === undefined || options.library === undefined) throw new Error(USAGE);
  return options;
}

function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  try {
    const { generate } = require('../lib/bindgen');
    const typescript = !(options.out && /\.[cm]?js$/.test(options.out));
    const text = generate({ ...options, typescript });
    if (options.out) fs.writeFileSync(options.out, text);
    else process.stdout.write(text);
    return 0;
  } catch (error) {
    process.stderr.write(`zerocall bindgen: ${error.message}\n`);
    return 1;
  }
}

process.exitCode = main();
