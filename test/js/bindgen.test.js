'use strict';
// `zerocall bindgen`: modules generated from the real zlib.h and sqlite3.h, type-checked
// by `tsc --strict` together with code that uses them, compiled and run (crc32 of
// "hello", a SELECT); what the generator leaves out, and the command line's errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'zerocall.js');
// Inside the package, so that "zerocall" resolves to this tree (and its index.d.ts).
const dir = path.join(root, 'test', '.build', `bindgen-${process.pid}`);
// The host's preprocessor (see cdef.test.js), whatever CC the run has.
const run = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, CC: 'cc' } });

test.before(() => fs.mkdirSync(dir, { recursive: true }));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const USE = `
import { symbols as z, constants as zc } from "./zlib.js";
import { symbols as q, constants as qc, types as qt } from "./sqlite3.js";
import { UnsafePointer, UnsafePointerView } from "zerocall";

const data = new TextEncoder().encode("hello");
const crc: bigint = z.crc32(0n, UnsafePointer.of(data), data.length);
console.log(crc, zc.Z_OK);

const cString = (text: string) => UnsafePointer.of(new TextEncoder().encode(text + "\\0"));
const out = new BigUint64Array(1);
const opened: number = q.sqlite3_open(cString(":memory:"), UnsafePointer.of(out));
const db = UnsafePointer.create(out[0]);
q.sqlite3_prepare_v2(db, cString("SELECT 40 + 2"), -1, UnsafePointer.of(out), null);
const stmt = UnsafePointer.create(out[0]);
const step: number = q.sqlite3_step(stmt);
console.log(opened === qc.SQLITE_OK, step === qc.SQLITE_ROW, q.sqlite3_column_int(stmt, 0));
q.sqlite3_finalize(stmt);
q.sqlite3_close(db);
console.log(qt.sqlite3_snapshot.size, Object.keys(qt.sqlite3_callback.parameters).length);
if (data.length < 0) {
  // @ts-expect-error: sqlite3_step takes a pointer
  q.sqlite3_step(5);
}
`;

test('modules generated from zlib.h and sqlite3.h type-check with tsc --strict and run', () => {
  let r = run('bindgen', 'zlib.h', '--library', 'libz.so.1', '--out', path.join(dir, 'zlib.ts'));
  assert.equal(r.status, 0, r.stderr);
  r = run('bindgen', 'sqlite3.h', '--library', 'libsqlite3.so.0', '--include-prefix', 'sqlite3_', '--include-prefix', 'SQLITE_',
    '--out', path.join(dir, 'sqlite3.ts'));
  assert.equal(r.status, 0, r.stderr);
  const zlib = fs.readFileSync(path.join(dir, 'zlib.ts'), 'utf8');
  const sqlite = fs.readFileSync(path.join(dir, 'sqlite3.ts'), 'utf8');
  // Only the header's own declarations without a prefix; what is left out says why.
  assert.ok(!/"lseek"|"getpid"/.test(zlib));
  assert.match(zlib, /^\/\/ {3}gzprintf: variadic functions \(\.\.\.\) are not supported \(line \d+, column \d+\)$/m);
  assert.match(sqlite, /^\/\/ {3}sqlite3_win32_set_directory: not in libsqlite3\.so\.0$/m);
  assert.match(sqlite, /^\/\/ {3}sqlite3_vmprintf: va_list is not supported \(line \d+, column \d+\)$/m);
  fs.writeFileSync(path.join(dir, 'use.ts'), USE);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: '.', outDir: 'out',
      lib: ['ES2022', 'ESNext.Disposable', 'DOM'], types: [], skipLibCheck: false,
    },
    files: ['zlib.ts', 'sqlite3.ts', 'use.ts'],
  }));
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `tsc reported:\n${tsc.stdout}${tsc.stderr}`);
  const program = spawnSync(process.execPath, [path.join(dir, 'out', 'use.js')], { encoding: 'utf8', env: process.env });
  assert.equal(program.stderr, '');
  assert.equal(program.stdout, '907060870n 0\ntrue true 42\n48 4\n');
});

test('a JavaScript module when --out ends in .js', () => {
  const file = path.join(dir, 'zlib.js');
  const r = run('bindgen', 'zlib.h', '--library', 'libz.so.1', '--include-prefix', 'crc32', '--out', file);
  assert.equal(r.status, 0, r.stderr);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(!text.includes(' as const'));
  assert.match(text, /"crc32": \{ parameters: \["u64", "pointer", "u32"\], result: "u64" \},/);
});

test('command line errors', () => {
  const usage = 'usage: zerocall bindgen <header.h> --library <soname> [--out file.ts|file.js] [--include-prefix prefix]...\n';
  assert.deepEqual([run().status, run().stderr], [2, usage]);
  assert.deepEqual([run('bindgen', 'zlib.h').status, run('bindgen', 'zlib.h').stderr], [2, usage]);
  const unknown = run('bindgen', 'zlib.h', '--library', 'libz.so.1', '--prefix', 'x');
  assert.deepEqual([unknown.status, unknown.stderr], [2, `unknown option --prefix\n${usage}`]);
  const missing = run('bindgen', 'no_such_header_zc.h', '--library', 'libz.so.1');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^zerocall bindgen: cc -E failed for no_such_header_zc\.h:\n.*no_such_header_zc\.h/);
  const noLib = run('bindgen', 'zlib.h', '--library', 'libzerocall_missing.so');
  assert.equal(noLib.status, 1);
  assert.match(noLib.stderr, /^zerocall bindgen: Could not open library: Could not open library: libzerocall_missing\.so: /);
});
