// node:sqlite (Node 22.5+; built in, with its own SQLite), run by run.js under the running
// Node if it has it, else under the node:ffi column's Node. Not an FFI: it runs the
// sqlite_rows case's queryBody, with `stmt.setReturnArrays(true)` + `stmt.all()`.
import { createRequire } from 'node:module';
import { ROWS } from '../cases.mjs';

const require = createRequire(import.meta.url);

export default {
  async open() {
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(':memory:');
    db.exec(ROWS.setup);
    const stmt = db.prepare(ROWS.select);
    if (typeof stmt.setReturnArrays !== 'function') {
      throw Object.assign(new Error('no arrays'), { na: `node:sqlite of ${process.version} has no StatementSync#setReturnArrays` });
    }
    stmt.setReturnArrays(true);
    const version = db.prepare('SELECT sqlite_version() AS v').get().v;
    return {
      fns: {}, query: (st) => st.all(), queryArg: stmt,
      notes: [`${process.version}, its own SQLite ${version}; setReturnArrays(true) + all(): every row as an array`],
    };
  },
  bindNA: 'not an FFI',
};
