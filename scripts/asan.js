#!/usr/bin/env node
'use strict';
// `npm run test:asan`: builds zerocall with AddressSanitizer + UndefinedBehaviorSanitizer
// and runs the test suite against that build on the node running this script.
//
//   node scripts/asan.js                 build .build/asan, run every test file
//   node scripts/asan.js pointers        extra arguments go to test/run.js (file filters)
//   ZEROCALL_ASAN_SKIP_BUILD=1 ...       reuse an existing .build/asan build
//   ZEROCALL_ASAN_LEAKS=0 ...            turn LeakSanitizer off (it is on by default)
//
// Node is not built with ASan, so the sanitizer runtimes are LD_PRELOADed into every node
// process of the run (the test runner starts a child per test file; they inherit the
// environment). How a report fails the run, twice over:
//   * halt_on_error / -fno-sanitize-recover: the process that hits the error exits 1, so
//     its test file fails and test/run.js exits non-zero;
//   * every report is also written to .build/asan/logs/<tool>.<pid> (log_path); after the
//     run this script prints each report and exits 1 if there is any, even when the
//     process that hit it was one whose exit status nobody checked.
// Leaks: LeakSanitizer runs at the exit of every `node` process, with scripts/lsan.supp
// suppressing only leaks allocated entirely inside node/V8/libc (never a stack with a
// zerocall frame). Other programs started under the preload (cc building the test
// fixture) run with detect_leaks=0: compilers leak by design. That per-program switch is
// an options file picked by the sanitizer's own `include_if_exists=<dir>/%b` (%b = the
// program's base name).
// Tests can tell they run under the sanitizers by ZEROCALL_ASAN=1 (e.g. to skip a test
// that deliberately crashes a child process, which would leave a SEGV report).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const buildDir = path.join(root, '.build', 'asan');
const addon = path.join(buildDir, 'build', 'Release', 'zerocall.node');
const logDir = path.join(buildDir, 'logs');
const optsDir = path.join(buildDir, 'sanitizer-options');
const asanFixture = path.join(buildDir, 'libzcfixture.so');
const suppressions = path.join(__dirname, 'lsan.supp');
const SAN_FLAGS = ['-g', '-fsanitize=address,undefined', '-fno-omit-frame-pointer',
  '-fno-sanitize-recover=undefined'];

function log(msg) {
  console.log(`asan: ${msg}`);
}

function fail(msg) {
  console.error(`asan: ${msg}`);
  process.exit(1);
}

function cleanEnv() {
  // Never let a sanitizer preload of an outer run leak into the build steps.
  const env = { ...process.env };
  for (const k of ['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS']) delete env[k];
  return env;
}

function build() {
  if (process.env.ZEROCALL_ASAN_SKIP_BUILD === '1' && fs.existsSync(addon)) {
    log(`reusing ${path.relative(root, addon)}`);
    return;
  }
  log('building the addon with -fsanitize=address,undefined into .build/asan');
  const env = { ...cleanEnv(), ZEROCALL_SANITIZE: '1', ZEROCALL_BUILD_DIR: path.relative(root, buildDir) };
  const r = spawnSync(process.execPath, [path.join(__dirname, 'build.js')], { cwd: root, env, stdio: 'inherit' });
  if (r.error) fail(`build: ${r.error.message}`);
  if (r.status !== 0) fail(`build failed (exit ${r.status ?? r.signal})`);
  if (!fs.existsSync(addon)) fail(`build succeeded but ${addon} is missing`);
}

// The runtime the compiler links against (what the addon's DT_NEEDED resolves to).
function runtime(name) {
  const cc = process.env.CXX || 'g++';
  const r = spawnSync(cc, [`-print-file-name=${name}`], { encoding: 'utf8', env: cleanEnv() });
  const p = r.status === 0 ? r.stdout.trim() : '';
  if (!p || !path.isAbsolute(p) || !fs.existsSync(p)) {
    fail(`${cc} does not know ${name}; install the compiler's sanitizer runtimes (libasan, libubsan)`);
  }
  return fs.realpathSync(p);
}

// Builds the C test fixture with the sanitizers too, when the test support code lets us
// point it at another copy (ZEROCALL_FIXTURE); otherwise the ordinary fixture is used
// uninstrumented (its heap calls are still checked by the preloaded runtime).
function buildFixture() {
  const support = path.join(root, 'test', 'support', 'fixture.js');
  if (!fs.existsSync(support)) return null;
  const saved = process.env.ZEROCALL_FIXTURE;
  process.env.ZEROCALL_FIXTURE = asanFixture;
  let honoured = false;
  let sources = [];
  try {
    ({ fixtureSources: sources = [] } = require(support));
    honoured = require(support).fixturePath === asanFixture;
  } catch {
    honoured = false;
  } finally {
    if (saved === undefined) delete process.env.ZEROCALL_FIXTURE;
    else process.env.ZEROCALL_FIXTURE = saved;
  }
  if (!honoured) {
    log('test/support/fixture.js ignores ZEROCALL_FIXTURE: the test fixture runs uninstrumented');
    return null;
  }
  const cc = process.env.CC || 'cc';
  const tmp = `${asanFixture}.${process.pid}.tmp`;
  const args = ['-O1', '-shared', '-fPIC', '-pthread', ...SAN_FLAGS, '-o', tmp, ...sources];
  log(`${cc} ${args.join(' ')}`);
  const r = spawnSync(cc, args, { stdio: 'inherit', env: cleanEnv() });
  if (r.error || r.status !== 0) fail('building the sanitized test fixture failed');
  fs.renameSync(tmp, asanFixture);
  return asanFixture;
}

function sanitizerEnv(fixture) {
  for (const p of [logDir, optsDir, suppressions]) {
    if (p.includes(':')) fail(`path ${p} contains ':', which sanitizer option strings cannot hold`);
  }
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  fs.mkdirSync(optsDir, { recursive: true });
  const leaks = process.env.ZEROCALL_ASAN_LEAKS !== '0';
  // Per-program ASan options, read by include_if_exists=<optsDir>/%b.
  fs.writeFileSync(path.join(optsDir, 'node'), `detect_leaks=${leaks ? 1 : 0}\n`);

  const asan = [
    'halt_on_error=1',
    'abort_on_error=0',        // exit(1) with the report, no core dump
    'detect_leaks=0',          // default for every program; node turns it on below
    `include_if_exists=${optsDir}/%b`,
    'detect_stack_use_after_return=0', // fake stacks confuse V8's stack walks; only our frames would gain
    'handle_segv=1',           // ASan reports SEGVs, but node/V8 may install their own handler (wasm traps)
    'malloc_context_size=30',
    `log_path=${logDir}/asan`,
  ];
  const env = {
    ...cleanEnv(),
    LD_PRELOAD: [runtime('libasan.so'), runtime('libubsan.so')].join(' '),
    ASAN_OPTIONS: asan.join(':'),
    LSAN_OPTIONS: `suppressions=${suppressions}:print_suppressions=0:report_objects=0`,
    UBSAN_OPTIONS: `halt_on_error=1:print_stacktrace=1:log_path=${logDir}/ubsan`,
    ZEROCALL_ADDON: addon,
    ZEROCALL_ASAN: '1',
  };
  if (fixture) env.ZEROCALL_FIXTURE = fixture;
  return env;
}

function reports() {
  let files = [];
  try {
    files = fs.readdirSync(logDir).sort();
  } catch {
    return [];
  }
  return files.map((f) => path.join(logDir, f))
    .filter((f) => fs.statSync(f).isFile() && fs.statSync(f).size > 0);
}

function main() {
  build();
  const fixture = buildFixture();
  const env = sanitizerEnv(fixture);
  log(`LD_PRELOAD=${env.LD_PRELOAD}`);
  log(`ASAN_OPTIONS=${env.ASAN_OPTIONS}`);
  log(`ZEROCALL_ADDON=${addon}`);
  const args = [path.join(root, 'test', 'run.js'), ...process.argv.slice(2)];
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  const status = r.error ? 1 : (r.status === null ? 1 : r.status);
  if (r.error) console.error(`asan: ${r.error.message}`);

  const found = reports();
  for (const f of found) {
    console.error(`\nasan: ===== sanitizer report ${path.relative(root, f)} =====`);
    console.error(fs.readFileSync(f, 'utf8'));
  }
  if (found.length) fail(`${found.length} sanitizer report(s) in ${path.relative(root, logDir)}; failing`);
  if (status !== 0) fail(`test run failed (exit ${r.status ?? r.signal})`);
  log('no sanitizer reports; test run passed');
}

main();
