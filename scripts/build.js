'use strict';
// Builds the addon from source with node-gyp, offline: the headers come from the
// running Node's own installation (<prefix>/include/node), never from a download.
//
//   node scripts/build.js                   -> build/Release/zerocall.node
//   ZEROCALL_BUILD_DIR=.build/x node scripts/build.js
//                                           -> .build/x/build/Release/zerocall.node
//   ZEROCALL_SANITIZE=1 ...                 -> AddressSanitizer + UBSan variant
//   ZEROCALL_ARCH=arm64 ZEROCALL_NODEDIR=<Node headers>
//                                           -> a cross build (scripts/test-arm64.sh); CC, CXX,
//                                              LINK and AR default to aarch64-linux-gnu-*
//   ZEROCALL_LIBFFI_STATIC=<prefix>         -> libffi linked in from <prefix>/lib/libffi.a
//                                              (scripts/prebuild.js; default: the system's libffi.so)
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error('zerocall: node-gyp not found (run the build through npm, or set npm_config_node_gyp)');
}

function findNodeDir() {
  if (process.env.ZEROCALL_NODEDIR) return process.env.ZEROCALL_NODEDIR;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(prefix, 'include/node/node.h'))) return prefix;
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  throw new Error(`zerocall: Node headers not found under ${prefix}/include/node; set ZEROCALL_NODEDIR`);
}

function prepareBuildDir() {
  const dir = process.env.ZEROCALL_BUILD_DIR;
  if (!dir) return root;
  const abs = path.resolve(root, dir);
  fs.mkdirSync(abs, { recursive: true });
  fs.copyFileSync(path.join(root, 'binding.gyp'), path.join(abs, 'binding.gyp'));
  const src = path.join(abs, 'src');
  if (!fs.existsSync(src)) fs.symlinkSync(path.join(root, 'src'), src, 'dir');
  return abs;
}

const cwd = prepareBuildDir();
const nodedir = findNodeDir();
const env = { ...process.env };
// node-gyp lets npm_config_* variables override its command line, and npm exports every
// npmrc setting as one (e.g. `nodedir=/usr` from ~/.npmrc becomes npm_config_nodedir=/usr
// under `npm install` / `npm run`). Drop the ones that choose the headers, so that a build
// run by another Node version's binary is never compiled against the system Node's.
for (const k of ['nodedir', 'target', 'runtime', 'disturl', 'dist_url']) {
  delete env[`npm_config_${k}`];
}
if (process.env.ZEROCALL_SANITIZE === '1') {
  // -g: file:line in sanitizer reports (libasan symbolizes with the debug info).
  const flags = '-g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined';
  env.CFLAGS = `${env.CFLAGS || ''} ${flags}`;
  env.CXXFLAGS = `${env.CXXFLAGS || ''} ${flags}`;
  env.LDFLAGS = `${env.LDFLAGS || ''} ${flags}`;
}
// Debian's cross toolchain for a build for another CPU, unless CC/CXX/LINK/AR name one.
const CROSS_PREFIX = { arm64: 'aarch64-linux-gnu-' };
const target = process.env.ZEROCALL_ARCH;
if (target && target !== process.arch && CROSS_PREFIX[target]) {
  const tools = { CC: 'gcc', CXX: 'g++', LINK: 'g++', AR: 'ar' };
  for (const [name, tool] of Object.entries(tools)) env[name] = env[name] || CROSS_PREFIX[target] + tool;
}
const args = [findNodeGyp(), 'rebuild', `--nodedir=${nodedir}`, `--jobs=${require('os').cpus().length}`];
// node-gyp's --arch sets gyp's target_arch (binding.gyp picks the assembly sources by it);
// the compiler comes from CC/CXX/LINK, which node-gyp's make build honours.
if (process.env.ZEROCALL_ARCH) args.push(`--arch=${process.env.ZEROCALL_ARCH}`);
// Becomes binding.gyp's zerocall_libffi_static variable (node-gyp turns unknown options into gyp variables).
if (process.env.ZEROCALL_LIBFFI_STATIC) args.push(`--zerocall-libffi-static=${process.env.ZEROCALL_LIBFFI_STATIC}`);
const r = spawnSync(process.execPath, args, { cwd, env, stdio: 'inherit' });
if (r.error) throw r.error;
process.exit(r.status === null ? 1 : r.status);
