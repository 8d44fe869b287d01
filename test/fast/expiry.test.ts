// On expiry the Node path takes over: a 15-minute role with SWITCHROLE_MIN_TTL=893 is
// served by the shell for its first 7 seconds only; after that sr (bash, zsh, fish) runs
// Node, which assumes the role again (one AssumeRole each, in the emulator's log) and the
// shell gets the new keys.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { skipUnless } from "../helpers/programs";
import { cliHome, cliWorld } from "../cli/fixture";
import { inShell, recorder, SHELLS, type Recorder, type ShellName } from "./world";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
let rec: Recorder;
before(async () => {
  emu = await startEmulator(cliWorld());
  const h = cliHome(emu);
  home = h.home;
  env = { ...h.env, SWITCHROLE_MIN_TTL: "893" };
  rec = recorder();
});
after(async () => {
  await emu.stop();
});

const ARGS = "private_aws sample_switch_role -d 15m";
const shells = (Object.keys(SHELLS) as ShellName[]).filter((s) => skipUnless(s) === false);

async function sr(shell: ShellName, extra: NodeJS.ProcessEnv = {}): Promise<{ key: string; node: boolean; stderr: string }> {
  const c = SHELLS[shell];
  rec.take();
  const r = await inShell(shell, `${c.load}\nsr ${ARGS}\necho "$AWS_ACCESS_KEY_ID"`, { ...env, ...extra }, rec);
  assert.equal(r.code, 0, r.stderr);
  return { key: r.stdout.trim(), node: rec.take().some((l) => !l.includes("shell-init")), stderr: r.stderr };
}

const assumeRoles = async () => (await emu.calls()).filter((c) => c.action === "AssumeRole" && c.status === 200).length;

test("after the deadline (expiry minus SWITCHROLE_MIN_TTL) sr runs Node, which assumes the role again", async () => {
  const first = await sr("bash", { SWITCHROLE_MFA_CODE: await emu.freshMfaCode() });
  assert.equal(first.node, true);
  for (const shell of shells) {
    await sr(shell); // Node, from the cache: leaves this shell's snapshot
    const served = await sr(shell);
    assert.equal(served.node, false, `${shell} serves it from the snapshot: ${served.stderr}`);
    assert.equal(served.key, first.key);
  }
  const snapshot = readFileSync(join(home, ".cache/switchrole", "fast-sr-bash+private_aws+sample_switch_role+-d+15m"), "utf8").split("\0");
  const deadline = Number(snapshot[1]);
  assert.ok(deadline > 0 && deadline - Date.now() / 1000 < 10, `the deadline is expiry - 893 s: ${snapshot[1]}`);
  while (Date.now() / 1000 < deadline + 1) await sleep(250);
  let before = await assumeRoles();
  let last = first.key;
  for (const shell of shells) {
    const r = await sr(shell);
    assert.equal(r.node, true, `${shell}: Node took over`);
    // The first shell's Node assumed it again (the MFA session signs, no code); the others share that entry.
    const now = await assumeRoles();
    if (shell === shells[0]) {
      assert.equal(now, before + 1, "one AssumeRole");
      assert.notEqual(r.key, first.key, "new keys");
      last = r.key;
    } else {
      // A new 15-minute entry is fresh for 7 s; a slow machine may need one more AssumeRole.
      assert.ok(now <= before + 1, "at most one more");
      if (now === before) assert.equal(r.key, last);
    }
    before = now;
  }
});
