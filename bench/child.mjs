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
// result of each. Reported: every repetition's ns/iteration; run.js takes the median.
import { CASES, SYMBOLS, show, structFields } from './cases.mjs';

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
    const f = F[0], g = F[1], h = F[2];
    const a0 = A[0], a1 = A[1], a2 = A[2], a3 = A[3];
    let s;
    for (let i = 0; i < n; i++) { ${body} }
    return s;`);
}

async function main() {
  const c = CASES.find((x) => x.name === caseName);
  if (!c) throw new Error(`unknown case ${caseName}`);
  const adapter = (await import(`./peers/${peerName}.mjs`)).default;
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
  const missing = (c.memory || []).find((k) => !(bound.memory && bound.memory[k]));
  if (missing) return emit({ peer: peerName, case: caseName, na: `the adapter has no memory accessor ${missing}` });
  const F = c.memory ? c.memory.map((k) => bound.memory[k]) : c.fns.map((k) => bound.fns[k]);
  const A = c.args(ctx);
  const fail = (stage, msg) => emit({ peer: peerName, case: caseName, error: `${stage}: ${msg}`, notes });

  // 1. validate one direct (unoptimized) call
  if (c.pre) {
    const ok = c.pre(F, A);
    if (ok !== true) return fail('validation', ok);
  }
  const direct = mkLoop(c.body)(F, 1, A);
  const ok1 = c.check(direct, ctx);
  if (ok1 !== true) return fail('validation', ok1);

  // 2. warm up the loop that will be timed
  const loop = mkLoop(c.body);
  const W = c.warmIters || opts.warmIters || 10000;
  const warmRounds = opts.warmRounds || 30;
  let tw = 0;
  for (let k = 0; k < warmRounds; k++) {
    const t0 = performance.now();
    loop(F, W, A);
    if (k >= warmRounds - 10) tw += performance.now() - t0;
  }
  const estNs = Math.max((tw * 1e6) / (10 * W), 0.05);
  const maxN = Math.min(c.maxN || 5e6, opts.maxN || 5e6);
  const minN = Math.min(opts.minN || 2e5, maxN);
  const n = Math.max(minN, Math.min(maxN, Math.round((opts.targetMs || 250) * 1e6 / estNs)));

  // one untimed repetition at the final size: lets tiered JITs (JSC's FTL via OSR) settle
  { const s = loop(F, Math.min(n, 1e6), A); const ok = c.check(s, ctx); if (ok !== true) return fail('optimized loop, settle', ok); }

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

main().then(() => exit(0), (e) => {
  emit({ peer: peerName, case: caseName, error: String((e && e.stack) || e).split('\n').slice(0, 3).join(' | ') });
  exit(0);
});
