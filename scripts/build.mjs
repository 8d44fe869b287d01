// Bundles the CLI, the lazily loaded STS client and the emulator into dist/.
// The CLI bundle keeps the AWS SDK out: src/sts/client.ts becomes dist/sts.js and is
// only import()ed when an STS call is needed, so the cached path never parses the SDK.
import { build } from "esbuild";
import { chmodSync, mkdirSync } from "node:fs";

// mainFields prefers the packages' ES module builds, which esbuild can tree-shake (the
// SDK and smithy ship both); minify cuts V8's parse and compile time on every start.
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
  legalComments: "none",
  mainFields: ["module", "main"],
  minify: true,
  keepNames: false,
};

const stsExternal = {
  name: "sts-external",
  setup(b) {
    // Any import of src/sts/client (from src/sts/load.ts) becomes a runtime import of dist/sts.js.
    b.onResolve({ filter: /(^|\/)client$/ }, (args) =>
      args.resolveDir.endsWith("/src/sts") && args.kind === "dynamic-import" ? { path: "./sts.js", external: true } : undefined,
    );
  },
};

mkdirSync("dist", { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ["src/bin.ts"], outfile: "dist/switchrole.js", plugins: [stsExternal] }),
  build({ ...common, entryPoints: ["src/sts/client.ts"], outfile: "dist/sts.js" }),
  build({ ...common, entryPoints: ["emulator/bin.ts"], outfile: "dist/emulator.js" }),
]);
for (const f of ["bin/switchrole", "bin/assume-role", "bin/switchrole-emulator"]) chmodSync(f, 0o755);
