'use strict';
// Where the C fixture library lives once test/run.js has built it.
const path = require('path');

const fixturePath = path.resolve(__dirname, '..', '.build', 'libzcfixture.so');

module.exports = { fixturePath };
