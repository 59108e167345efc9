// Another checkout of zerocall (run.js --base DIR sets ZEROCALL_BENCH_BASE) through the
// zerocall column's adapter: before/after columns of one run.
export { default } from './zerocall.mjs';
