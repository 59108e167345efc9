'use strict';
// What the prebuilt addons need from the machine they run on, read from the ELF files
// themselves (readelf -d, objdump -T, ldd): no libffi (it is linked in, and its symbols are
// not exported), nothing but the C and C++ runtime that node itself links, no text
// relocations (everything linked in is position-independent), and no glibc or libstdc++
// symbol version newer than the floors the docs state (scripts/prebuild.js).
//
//   ZEROCALL_PREBUILDS_DIR=<dir> node --test test/package/prebuilds.test.js
//
// <dir> defaults to this checkout's prebuilds/; scripts/test-package.sh points it at the
// installed package's, i.e. at what the packed tarball carries.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { NODE_VERSIONS, ARCHES, GLIBC_FLOOR, GLIBCXX_FLOOR } = require('../../scripts/prebuild.js');

const dir = process.env.ZEROCALL_PREBUILDS_DIR || path.join(__dirname, '../../prebuilds');
const ELF_MACHINE = { x64: 'Advanced Micro Devices X86-64', arm64: 'AArch64' };
const OBJDUMP = { x64: 'objdump', arm64: 'aarch64-linux-gnu-objdump' };
// The libraries node itself links on Linux: glibc's, the dynamic loader and the C++ runtime.
const RUNTIME_LIBRARIES = new Set(['libc.so.6', 'libm.so.6', 'libdl.so.2', 'libpthread.so.0', 'libstdc++.so.6',
  'libgcc_s.so.1', 'ld-linux-x86-64.so.2', 'ld-linux-aarch64.so.1']);

const tool = (cmd, ...args) => execFileSync(cmd, args, { encoding: 'utf8' });
// '2.2.5' < '2.34' < '3.4.30': numeric parts, padded to the same count.
const versionKey = (v) => [...v.split('.'), 0, 0, 0].slice(0, 4).map(Number).reduce((key, n) => key * 1000 + n, 0);

// The highest `<prefix>_<version>` symbol version in `objdump -T` output.
function newestVersion(dynamicSymbols, prefix) {
  const versions = [...dynamicSymbols.matchAll(new RegExp(`\\(${prefix}_([0-9.]+)\\)`, 'g'))].map((m) => m[1]);
  return versions.sort((a, b) => versionKey(a) - versionKey(b)).pop();
}

const prebuilds = ARCHES.flatMap((arch) => {
  const files = fs.existsSync(path.join(dir, `linux-${arch}`)) ? fs.readdirSync(path.join(dir, `linux-${arch}`)) : [];
  return files.map((file) => ({ arch, file, full: path.join(dir, `linux-${arch}`, file) }));
});

test('one prebuild per supported Node ABI and CPU, in prebuildify\'s layout', () => {
  assert.deepEqual(fs.readdirSync(dir).sort(), ARCHES.map((arch) => `linux-${arch}`).sort());
  for (const arch of ARCHES) {
    const names = prebuilds.filter((p) => p.arch === arch).map((p) => p.file);
    assert.equal(names.length, NODE_VERSIONS.length, `linux-${arch}: ${names.join(' ')}`);
    for (const name of names) assert.match(name, /^node\.abi\d+\.glibc\.node$/);
  }
  const abis = (arch) => prebuilds.filter((p) => p.arch === arch).map((p) => p.file).sort();
  assert.deepEqual(abis('arm64'), abis('x64'), 'the same ABIs for every CPU');
  assert.ok(abis('x64').includes(`node.abi${process.versions.modules}.glibc.node`),
    `a prebuild for this Node (abi ${process.versions.modules})`);
});

for (const { arch, file, full } of prebuilds) {
  const abi = /abi(\d+)/.exec(file)[1];
  test(`linux-${arch}/${file}`, () => {
    assert.match(tool('readelf', '-h', full), new RegExp(`Machine:\\s+${ELF_MACHINE[arch]}\\n`));

    const dynamic = tool('readelf', '-d', full);
    const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
    assert.ok(needed.includes('libc.so.6'), `NEEDED: ${needed.join(' ')}`);
    assert.deepEqual(needed.filter((lib) => !RUNTIME_LIBRARIES.has(lib)), [], 'NEEDED beyond the C/C++ runtime');
    assert.doesNotMatch(dynamic, /ffi/);
    assert.doesNotMatch(dynamic, /TEXTREL/);

    const symbols = tool(OBJDUMP[arch], '-T', full);
    assert.match(symbols, new RegExp(`\\.text\\s+\\S+\\s+Base\\s+node_register_module_v${abi}\\n`),
      'the file name\'s ABI is the one the addon registers for');
    const definedFfi = symbols.split('\n').filter((line) => /\sffi_\w+$/.test(line) && !line.includes('*UND*'));
    assert.deepEqual(definedFfi, [], 'libffi symbols exported');
    const glibc = newestVersion(symbols, 'GLIBC');
    const glibcxx = newestVersion(symbols, 'GLIBCXX');
    assert.ok(versionKey(glibc) <= versionKey(GLIBC_FLOOR), `needs GLIBC_${glibc}, floor ${GLIBC_FLOOR}`);
    assert.ok(versionKey(glibcxx) <= versionKey(GLIBCXX_FLOOR), `needs GLIBCXX_${glibcxx}, floor ${GLIBCXX_FLOOR}`);

    if (arch === process.arch) {
      const resolved = tool('ldd', full);
      assert.doesNotMatch(resolved, /ffi|not found/);
      const names = [...resolved.matchAll(/^\s*(\S+)/gm)].map((m) => path.basename(m[1]));
      assert.deepEqual(names.filter((lib) => !RUNTIME_LIBRARIES.has(lib) && !lib.startsWith('linux-vdso')), [],
        `ldd: ${resolved}`);
    }
  });
}

test('the stated floors are what the prebuilds need, not more', () => {
  const newest = (prefix) => prebuilds.map(({ arch, full }) => newestVersion(tool(OBJDUMP[arch], '-T', full), prefix))
    .sort((a, b) => versionKey(a) - versionKey(b)).pop();
  assert.equal(newest('GLIBC'), GLIBC_FLOOR);
  assert.equal(newest('GLIBCXX'), GLIBCXX_FLOOR);
});
