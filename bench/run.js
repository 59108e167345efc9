#!/usr/bin/env node
'use strict';
// `npm run bench`: ns/call of zerocall and its peers on the same C functions, side by side,
// plus a SQLite workload (rows/s) and the cost of binding 10 000 symbols.
//
//   node bench/run.js [--quick] [--case NAME[,NAME]] [--peer NAME[,NAME]] [--reps N] [--rounds R]
//                     [--no-interleave] [--max-n N] [--target-ms MS] [--stat median|min]
//                     [--no-install] [--list] [--render results.json] [--base DIR]
//
// Each (case, peer) runs in child processes (bench/child.mjs under Node 20 / Node 26 /
// Deno / Bun, or bench/.build/direct for the C floor): R rounds, each of which runs every
// (case, peer) once, peers in a rotating order, so that a burst of noise on the host lands
// on one round of several columns instead of all repetitions of one cell.
// --base DIR adds a "zerocall base" column: another checkout of zerocall (e.g. a
// `git worktree` of an older commit, built for the running Node) measured in the same rounds,
// for before/after comparisons; ZEROCALL_BASE_ADDON names its addon if not DIR's build/Release.
// Results: tables on stdout, bench/results/latest.{json,md,svg}. Docs: docs/bench.md.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const {
  BENCH, ROOT, BUILD, LIBBENCH, NODE26, sh, firstLine, log,
  buildBenchlib, buildDirect, buildAddons, installDeps, findNode26, denoBin, bunBin, buildBindLib, betterSqlite3, nodeSqlite,
} = require('./prepare.js');
const { summarize, render, brief } = require('./render.js');
const { chart } = require('./chart.js');

const RESULTS = path.join(BENCH, 'results');

// ---------------------------------------------------------------- options
function parseArgs(argv) {
  const o = { quick: false, cases: [], peers: [], install: true, list: false, interleave: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const name = a.split('=')[0];
    if (name === '--quick') o.quick = true;
    else if (name === '--case' || name === '--cases') o.cases.push(...val().split(','));
    else if (name === '--peer' || name === '--peers') o.peers.push(...val().split(','));
    else if (name === '--reps') o.reps = +val();
    else if (name === '--rounds') o.rounds = +val();
    else if (name === '--no-interleave') o.interleave = false;
    else if (name === '--max-n') o.maxN = +val();
    else if (name === '--target-ms') o.targetMs = +val();
    else if (name === '--no-install') o.install = false;
    else if (name === '--stat') { o.stat = val(); if (!['median', 'min'].includes(o.stat)) throw new Error('--stat is median or min'); }
    else if (name === '--list') o.list = true;
    else if (name === '--render') o.render = val();
    else if (name === '--base') o.base = path.resolve(val());
    else if (name === '-h' || name === '--help') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 14).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  o.reps ||= o.quick ? 3 : 6;
  // --no-interleave: all repetitions of a (case, peer) in one child, as before rounds
  o.rounds = o.interleave ? Math.max(1, Math.min(o.rounds || 3, o.reps)) : 1;
  o.stat ||= 'median';
  o.maxN ||= o.quick ? 1e6 : 5e6;
  o.targetMs ||= o.quick ? 60 : 150;
  return o;
}
// how many of the `reps` repetitions round r runs (the first rounds take the remainder)
const repsOfRound = (o, r) => Math.floor(o.reps / o.rounds) + (r < o.reps % o.rounds ? 1 : 0);

// ---------------------------------------------------------------- peers
// prepare(o) → { cmd, args, env } | { na }; version(o) → string; `cases`: the only cases
// the peer runs (others: every case)
const CHILD = path.join(BENCH, 'child.mjs');
const nodeChild = (peer, extraEnv = {}, nodeArgs = []) => ({
  cmd: process.execPath, args: [...nodeArgs, CHILD, peer], env: extraEnv,
});
// The zerocall columns load a snapshot of build/Release/zerocall.node taken when the run
// starts (through lib/internal/binding.js's ZEROCALL_ADDON), so that every case measures the
// same binary even if the addon is rebuilt while the bench runs. A ZEROCALL_ADDON set by
// the caller is used as is.
let zerocallAddon;
function zerocallEnv() {
  if (zerocallAddon === undefined) {
    zerocallAddon = process.env.ZEROCALL_ADDON || null;
    const built = path.join(ROOT, 'build/Release/zerocall.node');
    if (!zerocallAddon && fs.existsSync(built)) {
      zerocallAddon = path.join(BUILD, 'zerocall-snapshot.node');
      fs.copyFileSync(built, zerocallAddon);
    }
  }
  return zerocallAddon ? { ZEROCALL_ADDON: zerocallAddon } : {};
}
const zerocallNA = () => {
  if (!fs.existsSync(path.join(ROOT, 'lib/index.js'))) return 'lib/index.js not there yet';
  const r = sh(process.execPath, ['-e', 'require(process.argv[1])', path.join(ROOT, 'lib/index.js')],
    { env: { ...process.env, ...zerocallEnv() } });
  return r.ok ? null : `require('zerocall') fails: ${firstLine(r.err.split('\n').filter((l) => /Error/.test(l)).join('\n') || r.err)}`;
};
function zerocallVersion() {
  let v = '?';
  try { v = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version; } catch {}
  const g = sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']);
  const dirty = sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'lib']).out ? '+dirty' : '';
  let built = '';
  try { built = `, addon built ${fs.statSync(path.join(ROOT, 'build/Release/zerocall.node')).mtime.toISOString().slice(0, 16)}Z`; } catch {}
  return `${v}${g.ok ? ` (${g.out}${dirty}${built})` : ''}`;
}
const PEERS = [
  { id: 'c', label: 'C loop', what: 'the floor: direct C calls through function pointers',
    prepare: () => { const na = buildDirect(); return na ? { na } : { cmd: path.join(BUILD, 'direct'), args: [], direct: true }; },
    version: () => firstLine(sh('cc', ['--version']).out) },
  { id: 'fastapi', label: 'V8 Fast API', what: 'hand-written V8 Fast API binding (the ceiling)',
    prepare: () => { const na = buildAddons(); return na ? { na } : nodeChild('fastapi'); },
    version: () => `hand-written, Node ${process.version}` },
  { id: 'zerocall', label: 'zerocall', what: 'zerocall, default settings',
    prepare: () => { const na = zerocallNA(); return na ? { na } : nodeChild('zerocall', { ...zerocallEnv(), ZEROCALL_JIT: undefined }); },
    version: zerocallVersion },
  { id: 'zerocall-nojit', label: 'zerocall JIT=0', what: 'zerocall with ZEROCALL_JIT=0 (general libffi path)',
    prepare: () => { const na = zerocallNA(); return na ? { na } : nodeChild('zerocall-nojit', { ...zerocallEnv(), ZEROCALL_JIT: '0' }); },
    version: zerocallVersion },
  { id: 'napi', label: 'N-API', what: 'hand-written Node-API binding',
    prepare: () => { const na = buildAddons(); return na ? { na } : nodeChild('napi'); },
    version: () => `hand-written, Node ${process.version}` },
  { id: 'koffi', label: 'koffi', what: 'koffi 3 (npm)',
    prepare: (o) => { const na = installDeps(o); return na ? { na } : nodeChild('koffi'); },
    version: () => { try { return require(path.join(BENCH, 'node_modules/koffi/package.json')).version; } catch { return '?'; } } },
  { id: 'node-ffi', label: `node:ffi ${NODE26.split('.')[0]}`, what: `node:ffi of Node ${NODE26} (--experimental-ffi)`,
    prepare: (o) => { const n = findNode26(o); return n.na ? { na: n.na } : { cmd: n.bin, args: ['--experimental-ffi', '--no-warnings', CHILD, 'node-ffi'] }; },
    version: (o) => { const n = findNode26(o).bin; return n ? `${sh(n, ['--version']).out} (V8 ${sh(n, ['-p', 'process.versions.v8']).out})` : '?'; } },
  { id: 'deno', label: 'Deno', what: 'Deno.dlopen (npm `deno`)',
    prepare: (o) => {
      const na = installDeps(o); if (na) return { na };
      const bin = denoBin(); if (!bin) return { na: 'deno binary not installed (npm `deno` / @deno/linux-x64-glibc)' };
      return { cmd: bin, args: ['run', '--allow-ffi', '--allow-read', '--no-config', '--no-lock', '--no-remote', '--no-npm', '--no-prompt', CHILD, 'deno'],
        env: { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', DENO_DIR: path.join(BUILD, 'deno-dir'), NO_COLOR: '1' } };
    },
    version: () => { const b = denoBin(); if (!b) return '?'; const l = sh(b, ['--version']).out.split('\n'); return `${l[0].split(' ')[1]} (${l[1] ? l[1].replace(/^v8 /, 'V8 ') : ''})`; } },
  { id: 'bun', label: 'Bun', what: 'bun:ffi (npm `bun`)',
    prepare: (o) => {
      const na = installDeps(o); if (na) return { na };
      const bin = bunBin(); if (!bin) return { na: 'bun binary not installed (npm `bun` / @oven/bun-linux-x64)' };
      return { cmd: bin, args: ['--no-install', CHILD, 'bun'] };
    },
    version: () => { const b = bunBin(); return b ? sh(b, ['--version']).out : '?'; } },
  { id: 'zerocall-base', label: 'zerocall base', what: 'another zerocall checkout (--base DIR), default settings', onlyWith: 'base',
    prepare: (o) => {
      if (!fs.existsSync(path.join(o.base, 'lib/index.js'))) return { na: `--base ${o.base} has no lib/index.js` };
      return nodeChild('zerocall-base', { ZEROCALL_BENCH_BASE: o.base, ZEROCALL_ADDON: process.env.ZEROCALL_BASE_ADDON, ZEROCALL_JIT: undefined });
    },
    version: (o) => { const g = sh('git', ['-C', o.base, 'rev-parse', '--short', 'HEAD']); return g.ok ? `${g.out} (${o.base})` : o.base; } },
  // SQLite libraries, not FFIs: only the sqlite_rows workload
  { id: 'better-sqlite3', label: 'better-sqlite3', what: 'better-sqlite3 (npm; its own SQLite), built for the running Node', cases: ['sqlite_rows'],
    prepare: (o) => { const b = betterSqlite3(o); return b.na ? { na: b.na } : nodeChild('better-sqlite3', { BENCH_BETTER_SQLITE3: b.mod }); },
    version: (o) => {
      const b = betterSqlite3(o);
      const v = sh(process.execPath, ['-p', `const D = require(process.argv[1]); require(process.argv[1] + '/package.json').version + ', SQLite ' + new D(':memory:').prepare('SELECT sqlite_version()').pluck().get()`, b.mod]);
      return v.ok ? `${v.out}, Node ${process.version}` : '?';
    } },
  { id: 'node-sqlite', label: 'node:sqlite', what: "Node's built-in node:sqlite (its own SQLite)", cases: ['sqlite_rows'],
    prepare: (o) => { const n = nodeSqlite(o); return n.na ? { na: n.na } : { cmd: n.bin, args: [...n.flags, '--no-warnings', CHILD, 'node-sqlite'] }; },
    version: (o) => nodeSqlite(o).version },
];


// ---------------------------------------------------------------- running one child
const PATHS = { bench: LIBBENCH, libc: 'libc.so.6', sqlite: 'libsqlite3.so.0' };
function runChild(peer, prep, c, o, reps) {
  const opts = { paths: PATHS, reps, maxN: o.maxN, targetMs: o.targetMs };
  // the C loop gets the case's own cap too (child.mjs reads it from cases.mjs)
  const directMaxN = Math.min(o.maxN, c.maxN || Infinity);
  const args = prep.direct ? [LIBBENCH, c.name, String(directMaxN), String(reps), String(o.targetMs), ...(c.cArgs ? c.cArgs(PATHS) : [])]
    : [...prep.args, c.name, JSON.stringify(opts)];
  const env = { ...process.env };
  for (const [k, v] of Object.entries(prep.env || {})) { if (v === undefined) delete env[k]; else env[k] = v; }
  const t0 = Date.now();
  const r = spawnSync(prep.cmd, args, { cwd: BENCH, env, encoding: 'utf8', timeout: 180e3, maxBuffer: 16 << 20 });
  const line = (r.stdout || '').split('\n').find((l) => l.startsWith('@@RESULT '));
  const secs = (Date.now() - t0) / 1000;
  if (line) {
    try {
      return { ...JSON.parse(line.slice(9)), secs };
    } catch (e) {
      return { error: `unreadable result line: ${line.slice(0, 200)}`, secs };
    }
  }
  const why = r.error ? (r.error.code === 'ETIMEDOUT' ? 'timed out' : r.error.message)
    : r.signal ? `crashed (${r.signal})` : `exited ${r.status}`;
  const tail = (r.stderr || '').split('\n').filter((l) => l.trim()).slice(-2).join(' | ').slice(0, 300);
  return { error: `${why}${tail ? `: ${tail}` : ''}`, crash: true, secs };
}
// one child's result into the cell's: repetitions pooled, the first n/a or failure ends the cell
function merge(cell, res) {
  if (res.na || res.error) {
    Object.assign(cell, { na: res.na, error: res.error, crash: res.crash, done: true });
    if (res.notes) cell.notes = [...new Set([...(cell.notes || []), ...res.notes])];
    return;
  }
  cell.ns.push(...res.ns);
  if (res.rss) (cell.rss ||= []).push(...res.rss);
  cell.rounds.push({ n: res.n, ns: res.ns, secs: res.secs, ...(res.rss ? { rss: res.rss } : {}) });
  cell.notes = [...new Set([...(cell.notes || []), ...(res.notes || [])])];
  for (const k of ['runtime', 'last', 'estNs']) if (res[k] !== undefined) cell[k] = res[k];
  if (res.slowFrac !== undefined) cell.slowFrac = Math.max(cell.slowFrac || 0, res.slowFrac);
}

// ---------------------------------------------------------------- main
function machine() {
  let cpu = os.cpus()[0] ? os.cpus()[0].model : '?';
  try { cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))[1]; } catch {}
  return { cpu, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), kernel: os.release(), arch: process.arch,
    loadavg: os.loadavg().map((x) => +x.toFixed(2)) };
}
function write(doc, peers, cases) {
  const { text, md } = render(doc, peers, cases);
  console.log(text);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(doc, null, 2) + '\n');
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), md);
  fs.writeFileSync(path.join(RESULTS, 'latest.svg'), chart(doc, peers, cases));
  log(`bench: wrote bench/results/latest.json, latest.md and latest.svg${doc.seconds !== undefined ? ` (${doc.seconds} s)` : ''}`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const { CASES, BIND } = await import('./cases.mjs');
  // a filter token selects the item of that exact name, else every item it is a prefix of
  const pick = (items, tokens, key) => (!tokens.length ? items : items.filter((it) => tokens.some((x) =>
    it[key] === x || (!items.some((o2) => o2[key] === x) && it[key].startsWith(x)))));
  if (o.list) {
    console.log('cases:', CASES.map((c) => c.name).join(' '));
    console.log('peers:', PEERS.map((p) => p.id).join(' '));
    return;
  }
  if (o.render) { // tables and chart again from a saved run
    const doc = JSON.parse(fs.readFileSync(o.render, 'utf8'));
    const cases = doc.cases.map((c) => CASES.find((x) => x.name === c.name) || c);
    return write(doc, PEERS.filter((p) => doc.peers[p.id]), cases);
  }
  const cases = pick(CASES, o.cases, 'name');
  const runs = (p, c) => !p.cases || p.cases.includes(c.name);
  const peers = pick(PEERS.filter((p) => !p.onlyWith || o[p.onlyWith]), o.peers, 'id').filter((p) => cases.some((c) => runs(p, c)));
  if (!cases.length) throw new Error(`no case matches ${o.cases.join(',')} (see --list)`);
  if (!peers.length) throw new Error(`no peer matches ${o.peers.join(',')} for these cases (see --list)`);
  const started = Date.now();
  buildBenchlib();
  if (cases.some((c) => c.kind === 'bind')) {
    const na = buildBindLib(BIND);
    if (na) throw new Error(na);
    PATHS[BIND.lib] = path.join(BUILD, `lib${BIND.lib}.so`);
  }

  const preps = {};
  for (const p of peers) {
    try { preps[p.id] = p.prepare(o); } catch (e) { preps[p.id] = { na: String(e.message || e) }; }
  }
  const header = {
    date: new Date().toISOString(),
    machine: machine(),
    node: process.version, v8: process.versions.v8,
    mode: o.quick ? 'quick' : 'full', reps: o.reps, rounds: o.rounds, maxN: o.maxN, targetMs: o.targetMs, statistic: o.stat,
    peers: Object.fromEntries(peers.map((p) => [p.id, {
      label: p.label, what: p.what,
      version: preps[p.id].na ? null : (() => { try { return p.version(o); } catch { return '?'; } })(),
      na: preps[p.id].na || null,
    }])),
  };
  const m = header.machine;
  log(`# zerocall bench (${header.mode}, ${o.reps} repetitions in ${o.rounds} round${o.rounds > 1 ? 's' : ''}): ${m.cpu}, ${m.cores} cores, ${m.kernel}; Node ${header.node} (V8 ${header.v8})`);
  if (m.loadavg[0] > m.cores * 0.5) log(`# warning: load average ${m.loadavg[0]} on ${m.cores} cores: other work is running, expect noisy numbers`);
  for (const p of peers) {
    const h = header.peers[p.id];
    log(`#   ${p.label.padEnd(15)} ${h.na ? `n/a: ${h.na}` : h.version}`);
  }

  const results = {};
  for (const c of cases) {
    results[c.name] = {};
    for (const p of peers) if (runs(p, c)) results[c.name][p.id] = preps[p.id].na ? { na: preps[p.id].na, done: true } : { ns: [], rounds: [] };
  }
  for (let r = 0; r < o.rounds; r++) {
    const reps = repsOfRound(o, r);
    for (const c of cases) {
      const ps = peers.filter((p) => runs(p, c));
      const order = ps.map((_, i) => ps[(i + r) % ps.length]); // a different peer first in every round
      for (const p of order) {
        const cell = results[c.name][p.id];
        if (!cell.done) merge(cell, runChild(p, preps[p.id], c, o, c.kind === 'bind' ? 1 : reps));
      }
      const shown = ps.map((p) => {
        const cell = results[c.name][p.id];
        const last = cell.rounds && cell.rounds[r];
        return `${p.label}=${last ? brief(c, Math.min(...last.ns)) : cell.na ? 'n/a' : cell.error ? 'ERR' : '-'}`;
      });
      log(`[${r + 1}/${o.rounds}] ${c.name.padEnd(14)} ${shown.join('  ')}`);
    }
  }
  for (const c of cases) for (const cell of Object.values(results[c.name])) { delete cell.done; summarize(cell, o.stat); }
  header.seconds = Math.round((Date.now() - started) / 1000);
  header.loadavgAfter = os.loadavg().map((x) => +x.toFixed(2));
  const doc = { ...header, cases: cases.map((c) => ({ name: c.name, per: c.per || 'call', kind: c.kind || 'call' })), results };
  write(doc, peers, cases);
}

if (require.main === module) main().catch((e) => { console.error(`bench: ${e.stack || e}`); process.exit(1); });
module.exports = { runChild, PEERS };
