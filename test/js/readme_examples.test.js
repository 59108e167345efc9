'use strict';
// The README's tagged examples (<!-- example: name --> before a ```js block) run as
// they are, and print what their `// expected` comments say, line by line.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/<!-- example: ([\w:-]+) -->\n```js\n([\s\S]*?)```/g)].map((m) => ({ name: m[1], code: m[2] }));

test('the README has the tagged examples', () => {
  assert.deepEqual(examples.map((e) => e.name), ['cstring', 'out-params', 'errno-variadic', 'declarations', 'bun', 'node:ffi']);
});

for (const { name, code } of examples) {
  test(`README example "${name}" runs and prints what it says`, () => {
    const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    assert.ok(expected.length > 0);
    // Inside the package, so that require('zerocall') resolves to this tree.
    const file = path.join(root, 'test', '.build', `readme-${name.replace(/\W/g, '_')}.js`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, code);
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', env: process.env });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), expected);
  });
}
