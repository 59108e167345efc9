'use strict';
// The package's install script (`npm install` runs it). In a project (installed from the
// registry or a tarball) it keeps the prebuilt addon that matches this Node, CPU and glibc
// when that one loads, and compiles nothing; otherwise it builds from source with
// scripts/build.js (a C++20 compiler, make, python3 and libffi's headers needed). It always
// builds from source:
//   - with `npm install --build-from-source` (npm_config_build_from_source=true, as for every
//     node-gyp-build package, or =zerocall),
//   - in a repository checkout (a .git entry beside package.json), so that `npm install`
//     then `npm test` test the sources as they are, never a prebuild made from older ones.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

function sourceBuildReason() {
  const flag = process.env.npm_config_build_from_source;
  if (flag === 'true' || flag === 'zerocall') return '--build-from-source';
  if (fs.existsSync(path.join(root, '.git'))) return 'a repository checkout';
  return null;
}

// -> [path, null] of the prebuild that loads here, or [path or null, why not].
function loadablePrebuild() {
  process.env.PREBUILDS_ONLY = '1'; // node-gyp-build: skip build/ (read when it is first loaded)
  let file = null;
  try {
    file = require('node-gyp-build').path(root);
    require(file);
    return [file, null];
  } catch (error) {
    return [file, error.message.trim().split('\n')[0]];
  }
}

let reason = sourceBuildReason();
if (!reason) {
  const [file, failure] = loadablePrebuild();
  if (!failure) {
    console.log(`zerocall: using the prebuilt addon ${path.relative(root, file)}`);
    process.exit(0);
  }
  reason = file ? `the prebuild ${path.relative(root, file)} does not load (${failure})` : failure;
}
console.log(`zerocall: building from source (${reason})`);
require('./build.js');
