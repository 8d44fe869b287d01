// obtain() with a fake STS module, the in-memory cache and a fixed clock: which calls are
// made, in which order, signed by whom, and how MFA codes are asked and retried.
import { test } from "node:test";
import assert from "node:assert/strict";
import { obtain, type Engine, type Policy } from "../../src/credentials/obtain";
import { memoryCache } from "../../src/cache";
import { UserError } from "../../src/errors";
import type { Target } from "../../src/types";
import { StsFailure } from "../../src/sts/errors";
import { NOW, SERIAL, SOURCE, codes, fakeSts, mfaRefused, target, temp, type Script } from "./fakes";

function setup(script: Script = {}, codeList = ["123456", "234567", "345678"]) {
  const { calls, sts } = fakeSts(script);
  const code = codes(codeList);
  const said: string[] = [];
  let clock = NOW;
  const cache = memoryCache();
  const deps: Engine = {
    sts: async () => sts,
    sourceCredentials: async () => SOURCE,
    mfaCode: code.source,
    ask: async () => assert.fail("no question expected"),
    say: (line) => void said.push(line),
    env: { AWS_ENDPOINT_URL_STS: "http://sts.test" },
    now: () => clock,
    cache,
  };
  const policy: Policy = { minTtlSeconds: 300 };
  return { calls, asked: code.asked, said, deps, policy, cache, advance: (s: number) => void (clock += s * 1000) };
}

const summary = (calls: Array<{ action: string; signer: string }>) => calls.map((c) => `${c.action} by ${c.signer.slice(0, 4)}`);

test("MFA and 1 h: discovery, GetSessionToken with the code, AssumeRole signed by the MFA session", async () => {
  const s = setup();
  const got = await obtain(target(), s.deps, s.policy);
  assert.deepEqual(summary(s.calls), ["GetUser+ListMFADevices by AKIA", "GetSessionToken by AKIA", "AssumeRole by ASIA"]);
  // The env the command was given reaches the STS client (its endpoint overrides).
  const env = { AWS_ENDPOINT_URL_STS: "http://sts.test" };
  assert.deepEqual(s.calls[1]?.params, { region: "ap-northeast-1", env, durationSeconds: 43200, serialNumber: SERIAL, tokenCode: "123456" });
  assert.equal(s.calls[2]?.signer, got.mfaSession?.credentials.accessKeyId);
  assert.deepEqual(s.calls[2]?.params, {
    region: "ap-northeast-1",
    env,
    roleArn: "arn:aws:iam::123456789012:role/sample_switch_role",
    roleSessionName: "bastion",
    durationSeconds: 3600,
    externalId: undefined,
  });
  assert.deepEqual(s.asked, [0]);
  assert.equal(got.mfaCodesUsed, 1);
  assert.equal(got.fromCache, false);
  assert.equal(got.roleStartedAt, NOW);
  assert.deepEqual(got.steps.map((x) => x.kind), ["discoverDevice", "getSessionToken", "assumeRole"]);
  assert.deepEqual(s.said, []);
});

test("the second time: served from the cache, no call and no code", async () => {
  const s = setup();
  const first = await obtain(target(), s.deps, s.policy);
  s.calls.length = 0;
  // The seed's assume-role exports the MFA session too, so it asks for it on a hit.
  const again = await obtain(target(), s.deps, { ...s.policy, withMfaSession: true });
  assert.deepEqual(s.calls, []);
  assert.deepEqual(s.asked, [0]);
  assert.equal(again.fromCache, true);
  assert.deepEqual(again.role, first.role);
  assert.equal(again.mfaSession?.credentials.accessKeyId, first.mfaSession?.credentials.accessKeyId);
  // Everyone else (env, exec, credential-process) does not read it on the cached path.
  const plain = await obtain(target(), s.deps, s.policy);
  assert.deepEqual(plain.role, first.role);
  assert.equal(plain.mfaSession, undefined);
});

test("another role from the same source reuses the MFA session: one AssumeRole, no code, no discovery", async () => {
  const s = setup();
  const first = await obtain(target(), s.deps, s.policy);
  s.calls.length = 0;
  const other = target({ roleArn: "arn:aws:iam::123456789012:role/short_role", roleName: "short_role" });
  await obtain(other, s.deps, s.policy);
  assert.deepEqual(summary(s.calls), ["AssumeRole by ASIA"]);
  assert.equal(s.calls[0]?.signer, first.mfaSession?.credentials.accessKeyId);
  assert.deepEqual(s.asked, [0]);
});

test("role credentials near expiry are renewed with the cached MFA session", async () => {
  const s = setup();
  await obtain(target(), s.deps, s.policy);
  s.calls.length = 0;
  s.advance(3600 - 299); // less than minTtlSeconds (300) left
  const renewed = await obtain(target(), s.deps, s.policy);
  assert.deepEqual(summary(s.calls), ["AssumeRole by ASIA"]);
  assert.equal(renewed.fromCache, false);
  assert.equal(renewed.mfaCodesUsed, 0);
});

test("MFA and over 1 h: one AssumeRole signed by the source with the code, and the note", async () => {
  const s = setup();
  const got = await obtain(target({ duration: { value: 43200, from: "AWS_ROLE_SESSION_TIMEOUT" } }), s.deps, s.policy);
  assert.deepEqual(summary(s.calls), ["GetUser+ListMFADevices by AKIA", "AssumeRole by AKIA"]);
  assert.equal(s.calls[1]?.params.serialNumber, SERIAL);
  assert.equal(s.calls[1]?.params.tokenCode, "123456");
  assert.equal(s.calls[1]?.params.durationSeconds, 43200);
  assert.equal(got.mfaSession, undefined);
  assert.equal(got.mfaCodesUsed, 1);
  assert.deepEqual(s.said, [
    "switchrole: note: 43200 s is over AWS's 1-hour limit for roles assumed from an MFA session, so this role is assumed directly with a new MFA code (the MFA session is not reused)",
  ]);
});

test("no MFA device: AssumeRole signed by the source, no code asked", async () => {
  const s = setup({ serials: [] });
  const got = await obtain(target(), s.deps, s.policy);
  assert.deepEqual(summary(s.calls), ["GetUser+ListMFADevices by AKIA", "AssumeRole by AKIA"]);
  assert.equal(s.calls[1]?.params.tokenCode, undefined);
  assert.deepEqual(s.asked, []);
  assert.equal(got.mfaSession, undefined);
});

test("a configured device skips discovery; without a user name the session is named switchrole-<unix time>", async () => {
  const s = setup();
  await obtain(target({ mfaSerial: { value: SERIAL, from: "--mfa-serial" }, externalId: "123456789012" }), s.deps, s.policy);
  assert.deepEqual(summary(s.calls), ["GetSessionToken by AKIA", "AssumeRole by ASIA"]);
  assert.equal(s.calls[1]?.params.roleSessionName, `switchrole-${Math.floor(NOW / 1000)}`);
  assert.equal(s.calls[1]?.params.externalId, "123456789012");
});

test("role_session_name wins over the user's name", async () => {
  const s = setup();
  await obtain(target({ roleSessionName: "alice" }), s.deps, s.policy);
  assert.equal(s.calls[2]?.params.roleSessionName, "alice");
});

test("a refused code is asked again: third time lucky", async () => {
  const s = setup({ getSessionToken: [mfaRefused(), mfaRefused(), temp("session")] });
  const got = await obtain(target(), s.deps, s.policy);
  assert.deepEqual(s.asked, [0, 1, 2]);
  assert.deepEqual(s.calls.filter((c) => c.action === "GetSessionToken").map((c) => c.params.tokenCode), ["123456", "234567", "345678"]);
  assert.equal(got.mfaCodesUsed, 3);
  assert.equal(s.said.filter((l) => l.startsWith("The MFA code was refused")).length, 2);
});

test("three refused codes: a UserError about the code, no AssumeRole, nothing cached", async () => {
  const s = setup({ getSessionToken: [mfaRefused()] });
  await assert.rejects(obtain(target(), s.deps, s.policy), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.message, "STS refused the MFA code: MultiFactorAuthentication failed with invalid MFA one time pass code.");
    assert.equal(err.hint, "use the code your device shows now; each code works only once");
    return true;
  });
  assert.deepEqual(s.asked, [0, 1, 2]);
  assert.equal(s.calls.filter((c) => c.action === "AssumeRole").length, 0);
  assert.deepEqual(await s.cache.list(), []);
});

test("the direct AssumeRole (over 1 h) retries a refused code too", async () => {
  const s = setup({ assumeRole: [mfaRefused(), temp("role")] });
  const t: Target = target({ duration: { value: 7200, from: "--duration" } });
  await obtain(t, s.deps, s.policy);
  assert.deepEqual(s.asked, [0, 1]);
  assert.deepEqual(s.calls.filter((c) => c.action === "AssumeRole").map((c) => c.params.tokenCode), ["123456", "234567"]);
});

test("a refusal that is not about the code is not retried, and is explained", async () => {
  const denied = () => new StsFailure("AccessDenied", "User: x is not authorized to perform: sts:AssumeRole", 403);
  const s = setup({ assumeRole: [denied()] });
  await assert.rejects(obtain(target(), s.deps, s.policy), {
    message: "arn:aws:iam::123456789012:role/sample_switch_role refused profile bastion: User: x is not authorized to perform: sts:AssumeRole",
    hint: "check that arn:aws:iam::123456789012:role/sample_switch_role exists (role names are case-sensitive) and that its trust policy allows this user",
  });
  assert.deepEqual(s.asked, [0]);
  assert.equal(s.calls.filter((c) => c.action === "AssumeRole").length, 1);
});

test("--refresh: new role credentials, the MFA session is reused", async () => {
  const s = setup();
  const first = await obtain(target(), s.deps, s.policy);
  s.calls.length = 0;
  const again = await obtain(target(), s.deps, { ...s.policy, refresh: true });
  assert.deepEqual(summary(s.calls), ["AssumeRole by ASIA"]);
  assert.notEqual(again.role.accessKeyId, first.role.accessKeyId);
  assert.deepEqual(s.asked, [0]);
});

test("STS unreachable: a cached role below the minimum but valid is handed out with a warning; an expired one is not", async () => {
  const down = () => new StsFailure("ECONNREFUSED", "connect ECONNREFUSED", undefined, true);
  const s = setup({ assumeRole: [temp("role", NOW, 900), down()] });
  const first = await obtain(target({ duration: { value: 900, from: "--duration" } }), s.deps, s.policy);
  s.advance(700); // 200 s left: under the 300 s minimum
  const stale = await obtain(target({ duration: { value: 900, from: "--duration" } }), s.deps, s.policy);
  assert.equal(stale.role.accessKeyId, first.role.accessKeyId);
  assert.equal(stale.fromCache, true);
  assert.match(s.said.at(-1) ?? "", /^switchrole: warning: could not reach STS at http:\/\/sts\.test \(ECONNREFUSED\); handing out the cached credentials, which expire in 3m 20s$/);
  s.advance(201); // expired
  await assert.rejects(obtain(target({ duration: { value: 900, from: "--duration" } }), s.deps, s.policy), { message: "could not reach STS at http://sts.test (ECONNREFUSED)" });
});
