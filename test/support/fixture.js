'use strict';
// Where the C fixture library lives once test/run.js has built it. One file per CPU
// (process.arch), so that an arm64 run (scripts/test-arm64.sh, under qemu) and an x64 run
// from the same tree never load each other's build.
const fs = require('fs');
const path = require('path');

const buildDir = path.resolve(__dirname, '..', '.build', process.arch);
const fixturePath = path.join(buildDir, 'libzcfixture.so');

// Its sources: fixture.c and every fixture_<topic>.c beside it (one file a topic).
const fixtureDir = path.resolve(__dirname, '..', 'fixture');
const fixtureSources = ['fixture.c', ...fs.readdirSync(fixtureDir).filter((f) => /^fixture_\w+\.c$/.test(f)).sort()]
  .map((f) => path.join(fixtureDir, f));

// Small libraries for dlopen's options (test/js/dlopen_options.test.js), built by
// test/run.js beside the fixture: { source, path, ccArgs } by name.
const loaderLibrary = (name, ccArgs) => ({
  source: path.resolve(__dirname, '..', 'fixture', `loader_${name}.c`),
  path: path.join(buildDir, `libzcloader_${name}.so`),
  ccArgs,
});
const loaderLibraries = {
  global: loaderLibrary('global', []),
  deep: loaderLibrary('deep', ['-fsemantic-interposition']),
  unresolved: loaderLibrary('unresolved', ['-Wl,-z,lazy']),
};

module.exports = { fixtureSources, fixturePath, loaderLibraries };
