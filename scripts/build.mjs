// Bundles the CLI, its commands, the lazily loaded STS client and the emulator into dist/.
//
// Start-up is the product (a cached lookup runs on every `cd` under direnv), so a run
// parses only what it uses:
// - dist/switchrole.js is the dispatcher; each command is its own bundle in
//   dist/commands/<name>.js, loaded when that command runs;
// - src/credentials/execute.ts (the executor's miss path) becomes dist/execute.js,
//   required only when the cache cannot serve;
// - src/sts/client.ts (the AWS SDK) becomes dist/sts.js, import()ed only when an STS or
//   IAM call is needed, so a cache hit never parses the SDK;
// - src/keys/store.ts (the stored keys' backends) becomes dist/keys-store.js, required
//   only when a source's stored keys are read (never on a cache hit);
// - write-file-atomic and proper-lockfile stay in node_modules and are required on the
//   first write or lock only. They are package.json's runtime `dependencies`, and nothing
//   else is: the build fails when a bundle requires a package that is not one of them, or
//   when one of them is required by no bundle (the AWS SDK, smithy and otpauth are bundled,
//   so they are devDependencies).
// Each switchrole bundle gets a source map beside it (<file>.js.map, no sources inside):
// --debug turns them on (src/main.ts, bin/switchrole), so stack traces name src/*.ts.
// Without --debug Node never reads them; a start-up pays only for the one comment line.
//
// `npm run build`, and `prepare` (npm pack, npm publish, an install from git, npm ci).
import { build } from "esbuild";
import { chmodSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

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
  // The SDK import()s node:http for http endpoints; from CommonJS that would start Node's
  // ES module loader (slow, see lazyParts). As require() it costs nothing extra.
  supported: { "dynamic-import": false },
};

/**
 * Turns the lazy require()s of src/sts/client and src/commands/<name> into runtime loads of
 * the dist files. (require, not import(): from CommonJS, import() starts Node's ES module
 * loader and its CommonJS export lexer, which costs more than the whole cached lookup.)
 */
function lazyParts(distPrefix) {
  return {
    name: "lazy-parts",
    setup(b) {
      // dist/sts.js is loaded with the V8 code cache made below (src/sts/code-cache.ts).
      b.onResolve({ filter: /(^|\/)client$/ }, (args) =>
        args.resolveDir.endsWith("/src/sts") && args.kind === "require-call" ? { path: "sts", namespace: "sts-bundle" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "sts-bundle" }, () => ({
        resolveDir: resolve("src/sts"),
        // With source maps on (--debug), a plain require(): Node maps only what its own
        // loader compiled, never the code cache's vm.Script.
        contents:
          `const file = require("node:path").join(__dirname, ${JSON.stringify(`${distPrefix}sts.js`)});\n` +
          `module.exports = process.sourceMapsEnabled ? require(file) : require("./code-cache").requireWithCodeCache(file);`,
      }));
      // The executor's miss path (STS, MFA, healing): dist/execute.js, loaded only on a miss,
      // so a cached lookup does not parse it.
      b.onResolve({ filter: /^\.\/execute$/ }, (args) =>
        args.resolveDir.endsWith("/src/credentials") && args.kind === "require-call" ? { path: `${distPrefix}execute.js`, external: true } : undefined,
      );
      // The stored keys' backends (the keyring's addon, the encrypted file): dist/keys-store.js,
      // loaded only when stored keys are read, so the commands' bundles do not carry them.
      b.onResolve({ filter: /^\.\.\/keys\/store$/ }, (args) =>
        args.resolveDir.endsWith("/src/credentials") && args.kind === "require-call" ? { path: `${distPrefix}keys-store.js`, external: true } : undefined,
      );
      b.onResolve({ filter: /^\.\/commands\/[a-z-]+$/ }, (args) =>
        args.resolveDir.endsWith("/src") && args.kind === "require-call" ? { path: `${distPrefix}${args.path}.js`, external: true } : undefined,
      );
    },
  };
}

const pkgJson = JSON.parse(readFileSync("package.json", "utf8"));
// dependencies, and the optional peers a user adds beside switchrole (the OS keyring's
// native addon: `npm install -g @napi-rs/keyring`).
const runtimeDeps = [...Object.keys(pkgJson.dependencies ?? {}), ...Object.keys(pkgJson.peerDependenciesMeta ?? {}).filter((d) => pkgJson.peerDependenciesMeta[d].optional)];
const mapped = { sourcemap: "linked", sourcesContent: false };
const commands = readdirSync("src/commands").filter((f) => f.endsWith(".ts")).map((f) => `src/commands/${f}`);

mkdirSync("dist/commands", { recursive: true });
const results = await Promise.all([
  build({ ...common, ...mapped, entryPoints: ["src/bin.ts"], outfile: "dist/switchrole.js", plugins: [lazyParts("./")], external: runtimeDeps, metafile: true }),
  build({ ...common, ...mapped, entryPoints: commands, outdir: "dist/commands", plugins: [lazyParts("../")], external: runtimeDeps, metafile: true }),
  build({ ...common, ...mapped, entryPoints: ["src/credentials/execute.ts"], outfile: "dist/execute.js", plugins: [lazyParts("./")], external: runtimeDeps, metafile: true }),
  build({ ...common, ...mapped, entryPoints: ["src/keys/store.ts"], outfile: "dist/keys-store.js", plugins: [lazyParts("./")], external: runtimeDeps, metafile: true }),
  // No map for the SDK bundle: its frames are the SDK's, and the map alone is 0.6 MB of the 3 MB install budget.
  build({ ...common, entryPoints: ["src/sts/client.ts"], outfile: "dist/sts.js", metafile: true }),
  build({ ...common, entryPoints: ["emulator/bin.ts"], outfile: "dist/emulator.js", metafile: true }),
]);
checkRuntimeDeps(results.map((r) => r.metafile));
// V8's compiled code for the SDK bundle, shipped beside it (see src/sts/code-cache.ts).
execFileSync(process.execPath, ["--import", "tsx", "-e", 'require("./src/sts/code-cache.ts").writeCodeCache(require("node:path").resolve("dist/sts.js"))']);
for (const f of ["bin/switchrole", "bin/assume-role", "bin/switchrole-emulator"]) chmodSync(f, 0o755);

/** The packages dist/ requires at run time (from node_modules) must be exactly package.json's `dependencies`. */
function checkRuntimeDeps(metafiles) {
  const builtin = new Set(builtinModules);
  const required = new Map(); // package -> a dist file that requires it
  for (const meta of metafiles) {
    for (const [file, output] of Object.entries(meta.outputs)) {
      for (const imp of output.imports) {
        if (!imp.external || imp.path.startsWith("node:") || imp.path.startsWith(".") || builtin.has(imp.path.split("/")[0])) continue;
        const pkg = imp.path.startsWith("@") ? imp.path.split("/").slice(0, 2).join("/") : imp.path.split("/")[0];
        if (!required.has(pkg)) required.set(pkg, file);
      }
    }
  }
  const problems = [];
  for (const [pkg, file] of required) {
    if (!runtimeDeps.includes(pkg)) problems.push(`${file} requires ${pkg}, which is not in package.json's dependencies or optional peerDependencies: add it there (or bundle it)`);
  }
  for (const pkg of runtimeDeps) {
    if (!required.has(pkg)) problems.push(`package.json's dependencies list ${pkg}, but no dist/ file requires it: move it to devDependencies`);
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`build: ${p}`);
    process.exit(1);
  }
}
