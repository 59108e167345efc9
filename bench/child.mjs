// One (peer, case) measurement, in its own process. Runs under Node, Deno and Bun.
//
//   <runtime> bench/child.mjs <peer> <case> '<options json>'
//
// Prints exactly one line `@@RESULT {json}` (or dies, which run.js reports as a crash).
// Method: bind the case's symbols through the peer, validate one direct call, build a loop
// function whose source text is unique to (peer, case, process) so that no feedback is
// shared with another call site (V8 caches eval'd code by source; a shared, polymorphic
// site silently loses the Fast API path), warm it up (30 x 10k iterations: enough for
// TurboFan / JSC's FTL), pick n so that one repetition takes about `targetMs` (capped at
// the case's maxN), then time `reps` repetitions of n iterations and validate the last
// result of each. Reported: every repetition's ns/iteration; run.js runs several such
// children per (case, peer), interleaved with the other peers, and pools their repetitions.
// A 'bind' case (bind_10k) has no loop: see bindCase.
import { CASES, SYMBOLS, BIND, bindDefs, show, structFields } from './cases.mjs';

const RT = typeof Deno !== 'undefined' ? 'deno' : typeof Bun !== 'undefined' ? 'bun' : 'node';
const argv = RT === 'deno' ? Deno.args : process.argv.slice(2);
const [peerName, caseName, optsJson] = argv;
const opts = JSON.parse(optsJson || '{}');
const pid = RT === 'deno' ? Deno.pid : process.pid;

function emit(obj) {
  console.log('@@RESULT ' + JSON.stringify(obj, (k, v) => (typeof v === 'bigint' ? String(v) : v)));
}
function exit(code) {
  if (RT === 'deno') Deno.exit(code); else process.exit(code);
}

let uniq = 0;
const salt = `${peerName}:${caseName}:${pid}:${Math.random().toString(36).slice(2)}`;
function mkLoop(body) {
  // eslint-disable-next-line no-new-func
  return new Function('F', 'n', 'A', `/* zerocall-bench ${salt}:${uniq++} */
    const f = F[0], g = F[1], h = F[2], f3 = F[3], f4 = F[4];
    const a0 = A[0], a1 = A[1], a2 = A[2], a3 = A[3];
    let s;
    for (let i = 0; i < n; i++) { ${body} }
    return s;`);
}

async function main() {
  const c = CASES.find((x) => x.name === caseName);
  if (!c) throw new Error(`unknown case ${caseName}`);
  const adapter = (await import(`./peers/${peerName}.mjs`)).default;
  if (c.kind === 'bind') return bindCase(adapter);
  const helpers = [];
  if (c.name === 'ptr_to_u64') helpers.push('return_ptr');
  if (c.fns.includes('sqlite3_step')) helpers.push('bench_sqlite_select1');
  if (c.helpers) helpers.push(...c.helpers);
  const keys = [...new Set([...c.fns, ...helpers])];
  const defs = Object.fromEntries(keys.map((k) => [k, SYMBOLS[k]]));

  let bound;
  try {
    bound = await adapter.open(opts.paths, defs, { caseName });
  } catch (e) {
    if (e && e.na) return emit({ peer: peerName, case: caseName, na: e.na });
    throw e;
  }
  const notes = [...(bound.notes || [])];
  const ctx = {
    pid,
    i64: bound.i64 || ((b) => b),
    usize: bound.usize || ((n) => n),
    ptrValue: bound.ptrValue,
    benchPtr: () => bound.fns.return_ptr(),
    stmt: () => bound.fns.bench_sqlite_select1(),
    db: () => bound.fns.bench_sqlite_db(),
    call: (k, ...args) => bound.fns[k](...args),
    // a `cstring` result (SYMBOLS) -> a JS string, with the peer's own API
    cstr: bound.cstr,
    // callbacks (see cases.mjs): the peer's callback value and its way of reading
    // values[0] (a char**'s first string) in a row callback
    callback: bound.callback,
    cstr0: bound.cstr0,
    nullPtr: bound.nullPtr === undefined ? null : bound.nullPtr,
    // structs by value (see cases.mjs): the peer's argument value for a struct's bytes
    // (Deno notation: the bytes themselves), and a result's field values
    structArg: bound.structArg || ((type, bytes) => bytes),
    structFields: bound.structFields || structFields,
  };
  if (c.callbacks && !(bound.callback && bound.cstr0)) {
    return emit({ peer: peerName, case: caseName, na: 'the adapter has no callback support' });
  }
  ctx.memory = bound.memory;
  // A peer that is a SQLite library, not an FFI, runs the case's queryBody (see cases.mjs).
  const query = !!bound.query;
  if (query && !c.queryBody) return emit({ peer: peerName, case: caseName, na: 'not an FFI: only the SQLite workload (sqlite_rows)' });
  const missing = (c.memory || []).find((k) => !(bound.memory && bound.memory[k]));
  if (missing) return emit({ peer: peerName, case: caseName, na: `the adapter has no memory accessor ${missing}` });
  const body = query ? c.queryBody : c.body;
  const F = query ? [bound.query] : c.memory ? c.memory.map((k) => bound.memory[k]) : c.fns.map((k) => bound.fns[k]);
  const A = query ? [bound.queryArg] : c.args(ctx);
  const fail = (stage, msg) => emit({ peer: peerName, case: caseName, error: `${stage}: ${msg}`, notes });

  // 1. validate one direct (unoptimized) call
  if (c.pre) {
    const ok = c.pre(F, A);
    if (ok !== true) return fail('validation', ok);
  }
  const direct = mkLoop(body)(F, 1, A);
  const ok1 = c.check(direct, ctx);
  if (ok1 !== true) return fail('validation', ok1);

  // 2. warm up the loop that will be timed
  // 30 rounds, or fewer (at least 15) once the warm-up has taken warmMs: slow cases (the
  // sqlite ones) are warm long before 30 rounds, and every child pays this again.
  const loop = mkLoop(body);
  const W = c.warmIters || opts.warmIters || 10000;
  const warmRounds = opts.warmRounds || 30;
  const warmMs = opts.warmMs || 150;
  const times = [];
  const w0 = performance.now();
  for (let k = 0; k < warmRounds && (k < 15 || performance.now() - w0 < warmMs); k++) {
    const t0 = performance.now();
    loop(F, W, A);
    times.push(performance.now() - t0);
  }
  const last = times.slice(-10);
  const estNs = Math.max((last.reduce((x, y) => x + y, 0) * 1e6) / (last.length * W), 0.05);
  const maxN = Math.min(c.maxN || 5e6, opts.maxN || 5e6);
  const minN = Math.min(c.minN || opts.minN || 2e5, maxN);
  const n = Math.max(minN, Math.min(maxN, Math.round((opts.targetMs || 250) * 1e6 / estNs)));

  // one untimed half repetition at the final size: lets tiered JITs (JSC's FTL via OSR) settle
  { const s = loop(F, Math.max(1, Math.min(n >> 1, 1e6)), A); const ok = c.check(s, ctx); if (ok !== true) return fail('optimized loop, settle', ok); }

  // 3. timed repetitions
  const ns = [];
  const s0 = bound.slowCalls ? bound.slowCalls() : 0;
  for (let r = 0; r < (opts.reps || 5); r++) {
    const t0 = performance.now();
    const s = loop(F, n, A);
    const t1 = performance.now();
    const ok = c.check(s, ctx);
    if (ok !== true) return fail(`optimized loop, rep ${r}`, ok);
    ns.push(((t1 - t0) * 1e6) / n);
  }
  let slowFrac;
  if (bound.slowCalls) {
    slowFrac = (bound.slowCalls() - s0) / (n * (opts.reps || 5) * F.length);
    if (slowFrac > 0.01 && !bound.slowExpected) notes.push(`slow callback ran for ${(slowFrac * 100).toFixed(0)}% of timed calls`);
  }
  emit({ peer: peerName, case: caseName, runtime: RT, n, ns, estNs, notes, slowFrac, last: show(direct) });
}

// bind_10k: one dlopen of BIND.count symbols (bindDefs()), timed, with the RSS it adds.
// The definitions are made and translated to the peer's notation first (untimed: the
// adapter's bindAll returns the bind itself as a thunk), and one small bind runs before, so
// that the FFI's own first-use set-up is not counted. One sample per process: run.js
// pools the samples of its children.
async function bindCase(adapter) {
  const out = { peer: peerName, case: caseName, runtime: RT };
  if (!adapter.bindAll) return emit({ ...out, na: adapter.bindNA || 'the adapter has no bindAll' });
  (await adapter.bindAll(opts.paths.bench, { nop: SYMBOLS.nop }))();
  const bind = await adapter.bindAll(opts.paths[BIND.lib], bindDefs());
  const rss = RT === 'deno' ? () => Deno.memoryUsage().rss : () => process.memoryUsage.rss();
  const r0 = rss();
  const t0 = performance.now();
  const fns = bind();
  const t1 = performance.now();
  const r1 = rss();
  // every symbol is there, and a few return their own index (BIND.sigs[0]: i32 (i32, i32))
  const keys = Object.keys(fns).filter((k) => k.startsWith(BIND.prefix));
  if (keys.length !== BIND.count) return emit({ ...out, error: `validation: ${keys.length} symbols bound, want ${BIND.count}` });
  const step = BIND.sigs.length;
  for (const k of [0, step, BIND.count - step]) {
    const got = fns[BIND.name(k)](1, 2);
    if (got !== k) return emit({ ...out, error: `validation: ${BIND.name(k)}(1, 2) returned ${show(got)}, want ${k}` });
  }
  emit({ ...out, n: BIND.count, ns: [((t1 - t0) * 1e6) / BIND.count], rss: [(r1 - r0) / BIND.count], notes: adapter.bindNotes || [] });
}

main().then(() => exit(0), (e) => {
  emit({ peer: peerName, case: caseName, error: String((e && e.stack) || e).split('\n').slice(0, 3).join(' | ') });
  exit(0);
});
