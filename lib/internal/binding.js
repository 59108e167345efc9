'use strict';
// Loads the native addon. ZEROCALL_ADDON (an absolute path) selects another build,
// e.g. one made for another Node version or with sanitizers (see docs/ci.md).
const path = require('path');

const addonPath = process.env.ZEROCALL_ADDON ||
  path.join(__dirname, '..', '..', 'build', 'Release', 'zerocall.node');

let binding;
try {
  binding = require(addonPath);
} catch (error) {
  error.message = `zerocall: cannot load the native addon at ${addonPath} ` +
    `(run \`npm install\` to build it): ${error.message}`;
  throw error;
}

// Type name -> numeric code, in the addon's own numbering (src/types/primitives.inc).
const typeCodes = new Map(binding.typeNames.map((name, code) => [name, code]));

module.exports = { binding, typeCodes };
