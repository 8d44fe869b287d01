// Preloaded with NODE_OPTIONS=--require by tests: on exit, lists on stderr every loaded
// module file that belongs to the AWS SDK or dist/sts.js, so a test can assert none was
// (and, the line before, the OS keyring's native addon).
"use strict";
process.on("exit", () => {
  const sdk = Object.keys(require.cache).filter((f) => /[\\/]dist[\\/]sts\.js$|[\\/]@aws-sdk[\\/]|[\\/]@smithy[\\/]/.test(f));
  const keyring = Object.keys(require.cache).filter((f) => /[\\/]@napi-rs[\\/]keyring|\.node$/.test(f));
  process.stderr.write(`[loaded-keyring-modules: ${keyring.length}]\n`);
  process.stderr.write(`[loaded-sdk-modules: ${sdk.length}]\n`);
});
