'use strict';
// Preloaded (NODE_OPTIONS=--require) into every node that scripts/test-arm64.sh runs under
// qemu-user. Without binfmt_misc (containers), the host kernel cannot exec an arm64 ELF:
// a child started as process.execPath (test/run.js, node --test's per-file processes,
// tests that spawn node) would fail. ZEROCALL_EXEC_PATH names a host shell script that
// execs qemu-aarch64 on the arm64 node; spawning it works with or without binfmt_misc.
if (process.env.ZEROCALL_EXEC_PATH) process.execPath = process.env.ZEROCALL_EXEC_PATH;
