// What invalidates or bypasses the cache: a changed role_arn, --refresh, --no-cache,
// SWITCHROLE_MIN_TTL, and an expired MFA session when there is no terminal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";
import { Clock, countedTerminal, noTerminal, runMain } from "./helpers";

const stsActions = async (emu: Emulator) =>
  (await emu.calls()).filter((c) => c.service === "sts").map((c) => `${c.action}${c.roleArn ? ` ${c.roleArn.split("/")[1]}` : ""} ${c.status}`);

test("editing a profile's role_arn gives a new session (the MFA session is reused)", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { home, env } = seedHome(emu, { config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/short_role\nsource_profile = bastion\n" });
  const first = await run(["env", "dev", "--shell", "json", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(first.code, 0, first.stderr);
  const configPath = join(home, ".aws/config");
  writeFileSync(configPath, readFileSync(configPath, "utf8").replace("role/short_role", "role/sample_switch_role"));
  const second = await run(["env", "dev", "--shell", "json"], env);
  assert.equal(second.code, 0, second.stderr);
  assert.notEqual(JSON.parse(second.stdout).AWS_ACCESS_KEY_ID, JSON.parse(first.stdout).AWS_ACCESS_KEY_ID);
  assert.deepEqual(await stsActions(emu), ["GetSessionToken 200", "AssumeRole short_role 200", "AssumeRole sample_switch_role 200"]);
});

test("--refresh forces new role credentials; a plain run then serves the new ones", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { env } = seedHome(emu);
  const args = ["env", "private_aws", "sample_switch_role", "--shell", "json"];
  const a = await run([...args, "--mfa-code", await emu.freshMfaCode()], env);
  const b = await run([...args, "--refresh"], env);
  const c = await run(args, env);
  for (const r of [a, b, c]) assert.equal(r.code, 0, r.stderr);
  const id = (r: { stdout: string }) => JSON.parse(r.stdout).AWS_ACCESS_KEY_ID as string;
  assert.notEqual(id(b), id(a));
  assert.equal(id(c), id(b));
  assert.deepEqual(await stsActions(emu), ["GetSessionToken 200", "AssumeRole sample_switch_role 200", "AssumeRole sample_switch_role 200"]);
});

test("--no-cache writes nothing to the cache directory", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { home, env } = seedHome(emu);
  const r = await run(["env", "private_aws", "sample_switch_role", "--shell", "json", "--no-cache", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(existsSync(join(home, ".cache")), false);
  assert.deepEqual(await stsActions(emu), ["GetSessionToken 200", "AssumeRole sample_switch_role 200"]);
});

test("SWITCHROLE_MIN_TTL: below it a new AssumeRole, signed by the cached MFA session, no prompt", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const clock = new Clock(emu);
  const ask = countedTerminal(emu, clock);
  const { env } = seedHome(emu);
  const args = ["env", "private_aws", "sample_switch_role", "--shell", "json"];
  const first = await runMain(args, env, { now: clock.now, ask });
  assert.equal(first.code, 0, first.stderr);
  await clock.advance(50 * 60); // 10 minutes left
  const withinDefault = await runMain(args, env, { now: clock.now, ask });
  assert.equal(withinDefault.stdout, first.stdout, "10 minutes left is above the default 5 minutes");
  const higher = await runMain(args, { ...env, SWITCHROLE_MIN_TTL: "15m" }, { now: clock.now, ask });
  assert.equal(higher.code, 0, higher.stderr);
  assert.notEqual(JSON.parse(higher.stdout).AWS_ACCESS_KEY_ID, JSON.parse(first.stdout).AWS_ACCESS_KEY_ID);
  assert.equal(ask.prompts.length, 1, "the MFA session still serves: no second prompt");
  const calls = (await emu.calls()).filter((c) => c.service === "sts");
  assert.deepEqual(calls.map((c) => c.action), ["GetSessionToken", "AssumeRole", "AssumeRole"]);
  assert.equal(calls[2]!.accessKeyId, calls[0]!.issuedAccessKeyId, "signed with the MFA session");
});

test("an expired MFA session and no terminal: exit 1, stdout empty, told to run switchrole login", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const clock = new Clock(emu);
  const { env } = seedHome(emu);
  const first = await runMain(["env", "private_aws", "sample_switch_role", "--shell", "json"], env, { now: clock.now, ask: countedTerminal(emu, clock) });
  assert.equal(first.code, 0, first.stderr);
  await clock.advance(13 * 3600);
  const r = await runMain(["env", "private_aws", "short_role", "--shell", "json"], env, { now: clock.now, ask: noTerminal });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 2, r.stderr);
  assert.equal(lines[0], "switchrole: an MFA code is needed for arn:aws:iam::111111111111:mfa/bastion, but there is no terminal to ask on");
  assert.match(lines[1]!, /^ {2}hint: .*run `switchrole login` in a terminal first$/);
  assert.deepEqual((await emu.calls()).filter((c) => c.service === "sts").map((c) => c.action), ["GetSessionToken", "AssumeRole"], "no call without a code");
});
