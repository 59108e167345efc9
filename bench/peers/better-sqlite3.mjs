// better-sqlite3 (npm), what a Node user would pick for SQLite: a native addon with its own
// SQLite, built by bench/prepare.js for the running Node into bench/.build (BENCH_BETTER_SQLITE3
// is its path). Not an FFI: it runs the sqlite_rows case's queryBody, with
// `stmt.raw(true).all()` (every row as an array [i, r, s]; integers as Numbers).
import { createRequire } from 'node:module';
import { ROWS } from '../cases.mjs';

const require = createRequire(import.meta.url);

export default {
  async open() {
    const Database = require(process.env.BENCH_BETTER_SQLITE3);
    const db = new Database(':memory:');
    db.exec(ROWS.setup);
    const version = db.prepare('SELECT sqlite_version()').pluck().get();
    return {
      fns: {}, query: (stmt) => stmt.all(), queryArg: db.prepare(ROWS.select).raw(true),
      notes: [`its own SQLite ${version}; stmt.raw(true).all(): every row as an array`],
    };
  },
  bindNA: 'not an FFI',
};
