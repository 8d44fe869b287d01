// Preloaded with NODE_OPTIONS=--require by tests: on exit, lists on stderr every loaded
// module file that belongs to the AWS SDK or dist/sts.js, so a test can assert none was.
"use strict";
process.on("exit", () => {
  const sdk = Object.keys(require.cache).filter((f) => /[\\/]dist[\\/]sts\.js$|[\\/]@aws-sdk[\\/]|[\\/]@smithy[\\/]/.test(f));
  process.stderr.write(`[loaded-sdk-modules: ${sdk.length}]\n`);
});
