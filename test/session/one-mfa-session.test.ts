// The headline promise, as a new user meets it: one MFA session (one code) per source and
// device, however the device was learned, and a refused cached session that heals itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type EmulatorCall } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";
import { BASTION, roleArn } from "../helpers/world";

const DEV_PROFILE = `[profile dev]\nrole_arn = ${roleArn("short_role")}\nsource_profile = bastion\nmfa_serial = ${BASTION.mfaSerial}\n`;
const actions = (calls: EmulatorCall[]) => calls.map((c) => `${c.service}:${c.action}${c.errorCode ? ` ${c.errorCode}` : ""}`);

test("login (device from IAM), a profile with mfa_serial and an accounts-file target share one MFA session and one code", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { env } = seedHome(emu, { config: DEV_PROFILE });

  const login = await run(["login", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(login.code, 0, login.stderr);
  // The profile names the device; login found it through IAM: the same session serves it.
  const dev = await run(["env", "dev", "--shell", "json"], env);
  assert.equal(dev.code, 0, dev.stderr);
  // The device IAM named is remembered for the source: no IAM call, no second session.
  const seed = await run(["env", "private_aws", "sample_switch_role", "--shell", "json"], env);
  assert.equal(seed.code, 0, seed.stderr);

  const calls = await emu.calls();
  assert.deepEqual(actions(calls), ["iam:GetUser", "iam:ListMFADevices", "sts:GetSessionToken", "sts:AssumeRole", "sts:AssumeRole"]);
  const session = calls[2]!.issuedAccessKeyId;
  assert.equal(calls[3]!.accessKeyId, session);
  assert.equal(calls[4]!.accessKeyId, session);
  assert.equal(calls.filter((c) => c.tokenCodePresent).length, 1, "one MFA code in all");
  const status = JSON.parse((await run(["status", "--json"], env)).stdout);
  assert.equal(status.sources.length, 1);
  assert.deepEqual(
    status.sources[0].mfaSessions.map((m: { mfaSerial: string }) => m.mfaSerial),
    [BASTION.mfaSerial],
    "one MFA session per device",
  );
});

test("a profile with mfa_serial first, then an accounts-file target: the second asks IAM for the device once and reuses the session", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { env } = seedHome(emu, { config: DEV_PROFILE });
  const dev = await run(["env", "dev", "--mfa-code", await emu.freshMfaCode(), "--shell", "json"], env);
  assert.equal(dev.code, 0, dev.stderr);
  const seed = await run(["env", "private_aws", "sample_switch_role", "--shell", "json"], env);
  assert.equal(seed.code, 0, seed.stderr);
  const again = await run(["env", "private_aws", "no_mfa_role", "--shell", "json"], env);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(actions(await emu.calls()), [
    "sts:GetSessionToken",
    "sts:AssumeRole",
    "iam:GetUser",
    "iam:ListMFADevices",
    "sts:AssumeRole",
    "sts:AssumeRole",
  ]);
});

test("STS refusing the cached MFA session: without a code, one line naming switchrole login and the session forgotten; with one, one new code", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { env } = seedHome(emu);
  assert.equal((await run(["env", "private_aws", "sample_switch_role", "--mfa-code", await emu.freshMfaCode()], env)).code, 0);
  // Every session made from the bastion's key is revoked (as when the key is deactivated).
  assert.ok((await emu.revoke({ source: BASTION.accessKeyId })) >= 2);
  let mark = (await emu.calls()).length;
  const since = async () => (await emu.calls()).slice(mark);

  const stuck = await run(["env", "private_aws", "short_role"], env);
  assert.equal(stuck.code, 1);
  assert.equal(stuck.stdout, "");
  assert.equal(
    stuck.stderr,
    `switchrole: the cached MFA session for ${BASTION.mfaSerial} was refused by STS (InvalidClientTokenId; revoked?); a new MFA code is needed, but there is no terminal to ask on\n` +
      "  hint: run `switchrole login` in a terminal, then retry\n",
  );
  assert.deepEqual(actions(await since()), ["sts:AssumeRole InvalidClientTokenId"]);
  const status = JSON.parse((await run(["status", "--json"], env)).stdout);
  assert.deepEqual(status.sources[0].mfaSessions, [], "the refused session is not kept");

  // Refused again (a fresh session cached, then revoked): a code is at hand, so one new code is used.
  assert.equal((await run(["env", "private_aws", "short_role", "--mfa-code", await emu.freshMfaCode()], env)).code, 0);
  assert.equal(await emu.revoke({ source: BASTION.accessKeyId }), 2, "the new MFA session and its role");
  const code = await emu.freshMfaCode();
  mark = (await emu.calls()).length;
  const healed = await run(["env", "private_aws", "no_mfa_role", "--mfa-code", code, "--shell", "json"], env);
  assert.equal(healed.code, 0, healed.stderr);
  assert.equal(
    healed.stderr,
    `switchrole: the cached MFA session for ${BASTION.mfaSerial} was refused by STS (InvalidClientTokenId; revoked?); a new MFA code is used\n`,
  );
  const calls = await since();
  assert.deepEqual(actions(calls), ["sts:AssumeRole InvalidClientTokenId", "sts:GetSessionToken", "sts:AssumeRole"]);
  assert.equal(calls[2]!.accessKeyId, calls[1]!.issuedAccessKeyId, "signed with the new session");
  assert.ok(JSON.parse(healed.stdout).AWS_ACCESS_KEY_ID.startsWith("ASIA"));
});
