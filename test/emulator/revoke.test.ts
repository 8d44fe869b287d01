// POST /__emulator/revoke: one issued session, or every session made from a source key or
// user (with the role sessions derived from them, directly or by chaining). A revoked
// session is answered as AWS answers credentials it does not know: 403 InvalidClientTokenId.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { GetUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { BASTION, roleArn, seedWorld } from "../helpers/world";
import type { Keys } from "./signed-request";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const OTHER = { arn: `arn:aws:iam::${BASTION.accountId}:user/other`, accessKeyId: "AKIAEMULATOROTHER001", secretAccessKey: "other/EMULATOR/secret+key/0123456789ABCD" };
const bastion: Keys = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };
const other: Keys = { accessKeyId: OTHER.accessKeyId, secretAccessKey: OTHER.secretAccessKey };
const INVALID = "The security token included in the request is invalid.";

describe("revoking issued credentials", () => {
  let emu: Emulator;
  before(async () => {
    const world = seedWorld();
    world.users.push({ arn: OTHER.arn, accessKeys: [{ id: OTHER.accessKeyId, secret: OTHER.secretAccessKey }] });
    world.roles.push({ arn: roleArn("chained_role"), trustPolicy: { Statement: { Effect: "Allow", Principal: { AWS: roleArn("no_mfa_role") }, Action: "sts:AssumeRole" } } });
    emu = await startEmulator(world);
  });
  after(async () => emu?.stop());

  const sts = (credentials: Keys): STSClient => new STSClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
  const iam = (credentials: Keys): IAMClient => new IAMClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
  const keysOf = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Keys => ({
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
  });
  const assume = async (signer: Keys, role: string): Promise<Keys> =>
    keysOf((await sts(signer).send(new AssumeRoleCommand({ RoleArn: roleArn(role), RoleSessionName: "s1" }))).Credentials);
  /** "ok", or the error's name, HTTP status and message. */
  const whoami = async (keys: Keys): Promise<string> => {
    try {
      await sts(keys).send(new GetCallerIdentityCommand({}));
      return "ok";
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      return `${err.name} ${err.$metadata?.httpStatusCode} ${err.message}`;
    }
  };
  const admin = (body: unknown) => fetch(`${emu.url}/__emulator/revoke`, { method: "POST", body: JSON.stringify(body) });

  test("one session, then every session of a source key (chained ones too), then of a user", async () => {
    await emu.reset();
    const mfaSession = keysOf((await sts(bastion).send(new GetSessionTokenCommand({ SerialNumber: BASTION.mfaSerial, TokenCode: await emu.freshMfaCode() }))).Credentials);
    const viaMfa = await assume(mfaSession, "no_mfa_role");
    const chainedViaMfa = await assume(viaMfa, "chained_role");
    const direct = await assume(bastion, "no_mfa_role");
    const chained = await assume(direct, "chained_role");
    const others = await assume(other, "no_mfa_role");

    // One session: only that one.
    assert.equal(await emu.revoke({ accessKeyId: direct.accessKeyId }), 1);
    assert.equal(await whoami(direct), `InvalidClientTokenId 403 ${INVALID}`);
    assert.equal(await whoami(chained), "ok", "a session derived from it is not named by accessKeyId");

    // The source key: the MFA session, the role session signed by it and every chained one.
    const res = await admin({ source: BASTION.accessKeyId });
    assert.equal(res.status, 200);
    const answer = (await res.json()) as { revoked: number; accessKeyIds: string[] };
    assert.deepEqual(new Set(answer.accessKeyIds), new Set([mfaSession, viaMfa, chainedViaMfa, chained].map((k) => k.accessKeyId)));
    assert.equal(answer.revoked, answer.accessKeyIds.length);
    for (const k of [mfaSession, viaMfa, chainedViaMfa, chained]) assert.equal(await whoami(k), `InvalidClientTokenId 403 ${INVALID}`);
    await assert.rejects(iam(mfaSession).send(new GetUserCommand({})), (e: Error) => e.name === "InvalidClientTokenId" && e.message === INVALID);

    // Other users' sessions and the long-term key itself still work, and so do new sessions.
    assert.equal(await whoami(others), "ok");
    assert.equal(await whoami(bastion), "ok");
    assert.equal(await whoami(await assume(bastion, "no_mfa_role")), "ok");

    // Already revoked: counted once. A user ARN names all its keys' sessions.
    assert.equal(await emu.revoke({ source: BASTION.accessKeyId }), 1, "only the session made after the first revoke");
    assert.equal(await emu.revoke({ source: BASTION.accessKeyId }), 0);
    assert.equal(await emu.revoke({ userArn: OTHER.arn }), 1);
    assert.equal(await whoami(others), `InvalidClientTokenId 403 ${INVALID}`);
  });

  test("the call log shows the refusals like any failing call, marked revoked", async () => {
    await emu.reset();
    const direct = await assume(bastion, "no_mfa_role");
    assert.equal(await emu.revoke({ userArn: BASTION.userArn }), 1);
    assert.equal(await whoami(direct), `InvalidClientTokenId 403 ${INVALID}`);
    const calls = (await emu.calls()).map(({ time: _time, ...c }) => c);
    assert.deepEqual(calls.at(-1), {
      service: "sts", action: "GetCallerIdentity", accessKeyId: direct.accessKeyId, status: 403, errorCode: "InvalidClientTokenId", errorMessage: INVALID, revoked: true,
    });
  });

  test("revoked wins over expired, as for a key that is gone", async () => {
    await emu.reset();
    const direct = await assume(bastion, "no_mfa_role");
    await emu.advance(3601);
    assert.match(await whoami(direct), /^ExpiredToken 403 /);
    await emu.revoke({ accessKeyId: direct.accessKeyId });
    assert.equal(await whoami(direct), `InvalidClientTokenId 403 ${INVALID}`);
  });

  test("bad requests: not exactly one field, an unknown key, user or session; reset forgets revocations with the sessions", async () => {
    await emu.reset();
    for (const body of [{}, { source: BASTION.accessKeyId, userArn: BASTION.userArn }, { accessKeyId: "" }, { source: 1 }, { session: "x" }]) {
      const r = await admin(body);
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    assert.match(await (await admin({})).text(), /exactly one of accessKeyId, source or userArn/);
    const unknown = [
      [{ accessKeyId: "ASIAAAAAAAAAAAAAAAAA" }, "no issued credentials with access key id ASIAAAAAAAAAAAAAAAAA"],
      [{ source: "AKIAUNKNOWN000000000" }, "no access key AKIAUNKNOWN000000000 in the world"],
      [{ userArn: "arn:aws:iam::111111111111:user/ghost" }, "no user arn:aws:iam::111111111111:user/ghost in the world"],
    ] as const;
    for (const [body, error] of unknown) {
      const r = await admin(body);
      assert.deepEqual([r.status, await r.json()], [404, { error }]);
    }
    const direct = await assume(bastion, "no_mfa_role");
    await emu.revoke({ accessKeyId: direct.accessKeyId });
    await emu.reset();
    assert.equal((await admin({ accessKeyId: direct.accessKeyId })).status, 404, "reset forgets issued (and revoked) sessions");
  });
});
