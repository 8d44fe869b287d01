// switchrole login (a new MFA session, replacing the cached one) and switchrole plan
// (steps with cache hits, no network call).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedHome, entry, NOW, STS_URL } from "./fixture";
import { runMain } from "./helpers";
import { startEmulator } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";
import { BASTION } from "../helpers/world";
import { resolveTarget } from "../../src/config/resolve";
import { deviceKey, mfaSessionKey, roleKey } from "../../src/credentials/keys";

test("login starts an MFA session, a second login replaces it, and env then uses it without a code", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { env } = seedHome(emu);
  const first = await run(["login", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, "");
  assert.match(first.stderr, /^MFA session started for bastion \(arn:aws:iam::111111111111:mfa\/bastion\); it expires \d{4}-\d\d-\d\d \d\d:\d\d \(in 1[12]h \d+m\)\.\n$/);
  const second = await run(["login", "bastion", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(second.code, 0, second.stderr);
  const envRun = await run(["env", "private_aws", "sample_switch_role", "--shell", "json"], env);
  assert.equal(envRun.code, 0, envRun.stderr);
  const calls = (await emu.calls()).filter((c) => c.service === "sts");
  assert.deepEqual(calls.map((c) => c.action), ["GetSessionToken", "GetSessionToken", "AssumeRole"]);
  assert.equal(calls[2]!.accessKeyId, calls[1]!.issuedAccessKeyId, "AssumeRole is signed with the session of the second login");
  const status = JSON.parse((await run(["status", "--json"], env)).stdout);
  assert.equal(status.sources[0].mfaSessions.length, 1, "the second login replaced the first");
  assert.equal(status.sources[0].mfaSessions[0].accessKeyId, `${calls[1]!.issuedAccessKeyId!.slice(0, 4)}…${calls[1]!.issuedAccessKeyId!.slice(-4)}`);
});

test("login without a terminal or code says how to give one; nothing is called", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { env } = seedHome(emu, { config: `mfa_serial = ${BASTION.mfaSerial}\n` });
  const r = await run(["login"], env);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^switchrole: an MFA code is needed for arn:aws:iam::111111111111:mfa\/bastion, but there is no terminal to ask on\n {2}hint: pipe the code to --mfa-code - \(or set SWITCHROLE_MFA_CODE\)/);
  assert.deepEqual(await emu.calls(), []);
});

test("plan makes no call: cold cache, then after env a role hit, then --refresh and 2h", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { env } = seedHome(emu);
  const cold = JSON.parse((await run(["plan", "private_aws", "sample_switch_role", "--json"], env)).stdout);
  assert.deepEqual(cold.calls.map((c: { action: string; made: boolean }) => `${c.action} ${c.made}`), ["GetUser true", "ListMFADevices true", "GetSessionToken true", "AssumeRole true"]);
  assert.deepEqual([cold.role.status, cold.stsCalls, cold.mfaCodeAsked, cold.mfaDevice.serial], ["miss", 2, true, null]);
  assert.deepEqual(await emu.calls(), [], "plan made no call");
  assert.equal((await run(["env", "private_aws", "sample_switch_role", "--mfa-code", await emu.freshMfaCode()], env)).code, 0);
  const before = (await emu.calls()).length;
  const hit = JSON.parse((await run(["plan", "private_aws", "sample_switch_role", "--json"], env)).stdout);
  assert.deepEqual([hit.role.status, hit.calls, hit.stsCalls, hit.mfaCodeAsked], ["hit", [], 0, false]);
  const refresh = JSON.parse((await run(["plan", "private_aws", "sample_switch_role", "--refresh", "--json"], env)).stdout);
  assert.deepEqual(refresh.calls.map((c: { action: string; made: boolean; cache?: { status: string } }) => `${c.action} ${c.made} ${c.cache?.status ?? "-"}`), ["GetSessionToken false hit", "AssumeRole true -"]);
  assert.deepEqual([refresh.role.status, refresh.stsCalls, refresh.mfaCodeAsked, refresh.mfaDevice.from], ["refresh", 1, false, "remembered from IAM"]);
  const long = JSON.parse((await run(["plan", "private_aws", "sample_switch_role", "-d", "2h", "--json"], env)).stdout);
  assert.deepEqual(long.calls.map((c: { action: string; mfaCode: boolean; signWith: string }) => `${c.action} ${c.signWith} ${c.mfaCode}`), ["AssumeRole source true"]);
  assert.equal((await emu.calls()).length, before, "plan made no call");
});

test("plan, exact text: MFA session hit, role below the minimum", async () => {
  const h = fixedHome();
  const target = await resolveTarget({ positionals: ["private_aws", "sample_switch_role"] }, h.env);
  const cache = h.cache();
  // IAM named the device on an earlier run: it is remembered for the source.
  await cache.putDevice(deviceKey(BASTION.accessKeyId, h.env), { version: 1, kind: "device", mfaSerial: BASTION.mfaSerial, sourceProfile: "bastion", createdAt: new Date(NOW) });
  const keys = { mfaSession: mfaSessionKey(BASTION.accessKeyId, BASTION.mfaSerial, STS_URL), role: roleKey(target, BASTION.accessKeyId, STS_URL) };
  await cache.put(keys.mfaSession, entry({ kind: "mfa-session", keyId: "ASIAMFASESSION00MFA1", created: "08:00", expires: "20:00" }));
  await cache.put(keys.role, entry({ kind: "role", keyId: "ASIAROLESAMPLE00SMP1", created: "08:03", expires: "09:03", roleName: "sample_switch_role" }));
  const r = await runMain(["plan", "private_aws", "sample_switch_role"], h.env, { now: () => NOW });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    `Plan for private_aws sample_switch_role
  role         arn:aws:iam::123456789012:role/sample_switch_role
  source       bastion (AWS_PROFILE_ASSUME_ROLE), key AKIA…ION1 from ~/.aws/credentials
  MFA device   arn:aws:iam::111111111111:mfa/bastion (remembered from IAM)
  duration     3600 s (1h 0m) (default)
  MFA session  43200 s (12h 0m) (default)
  STS          ${STS_URL}

Role credentials: cached, but only 3m 0s left, under the 5m 0s minimum ($SWITCHROLE_MIN_TTL), until 2030-01-02 09:03: new ones from STS.
Steps:
  1. STS GetSessionToken, 43200 s (12h 0m), signed with the source's keys
     cache: cached, 11h 0m left, until 2030-01-02 20:00: reused, not called, no code asked
     why: the cached MFA session serves every role reached from this source
  2. STS AssumeRole, arn:aws:iam::123456789012:role/sample_switch_role, 3600 s (1h 0m), signed with the MFA session
     why: signed with the MFA session (role chaining, within the 1-hour cap)

Total: 1 STS call, no MFA code.
`,
  );
  const hit = await runMain(["plan", "private_aws", "sample_switch_role"], { ...h.env, SWITCHROLE_MIN_TTL: "60" }, { now: () => NOW });
  assert.match(hit.stdout, /\nRole credentials: cached, 3m 0s left, until 2030-01-02 09:03: handed out from the cache, no call\.\n\nTotal: 0 STS calls, no MFA code\.\n$/);
  const off = await runMain(["plan", "private_aws", "sample_switch_role", "--no-cache"], h.env, { now: () => NOW });
  assert.match(off.stdout, /Role credentials: --no-cache: the cache is neither read nor written: new ones from STS\./);
  assert.match(off.stdout, /1\. IAM GetUser, signed with the source's keys\n {5}why: no MFA device configured or remembered for this source, so IAM is asked which it has\n/);
  assert.match(off.stdout, /Total: 2 STS calls and 2 IAM calls, one MFA code asked\.\n$/);
});
