// The compiled core for code that runs from out/ (tests); bundles take src/index.ts instead.
// A file of its own because Node resolves package.json's "main" from the symlinked node_modules path.
module.exports = require('../out/shared/src/index.js');
