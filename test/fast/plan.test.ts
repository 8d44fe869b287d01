// `switchrole plan` says whether the shell fast path serves the target, and why not.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { cliHome, cliWorld } from "../cli/fixture";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
const TARGET = ["private_aws", "sample_switch_role"];
before(async () => {
  emu = await startEmulator(cliWorld());
  const h = cliHome(emu);
  home = h.home;
  env = h.env;
  for (const f of ["config", "credentials", "accounts"]) utimesSync(join(home, ".aws", f), Date.now() / 1000 - 20, Date.now() / 1000 - 20);
});
after(async () => {
  await emu.stop();
});

test("plan: no snapshot yet, then served by the shell, then not used and why", async () => {
  const none = await run(["plan", ...TARGET], env);
  assert.equal(none.code, 0, none.stderr);
  assert.doesNotMatch(none.stdout, /Shell fast path/, "no snapshot, nothing said");
  assert.deepEqual((JSON.parse((await run(["plan", ...TARGET, "--json"], env)).stdout) as { fastPath: unknown[] }).fastPath, []);
  const sr = await run(["env", "--shell", "bash", "--verbose", ...TARGET], { ...env, SWITCHROLE_FAST: "sr-bash", SWITCHROLE_MFA_CODE: await emu.freshMfaCode() });
  assert.equal(sr.code, 0, sr.stderr);
  // The miss said nothing: its snapshot is there (a hit would write it too).
  const served = await run(["plan", ...TARGET], env);
  assert.match(served.stdout, /^ {2}sr \(bash\): served by the shell, no process started, until \d{4}-\d\d-\d\d \d\d:\d\d$/m);
  const json = JSON.parse((await run(["plan", ...TARGET, "--json"], env)).stdout) as { fastPath: Array<{ front: string; serves: boolean }> };
  assert.deepEqual(json.fastPath.map((v) => [v.front, v.serves]), [["sr-bash", true]]);
  const other = await run(["plan", ...TARGET], { ...env, AWS_ROLE_SESSION_TIMEOUT: "1800" });
  assert.match(other.stdout, /^ {2}sr \(bash\): not used: \$AWS_ROLE_SESSION_TIMEOUT is set now; it was unset when the snapshot was written; switchrole runs instead$/m);
  chmodSync(join(home, ".cache/switchrole/fast-sr-bash+private_aws+sample_switch_role"), 0o666);
  const writable = await run(["plan", ...TARGET], env);
  assert.match(writable.stdout, /sr \(bash\): not used: .*fast-sr-bash\+private_aws\+sample_switch_role is writable by others \(mode 666\)/);
});

test("plan reads fish's layout too: served, then why not", async () => {
  const sr = await run(["env", "--shell", "fish", "--verbose", ...TARGET], { ...env, SWITCHROLE_FAST: "sr-fish" });
  assert.equal(sr.code, 0, sr.stderr);
  const served = await run(["plan", ...TARGET], env);
  assert.match(served.stdout, /^ {2}sr \(fish\): served by the shell, no process started, until \d{4}-\d\d-\d\d \d\d:\d\d$/m);
  const other = await run(["plan", ...TARGET], { ...env, AWS_ROLE_SESSION_TIMEOUT: "1800" });
  assert.match(other.stdout, /^ {2}sr \(fish\): not used: \$AWS_ROLE_SESSION_TIMEOUT is set now; it was unset when the snapshot was written; switchrole runs instead$/m);
  const region = await run(["plan", ...TARGET], { ...env, AWS_REGION: "us-east-1" });
  assert.match(region.stdout, /^ {2}sr \(fish\): not used: \$AWS_REGION differs from when the snapshot was written; switchrole runs instead$/m);
  // Touched in the snapshot's second: fish compares whole seconds, so that counts as changed.
  const snap = join(home, ".cache/switchrole/fast-sr-fish+private_aws+sample_switch_role");
  const { mtimeMs } = statSync(snap);
  utimesSync(join(home, ".aws", "accounts"), mtimeMs / 1000, mtimeMs / 1000);
  const touched = await run(["plan", ...TARGET], env);
  assert.match(touched.stdout, /^ {2}sr \(fish\): not used: .*\.aws\/accounts changed since it was written; switchrole runs instead$/m);
});
