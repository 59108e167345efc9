// The benchmark case table, shared by every JS runtime (Node, Deno, Bun): plain ESM, no
// runtime-specific APIs here.
//
// SYMBOLS: every C symbol a case may call, in Deno's definition notation
// ({ parameters, result }), plus the library it lives in. Each peer adapter
// (bench/peers/*.mjs) translates these into its own type system.
//
// CASES: one row of the results table each.
//   fns     symbol keys bound to f, g, h inside `body`
//   memory  instead, keys of the peer's memory accessors (ctx.memory) bound to f, g, h
//   args    (ctx) => [a0, a1, a2, a3]: the loop's arguments, made once per process
//           with the peer's own pointer / buffer values (see harness.mjs for ctx)
//   body    JS statements run n times by a loop function with unique source text;
//           it must leave the last result in `s`
//   check   (s, ctx) => true | 'what is wrong': run on a direct call's result and on
//           the last result of every timed loop (so a broken binding is never "fast")
//   per     what one loop iteration is ('call', or e.g. '3 calls' for sqlite)
//   maxN    upper bound on iterations per timed repetition (run.js may lower it);
//   minN    lower bound (default 200 000, or maxN when that is lower)
//   kind    'call' (default: ns per iteration), 'rows' (rows per second: `rows` per
//           iteration), 'bind' (no loop: the child times one dlopen of BIND, see child.mjs)
//   cArgs   (paths) => extra arguments of the C loop (bench/native/direct.c) for this case
//
// To add a case: add its symbols to SYMBOLS (and the C code to
// native/benchlib.c), a row here, and, for peers whose type system needs it, a mapping
// in that peer's adapter; peers that can't express it return an `na` reason.

export const BENCH_PTR = 0x7f0012345678n; // what return_ptr() returns (benchlib.c)

export const LIBS = {
  bench: 'bench',   // bench/.build/libbenchlib.so
  libc: 'libc',     // libc.so.6
  sqlite: 'sqlite', // libsqlite3.so.0
};

export const SYMBOLS = {
  nop: { lib: 'bench', parameters: [], result: 'void' },
  add_i32: { lib: 'bench', parameters: ['i32', 'i32'], result: 'i32' },
  add_u32: { lib: 'bench', parameters: ['u32', 'u32'], result: 'u32' },
  add_f64: { lib: 'bench', parameters: ['f64', 'f64'], result: 'f64' },
  add_f32: { lib: 'bench', parameters: ['f32', 'f32'], result: 'f32' },
  add_i64: { lib: 'bench', parameters: ['i64', 'i64'], result: 'i64' },
  many_args: {
    lib: 'bench',
    parameters: ['i32', 'f64', 'i32', 'f64', 'i32', 'f64', 'i32', 'f64', 'i32', 'i32'],
    result: 'f64',
  },
  // errno: true (the peer saves C's errno after the call); "...": a variadic function's
  // fixed parameters, then one call shape of its variable part.
  bench_errno: { lib: 'bench', parameters: ['i32'], result: 'i32', errno: true },
  sum_va: { lib: 'bench', parameters: ['i32', 'i32', '...', 'i32', 'i32', 'f64', 'f64'], result: 'f64' },
  return_ptr: { lib: 'bench', parameters: [], result: 'pointer' },
  ptr_to_u64: { lib: 'bench', parameters: ['pointer'], result: 'u64' },
  sum_buffer: { lib: 'bench', parameters: ['buffer', 'usize'], result: 'u32' },
  // strlen of "hello, world": NUL-terminated bytes in a Uint8Array, or a JS string
  // (`cstring`: zerocall's cstring, koffi's 'const char *', node:ffi's 'string').
  strlen_bytes: { lib: 'bench', parameters: ['buffer'], result: 'u32' },
  strlen_string: { lib: 'bench', parameters: ['cstring'], result: 'u32' },
  bench_sqlite_select1: { lib: 'bench', parameters: [], result: 'pointer' },
  getpid: { lib: 'libc', parameters: [], result: 'i32' },
  sqlite3_step: { lib: 'sqlite', parameters: ['pointer'], result: 'i32' },
  sqlite3_column_int: { lib: 'sqlite', parameters: ['pointer', 'i32'], result: 'i32' },
  sqlite3_reset: { lib: 'sqlite', parameters: ['pointer'], result: 'i32' },
  // Callbacks: C calls a JS function it was given (`callback: true`: the call may re-enter JS).
  call_cb: { lib: 'bench', parameters: ['function', 'i32'], result: 'i32', callback: true },
  bench_sqlite_db: { lib: 'bench', parameters: [], result: 'pointer' },
  sqlite3_exec: {
    lib: 'sqlite', parameters: ['pointer', 'buffer', 'function', 'pointer', 'pointer'], result: 'i32', callback: true,
  },
  // Structs by value: S16 = { double x, y } (two SSE registers), S24 = { int64_t a, b, c }
  // (in memory: on the stack, and returned through a hidden pointer).
  struct16: { lib: 'bench', parameters: [{ struct: ['f64', 'f64'] }], result: 'f64' },
  struct24: { lib: 'bench', parameters: [{ struct: ['i64', 'i64', 'i64'] }], result: { struct: ['i64', 'i64', 'i64'] } },
  // sqlite_rows: a prepared SELECT over ROWS' table, read column by column
  bench_sqlite_rows: { lib: 'bench', parameters: ['buffer', 'buffer'], result: 'pointer' },
  sqlite3_column_int64: { lib: 'sqlite', parameters: ['pointer', 'i32'], result: 'i64' },
  sqlite3_column_double: { lib: 'sqlite', parameters: ['pointer', 'i32'], result: 'f64' },
  // `cstring`: the result is a NUL-terminated string. Peers with a C-string result type use
  // it (koffi 'const char *', Bun 'cstring'); the others get a pointer, which ctx.cstr reads.
  sqlite3_column_text: { lib: 'sqlite', parameters: ['pointer', 'i32'], result: 'pointer', cstring: true },
};

// sqlite_rows' table, made in memory by every peer with these statements (the FFI peers
// through benchlib's bench_sqlite_rows(setup, select), which also prepares the SELECT).
export const ROWS = {
  count: 10000,
  setup: 'CREATE TABLE t(i INTEGER, r REAL, s TEXT); ' +
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) ' +
    "INSERT INTO t SELECT x, x * 0.5, 'row-' || x FROM c;",
  select: 'SELECT i, r, s FROM t',
};
// what one full read of the table gives: [rows, sum of i, sum of r, total length of s, last s]
const ROWS_WANT = (() => {
  let len = 0;
  for (let x = 1; x <= ROWS.count; x++) len += `row-${x}`.length;
  const n = ROWS.count;
  return [n, (n * (n + 1)) / 2, (n * (n + 1)) / 4, len, `row-${n}`];
})();

// bind_10k: one dlopen of `count` symbols (bind_00000 ...) whose signatures cycle through
// `sigs`; bench/prepare.js generates the library from this table. Each function returns its
// own index, which the child checks on a few of them after binding.
export const BIND = {
  lib: 'bind10k', count: 10000, prefix: 'bind_', digits: 5,
  name(k) { return this.prefix + String(k).padStart(this.digits, '0'); },
  sigs: [
    { parameters: ['i32', 'i32'], result: 'i32' },
    { parameters: ['f64'], result: 'f64' },
    { parameters: [], result: 'void' },
    { parameters: ['pointer', 'usize'], result: 'pointer' },
    { parameters: ['pointer'], result: 'u64' },
    { parameters: ['pointer', 'i32', 'pointer'], result: 'i32' },
    { parameters: ['f32', 'f32'], result: 'f32' },
    { parameters: ['pointer'], result: 'void' },
  ],
};
export function bindDefs() {
  const defs = {};
  for (let k = 0; k < BIND.count; k++) defs[BIND.name(k)] = { lib: BIND.lib, ...BIND.sigs[k % BIND.sigs.length] };
  return defs;
}

// Structs of scalar fields (what the struct cases use): size, field offsets (natural C
// alignment), and the bytes <-> field values conversions. A struct value is, in Deno
// notation, a TypedArray/ArrayBuffer of exactly the struct's size (argument) or a new
// Uint8Array (result); peers that represent structs otherwise (koffi: plain objects)
// convert with these (their adapter's structArg / structFields).
const FIELD = {
  i8: [1, 'Int8'], u8: [1, 'Uint8'], i16: [2, 'Int16'], u16: [2, 'Uint16'], i32: [4, 'Int32'], u32: [4, 'Uint32'],
  i64: [8, 'BigInt64'], u64: [8, 'BigUint64'], usize: [8, 'BigUint64'], isize: [8, 'BigInt64'],
  f32: [4, 'Float32'], f64: [8, 'Float64'],
};
export function structLayout(type) {
  let off = 0, align = 1;
  const fields = type.struct.map((f) => {
    const [size, dv] = FIELD[f];
    off = Math.ceil(off / size) * size;
    align = Math.max(align, size);
    const o = { type: f, offset: off, dv };
    off += size;
    return o;
  });
  return { fields, size: Math.ceil(off / align) * align };
}
export function structBytes(type, values) {
  const { fields, size } = structLayout(type);
  const dv = new DataView(new ArrayBuffer(size));
  fields.forEach((f, i) => dv[`set${f.dv}`](f.offset, values[i], true));
  return new Uint8Array(dv.buffer);
}
// bytes (a Uint8Array of the struct's size) -> field values, or a string saying what is wrong
export function structFields(type, s) {
  const { fields, size } = structLayout(type);
  if (!(s instanceof Uint8Array)) return `got ${show(s)}, want a Uint8Array`;
  if (s.byteLength !== size) return `got a Uint8Array of ${s.byteLength} bytes, want ${size}`;
  const dv = new DataView(s.buffer, s.byteOffset, s.byteLength);
  return fields.map((f) => dv[`get${f.dv}`](f.offset, true));
}

// The JS callbacks' C signatures (Deno notation), made once per process, untimed, by the
// peer's own callback API (ctx.callback(def, fn) → the value its `function` parameter takes).
export const CALLBACKS = {
  unary_i32: { parameters: ['i32'], result: 'i32' },                         // int32_t (*)(int32_t)
  sqlite_row: { parameters: ['pointer', 'i32', 'pointer', 'pointer'], result: 'i32' }, // sqlite3_callback
};
// sqlite_exec's statement: 10 rows, one text column each ('1' ... '10'); sqlite3_exec
// compiles it on every call (that is part of what the case measures, equally for all peers).
export const EXEC_SQL = Array.from({ length: 10 }, (_, i) => `SELECT ${i + 1}`).join(' UNION ALL ');
const cstr = (str) => new TextEncoder().encode(str + '\0');

const eqNum = (want) => (s) => (s === want ? true : `got ${show(s)}, want ${want}`);
const eqBig = (want) => (s) => {
  // Deno semantics: 64-bit results are bigints. A peer that returns a Number for them is
  // still counted (its adapter says so in a note), as long as the value is right.
  let v;
  try { v = BigInt(s); } catch { return `got ${show(s)}, want ${want}n`; }
  return v === want ? true : `got ${show(s)}, want ${want}n`;
};
export function show(v) {
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null) return 'null';
  if (typeof v === 'object') return Object.prototype.toString.call(v);
  return String(v);
}

const ones = (n) => new Uint8Array(n).fill(1);
const S24 = SYMBOLS.struct24.result;
const S24_IN = [2n ** 40n, -5n, 7n];
const S24_OUT = [2n ** 40n + 1n, -3n, 10n];

export const CASES = [
  { name: 'nop', fns: ['nop'], args: () => [], body: 's = f();',
    check: (s) => (s === undefined ? true : `got ${show(s)}, want undefined`) },
  { name: 'add_i32', fns: ['add_i32'], args: () => [20, 22], body: 's = f(a0, a1);', check: eqNum(42) },
  { name: 'add_u32', fns: ['add_u32'], args: () => [3000000000, 5], body: 's = f(a0, a1);',
    check: eqNum(3000000005) },
  { name: 'add_f64', fns: ['add_f64'], args: () => [1.5, 2.25], body: 's = f(a0, a1);', check: eqNum(3.75) },
  { name: 'add_f32', fns: ['add_f32'], args: () => [1.5, 2.25], body: 's = f(a0, a1);', check: eqNum(3.75) },
  { name: 'add_i64', fns: ['add_i64'], args: (ctx) => [ctx.i64(2n ** 40n), ctx.i64(5n)],
    body: 's = f(a0, a1);', check: eqBig(2n ** 40n + 5n) },
  { name: 'many_args', fns: ['many_args'], args: () => [],
    body: 's = f(1, 0.5, 2, 0.25, 3, 0.125, 4, 0.0625, 5, 6);', check: eqNum(21.9375) },
  // bench_errno(5) sets errno and returns -1; the peer saves errno (read with its own
  // errno(), outside the loop).
  { name: 'errno_call', fns: ['bench_errno'], args: () => [5], body: 's = f(a0);', check: eqNum(-1) },
  // printf-style: sum_va(2, 2, 3, 4, 0.5, 0.25) = 3*1 + 4*2 + 0.5*3 + 0.25*4
  { name: 'variadic_call', fns: ['sum_va'], args: () => [3, 4, 0.5, 0.25], body: 's = f(2, 2, a0, a1, a2, a3);',
    check: eqNum(13.5) },
  { name: 'return_ptr', fns: ['return_ptr'], args: () => [], body: 's = f();',
    check: (s, ctx) => {
      const v = ctx.ptrValue(s);
      return v === BENCH_PTR ? true : `got ${show(s)} (address ${show(v)}), want 0x${BENCH_PTR.toString(16)}`;
    } },
  { name: 'ptr_to_u64', fns: ['ptr_to_u64'], args: (ctx) => [ctx.benchPtr()], body: 's = f(a0);',
    check: eqBig(BENCH_PTR) },
  { name: 'sum_buffer_64', fns: ['sum_buffer'], args: (ctx) => [ones(64), ctx.usize(64)],
    body: 's = f(a0, a1);', check: eqNum(64) },
  { name: 'sum_buffer_4k', fns: ['sum_buffer'], args: (ctx) => [ones(4096), ctx.usize(4096)],
    body: 's = f(a0, a1);', check: eqNum(4096), maxN: 2e6 },
  { name: 'strlen', fns: ['strlen_bytes'], args: (ctx) => [new TextEncoder().encode('hello, world\0')],
    body: 's = f(a0);', check: eqNum(12) },
  { name: 'strlen_string', fns: ['strlen_string'], args: () => ['hello, world'], body: 's = f(a0);', check: eqNum(12) },
  { name: 'getpid', fns: ['getpid'], args: () => [], body: 's = f();',
    check: (s, ctx) => (s === ctx.pid ? true : `got ${show(s)}, want pid ${ctx.pid}`), maxN: 2e6 },
  { name: 'sqlite_step', per: '3 calls', fns: ['sqlite3_step', 'sqlite3_column_int', 'sqlite3_reset'],
    args: (ctx) => [ctx.stmt()], body: 'f(a0); s = g(a0, 0); h(a0);', check: eqNum(1), maxN: 1e6,
    // one direct round first: step must give SQLITE_ROW (100)
    pre: (F, A) => { const r = F[0](A[0]); const v = F[1](A[0], 0); F[2](A[0]);
      return r === 100 && v === 1 ? true : `step=${show(r)} col=${show(v)}, want 100 / 1`; } },
  // One C->JS round trip per call: call_cb(cb, 41) calls the JS callback (x) => x + 1.
  { name: 'call_cb', fns: ['call_cb'], callbacks: true,
    args: (ctx) => [ctx.callback(CALLBACKS.unary_i32, (x) => x + 1), 41], body: 's = f(a0, a1);', check: eqNum(42) },
  // sqlite3_exec(db, EXEC_SQL, onRow, NULL, NULL): the row callback reads the first column's
  // C string (ctx.cstr0(values): the peer's own way of reading values[0] as a JS string) and
  // counts rows. Checked: SQLITE_OK, the last row's string is '10', and the row count grew
  // by a multiple of 10 since the previous check.
  { name: 'sqlite_exec', per: '1 call + 10 callbacks', fns: ['sqlite3_exec'], helpers: ['bench_sqlite_db'], callbacks: true,
    minN: 2e3, maxN: 2e4, warmIters: 1000,
    args: (ctx) => {
      const st = (ctx.state = { rows: 0, seen: 0, last: null });
      const cstr0 = ctx.cstr0;
      const onRow = ctx.callback(CALLBACKS.sqlite_row, (_, n, values) => { st.last = cstr0(values); st.rows++; return 0; });
      return [ctx.db(), cstr(EXEC_SQL), onRow, ctx.nullPtr];
    },
    body: 's = f(a0, a1, a2, a3, a3);',
    check: (s, ctx) => {
      const st = ctx.state;
      const grew = st.rows - st.seen;
      st.seen = st.rows;
      if (s !== 0) return `got ${show(s)}, want 0 (SQLITE_OK)`;
      if (st.last !== '10') return `last row's first column ${show(st.last)}, want '10'`;
      return grew > 0 && grew % 10 === 0 ? true : `the row callback ran ${grew} times since the last check, want a multiple of 10`;
    } },
  // Structs by value. struct16(S16 s) = s.x + 2 * s.y: the 16-byte argument is built once
  // (untimed), with the peer's own struct value (ctx.structArg: the bytes themselves, or
  // koffi's object). struct24(S24 s) = {a + 1, b + 2, c + 3}: a new result every call; the
  // check decodes it (ctx.structFields) and compares the three fields.
  { name: 'struct16', fns: ['struct16'],
    args: (ctx) => [ctx.structArg(SYMBOLS.struct16.parameters[0], structBytes(SYMBOLS.struct16.parameters[0], [1.5, 2.25]))],
    body: 's = f(a0);', check: eqNum(6) },
  { name: 'struct24', fns: ['struct24'],
    args: (ctx) => [ctx.structArg(S24, structBytes(S24, S24_IN))],
    body: 's = f(a0);',
    check: (s, ctx) => {
      const v = ctx.structFields(S24, s);
      if (typeof v === 'string') return v;
      const got = v.map((x) => { try { return BigInt(x); } catch { return x; } });
      return got.every((x, i) => x === S24_OUT[i]) ? true
        : `got {${v.map(show).join(', ')}}, want {${S24_OUT.map(show).join(', ')}}`;
    } },
  // Memory through a pointer, no foreign symbol: one int32 at byte 4 of a 16-byte
  // Int32Array, read or written with the peer's own accessors (ctx.memory: `at(typed)` the
  // value a read or write goes through, made once; `getI32(at, offset)`,
  // `setI32(at, offset, value)`). zerocall and Deno: UnsafePointerView's getInt32 and
  // setInt32 (Deno has no setters); koffi: koffi.decode / koffi.encode.
  { name: 'get_i32', fns: [], memory: ['getI32'],
    args: (ctx) => [ctx.memory.at((ctx.state = new Int32Array([0, 42, 0, 0]))), 4],
    body: 's = f(a0, a1);', check: eqNum(42) },
  { name: 'set_i32', fns: [], memory: ['setI32'],
    args: (ctx) => [ctx.memory.at((ctx.state = new Int32Array(4))), 4],
    body: 'f(a0, a1, i); s = i;',
    check: (s, ctx) => (ctx.state[1] === s ? true : `the memory holds ${show(ctx.state[1])}, want ${show(s)}`) },
  // A real workload: read all ROWS.count rows of a prepared SELECT, per row step +
  // column_int64 + column_double + column_text (as a JS string, ctx.cstr). One iteration is
  // one full read (reset first); reported as rows per second. Peers that are SQLite
  // libraries, not FFIs (better-sqlite3, node:sqlite), run `queryBody` instead, with f =
  // their own "all rows of this statement, as arrays" and a0 = their prepared statement.
  { name: 'sqlite_rows', kind: 'rows', rows: ROWS.count, per: `${ROWS.count} rows`,
    fns: ['sqlite3_step', 'sqlite3_column_int64', 'sqlite3_column_double', 'sqlite3_column_text', 'sqlite3_reset'],
    helpers: ['bench_sqlite_rows'], minN: 3, maxN: 400, warmIters: 1,
    cArgs: () => [ROWS.setup, ROWS.select, String(ROWS.count)], // bench/native/direct.c's
    args: (ctx) => [ctx.call('bench_sqlite_rows', cstr(ROWS.setup), cstr(ROWS.select)), ctx.cstr],
    body: `f4(a0); let k = 0, si = 0, sd = 0, sl = 0, t;
      while (f(a0) === 100) { si += Number(g(a0, 0)); sd += h(a0, 1); t = a1(f3(a0, 2)); sl += t.length; k++; }
      s = [k, si, sd, sl, t];`,
    queryBody: `const rows = f(a0); let k = 0, si = 0, sd = 0, sl = 0, t;
      for (let r = 0; r < rows.length; r++) { const row = rows[r]; si += row[0]; sd += row[1]; t = row[2]; sl += t.length; k++; }
      s = [k, si, sd, sl, t];`,
    check: (s) => (Array.isArray(s) && s.every((x, i) => (i === 4 ? String(x) : x) === ROWS_WANT[i]) ? true
      : `got [${Array.isArray(s) ? s.map(show).join(', ') : show(s)}], want [${ROWS_WANT.map(show).join(', ')}]`) },
  // Binding cost: one dlopen of BIND.count symbols (the child times it: kind 'bind').
  { name: 'bind_10k', kind: 'bind', per: 'symbol',
    cArgs: (paths) => [paths[BIND.lib], String(BIND.count), BIND.prefix, String(BIND.digits)] },
];

export const CASE_NAMES = CASES.map((c) => c.name);
