'use strict';
// Loads the native addon. ZEROCALL_ADDON (an absolute path) selects another build,
// e.g. one made for another Node version or with sanitizers (see docs/ci.md). Otherwise
// node-gyp-build picks it in the package directory: build/Release/zerocall.node when a source
// build is there (always so in a repository checkout: scripts/install.js builds there), else
// the prebuild for this CPU, glibc and NODE_MODULE_VERSION
// (prebuilds/linux-<arch>/node.abi<N>.glibc.node, scripts/prebuild.js).
const path = require('path');

const packageDir = path.join(__dirname, '..', '..');

function locate() {
  if (process.env.ZEROCALL_ADDON) return process.env.ZEROCALL_ADDON;
  try {
    return require('node-gyp-build').path(packageDir);
  } catch (error) {
    error.message = `zerocall: no native addon for this Node in ${packageDir} (run \`npm install\` ` +
      `there, or \`npm rebuild zerocall --build-from-source\` in a project): ${error.message.trim()}`;
    throw error;
  }
}

const addonPath = locate();
let exportsOfAddon;
try {
  exportsOfAddon = require(addonPath);
} catch (error) {
  error.message = `zerocall: cannot load the native addon at ${addonPath} ` +
    `(run \`npm install\` to build it): ${error.message}`;
  throw error;
}
// The addon's exports object has dictionary properties (made one by one from C++), so
// optimized code would look each binding.x up at run time (a LoadIC per call of
// getCString, errno(), UnsafePointer.of...). A literal copy has fast properties, which
// TurboFan reads as constants.
const binding = Object.freeze({ ...exportsOfAddon });

// Type name -> numeric code, in the addon's own numbering (src/types/primitives.inc).
const typeCodes = new Map(binding.typeNames.map((name, code) => [name, code]));

module.exports = { binding, typeCodes, addonPath };
