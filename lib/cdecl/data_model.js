'use strict';
// The C data model of the platforms zerocall runs on: LP64 Linux on x86-64 and AArch64
// (int 32-bit, long and pointers 64-bit). Plain `char` is signed on x86-64 and unsigned
// on AArch64, as each ABI says.
const PLAIN_CHAR = process.arch === 'arm64' ? 'u8' : 'i8';

module.exports = { PLAIN_CHAR };
