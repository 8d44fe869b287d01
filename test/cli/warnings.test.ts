// Warnings reach stderr as `switchrole: warning: …`, the prefix once, whichever layer
// (config, accounts file, cache) raised them and whichever command shows them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";

test("a warning from the accounts file and from a corrupt cache entry is prefixed once, in plan, list and env", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { env, home } = seedHome(emu, { accounts: { private_aws: 123456789012 } });
  const cache = join(home, ".cache", "switchrole");
  mkdirSync(cache, { recursive: true, mode: 0o700 });
  writeFileSync(join(cache, `role-${"0".repeat(32)}.json`), "{", { mode: 0o600 });
  for (const args of [["plan", "private_aws", "sample_switch_role"], ["list"], ["env", "private_aws", "sample_switch_role", "--mfa-code", await emu.freshMfaCode()]]) {
    const r = await run(args, env);
    assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("warning:"));
    assert.ok(warnings.length > 0, `${args[0]} warned: ${r.stderr}`);
    for (const w of warnings) assert.match(w, /^switchrole: warning: (?!.*switchrole: )/, `${args[0]}: ${w}`);
    if (args[0] !== "list") assert.ok(warnings.some((w) => w.includes("is the JSON number 123456789012")), `${args[0]}: ${r.stderr}`);
  }
});
