'use strict';
// Test entry (`npm test`): builds the C fixtures (test/fixture/*.c) when missing or stale,
// then runs Node's built-in test runner on test/js with the same node binary.
//
//   node test/run.js                 every test file
//   node test/run.js pointers errors only files whose name contains one of the words
//   node test/run.js --fixtures       only build the fixtures
//
// A test file whose first line is `// flags: --expose-gc ...` is run with those node flags
// (files are grouped by flags, one `node <flags> --test <files>` per group). The environment
// is passed through (ZEROCALL_ADDON, ZEROCALL_JIT, ...). Works on Node 20, 22, 24 and 26:
// files are listed explicitly because Node 20's --test takes no globs.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const { fixtureSources, fixturePath, loaderLibraries } = require('./support/fixture.js');
const testDir = path.join(__dirname, 'js');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

// ELF e_machine of each process.arch the suite runs on; a fixture for another CPU
// (e.g. built by the host's `cc` for an arm64 node under qemu) cannot be loaded.
const ELF_MACHINE = { x64: 62, arm64: 183 };  // (little-endian e_machine at offset 18)

function elfMachine(file) {
  try {
    const fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(20);
    fs.readSync(fd, header, 0, 20, 0);
    fs.closeSync(fd);
    return header.readUInt16LE(18);
  } catch {
    return -1;
  }
}

function buildLibrary(sources, output, ccArgs = []) {
  const machine = ELF_MACHINE[process.arch];
  sources = [].concat(sources);
  const fresh = sources.every((source) => mtime(output) >= mtime(source));
  if (fresh && (machine === undefined || elfMachine(output) === machine)) return;
  fs.mkdirSync(path.dirname(output), { recursive: true });
  // Build to a private name and rename, so concurrent runs never load a half-written file.
  const tmp = `${output}.${process.pid}.tmp`;
  const cc = process.env.CC || 'cc';
  const args = ['-O2', '-shared', '-fPIC', '-pthread', '-Wall', '-Wextra', ...ccArgs, '-o', tmp, ...sources];
  console.log(`test/run.js: ${cc} ${args.join(' ')}`);
  const r = spawnSync(cc, args, { stdio: 'inherit' });
  if (r.error || r.status !== 0) {
    try { fs.unlinkSync(tmp); } catch {}
    console.error(`test/run.js: building the fixture failed${r.error ? `: ${r.error.message}` : ''}`);
    process.exit(1);
  }
  const built = elfMachine(tmp);
  if (machine !== undefined && built !== machine) {
    try { fs.unlinkSync(tmp); } catch {}
    console.error(`test/run.js: ${cc} built a library for ELF machine ${built}, but this node is ` +
      `${process.arch} (ELF machine ${machine}): set CC to a compiler for ${process.arch}`);
    process.exit(1);
  }
  fs.renameSync(tmp, output);
}

function buildFixtures() {
  buildLibrary(fixtureSources, fixturePath);
  for (const library of Object.values(loaderLibraries)) buildLibrary(library.source, library.path, library.ccArgs);
}

function flagsOf(file) {
  const first = fs.readFileSync(file, 'utf8').split('\n', 1)[0];
  const m = /^\/\/ flags:(.*)$/.exec(first);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}

function testFiles(filters) {
  const files = fs.readdirSync(testDir)
    .filter((f) => /\.test\.(c|m)?js$/.test(f))
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
    .sort()
    .map((f) => path.join(testDir, f));
  if (files.length === 0) {
    console.error(`test/run.js: no test file matches ${filters.join(' ')}`);
    process.exit(1);
  }
  return files;
}

function main() {
  buildFixtures();
  if (process.argv[2] === '--fixtures') return; // only the fixtures (scripts/soak.js)
  const addon = process.env.ZEROCALL_ADDON || path.join(root, 'build', 'Release', 'zerocall.node');
  if (!fs.existsSync(addon)) {
    console.error(`test/run.js: warning: the addon ${addon} does not exist (run \`npm install\`, ` +
      'or set ZEROCALL_ADDON to a build); the tests will fail to load it');
  }
  const groups = new Map();
  for (const file of testFiles(process.argv.slice(2))) {
    const flags = flagsOf(file);
    const key = flags.join(' ');
    if (!groups.has(key)) groups.set(key, { flags, files: [] });
    groups.get(key).files.push(file);
  }
  let status = 0;
  for (const { flags, files } of groups.values()) {
    const args = [...flags, '--test', ...files];
    console.log(`test/run.js: ${path.basename(process.execPath)} ${flags.concat('--test').join(' ')} ` +
      files.map((f) => path.relative(root, f)).join(' '));
    // Pinned: the suite tests this checkout's build, never a prebuild (prebuilds/) that
    // lib/internal/binding.js would fall back to without build/Release.
    const env = { ...process.env, ZEROCALL_ADDON: addon };
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
    if (r.error) {
      console.error(`test/run.js: ${r.error.message}`);
      status = 1;
    } else if (r.status !== 0) {
      status = r.status === null ? 1 : r.status;
    }
  }
  process.exit(status);
}

main();
