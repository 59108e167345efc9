'use strict';
// index.d.ts: the type-level tests in test/types compile under `tsc --strict` (tsc is a
// devDependency, installed by `npm install`).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

test('index.d.ts infers each symbol\'s JS signature (test/types/api.test-d.ts)', () => {
  const tsc = require.resolve('typescript/bin/tsc');
  const project = path.join(__dirname, '..', 'types', 'tsconfig.json');
  const r = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc reported:\n${r.stdout}${r.stderr}`);
});
