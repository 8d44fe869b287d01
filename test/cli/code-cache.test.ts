// dist/sts.js ships with V8's compiled code (dist/sts.js.cache, written by the build) so a
// call to STS does not pay for compiling the SDK. V8 silently ignores a cache it cannot
// use, so this checks that the one the build wrote is accepted and loads the module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Script } from "node:vm";
import Module from "node:module";
import { ROOT } from "../helpers/home";
import { requireWithCodeCache } from "../../src/sts/code-cache";
import { tempDir } from "../helpers/tmp";

const STS_JS = join(ROOT, "dist/sts.js");

test("the build writes a code cache for dist/sts.js that V8 accepts", () => {
  assert.ok(existsSync(`${STS_JS}.cache`), "dist/sts.js.cache is missing: scripts/build.mjs writes it");
  const script = new Script(Module.wrap(readFileSync(STS_JS, "utf8")), { filename: STS_JS, cachedData: readFileSync(`${STS_JS}.cache`) });
  assert.equal(script.cachedDataRejected, false);
});

test("requireWithCodeCache loads the STS module once, as require() would", () => {
  const mod = requireWithCodeCache(STS_JS) as Record<string, unknown>;
  for (const name of ["getSessionToken", "assumeRole", "getCallerIdentity", "discoverMfa", "profileCredentials"]) {
    assert.equal(typeof mod[name], "function", name);
  }
  assert.equal(require(STS_JS), mod, "registered in require.cache");
});

test("without a cache file it is a plain require(); with a stale one it still loads", () => {
  const dir = tempDir("code-cache-");
  const file = join(dir, "m.js");
  writeFileSync(file, "exports.answer = 42;");
  assert.equal((requireWithCodeCache(file) as { answer: number }).answer, 42);
  const other = join(dir, "n.js");
  writeFileSync(other, "exports.answer = 43;");
  writeFileSync(`${other}.cache`, Buffer.from("not V8's code cache"));
  assert.equal((requireWithCodeCache(other) as { answer: number }).answer, 43);
});
