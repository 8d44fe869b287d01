// 20 `switchrole env` processes at once on a cold cache, the MFA code coming from the
// profile's mfa_process: one GetSessionToken, one AssumeRole, one code, one answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";

test("20 concurrent env on a cold cache: one GetSessionToken, one AssumeRole, mfa_process ran once", { timeout: 120_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { home, env } = seedHome(emu);
  const codeFile = join(home, "code");
  const runsFile = join(home, "mfa-process-runs");
  writeFileSync(codeFile, `${await emu.freshMfaCode()}\n`);
  writeFileSync(runsFile, "");
  // Appended to [profile bastion].
  const config = readFileSync(join(home, ".aws/config"), "utf8");
  writeFileSync(join(home, ".aws/config"), `${config}mfa_process = echo ran >> '${runsFile}'; cat '${codeFile}'\n`);

  const results = await Promise.all(Array.from({ length: 20 }, () => run(["env", "private_aws", "sample_switch_role", "--shell", "json"], env)));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(results.map((r) => r.stderr).filter(Boolean), [], "nothing said on stderr");
  const outputs = new Set(results.map((r) => r.stdout));
  assert.equal(outputs.size, 1, "identical credentials in all 20 outputs");
  const vars = JSON.parse([...outputs][0]!) as Record<string, string>;
  assert.match(vars.AWS_ACCESS_KEY_ID!, /^ASIA/);

  assert.equal(readFileSync(runsFile, "utf8"), "ran\n", "mfa_process ran once");
  const calls = await emu.calls();
  const sts = calls.filter((c) => c.service === "sts").map((c) => `${c.action} ${c.status}`);
  assert.deepEqual(sts, ["GetSessionToken 200", "AssumeRole 200"]);
  assert.equal(calls.find((c) => c.action === "AssumeRole")?.issuedAccessKeyId, vars.AWS_ACCESS_KEY_ID);
});
