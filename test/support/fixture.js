'use strict';
// Where the C fixture library lives once test/run.js has built it. One file per CPU
// (process.arch), so that an arm64 run (scripts/test-arm64.sh, under qemu) and an x64 run
// from the same tree never load each other's build.
const path = require('path');

const fixturePath = path.resolve(__dirname, '..', '.build', process.arch, 'libzcfixture.so');

module.exports = { fixturePath };
