// Keys and sessions that die, as in AWS: a deactivated or deleted access key is refused
// (403 InvalidClientTokenId) while the sessions already made from it live on (AWS cannot
// revoke issued credentials); "revoke active sessions" is a Deny on aws:TokenIssueTime
// attached to a role or user, so its older sessions get 403 AccessDenied (explicit deny)
// and newer ones, and long-term keys, are unaffected.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { GetUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { AWS_CLI_V2, skipUnless } from "../helpers/programs";
import { BASTION, roleArn, seedWorld, TARGET_ACCOUNT } from "../helpers/world";
import { aws, cliError, credsOf } from "./aws-cli";
import type { Keys } from "./signed-request";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const bastion: Keys = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };
const INVALID = "The security token included in the request is invalid.";
const CHAINED = roleArn("chained_role");
const explicitDeny = (who: string, action: string, resource: string) => `User: ${who} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`;

describe("dead keys and revoked sessions", () => {
  let emu: Emulator;
  before(async () => {
    const world = seedWorld();
    world.roles.push({ arn: CHAINED, trustPolicy: { Statement: { Effect: "Allow", Principal: { AWS: roleArn("no_mfa_role") }, Action: "sts:AssumeRole" } } });
    emu = await startEmulator(world);
  });
  after(async () => emu?.stop());

  const sts = (credentials: Keys): STSClient => new STSClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
  const iam = (credentials: Keys): IAMClient => new IAMClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
  const keysOf = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Keys => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
  const assume = async (signer: Keys, role: string, name = "s1"): Promise<Keys> => keysOf((await sts(signer).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: name }))).Credentials);
  const mfaSession = async (): Promise<Keys> => keysOf((await sts(bastion).send(new GetSessionTokenCommand({ SerialNumber: BASTION.mfaSerial, TokenCode: await emu.freshMfaCode() }))).Credentials);
  /** "ok", or the error's name, HTTP status and message. */
  const outcome = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
      return "ok";
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      return `${err.name} ${err.$metadata?.httpStatusCode} ${err.message}`;
    }
  };
  const whoami = (keys: Keys) => outcome(sts(keys).send(new GetCallerIdentityCommand({})));
  const admin = (path: string, body: unknown) => fetch(`${emu.url}/__emulator/${path}`, { method: "POST", body: JSON.stringify(body) });

  test("a deactivated key is refused; sessions made from it, directly or chained, still work; reactivated, it works again", async () => {
    await emu.reset();
    const session = await mfaSession();
    const role = await assume(bastion, roleArn("no_mfa_role"));
    const chained = await assume(role, CHAINED);
    assert.deepEqual(await emu.deactivateAccessKey(BASTION.accessKeyId), { accessKeyId: BASTION.accessKeyId, userArn: BASTION.userArn, status: "Inactive" });
    assert.equal(await whoami(bastion), `InvalidClientTokenId 403 ${INVALID}`);
    assert.equal(await outcome(iam(bastion).send(new GetUserCommand({}))), `InvalidClientTokenId 403 ${INVALID}`);
    for (const k of [session, role, chained]) assert.equal(await whoami(k), "ok");
    assert.equal(await outcome(assume(session, roleArn("sample_switch_role"))), "ok", "the MFA session still assumes roles");
    assert.equal(await outcome(iam(session).send(new GetUserCommand({}))), "ok");
    const call = (await emu.calls()).find((c) => c.keyStatus === "Inactive")!;
    assert.deepEqual([call.accessKeyId, call.status, call.errorCode], [BASTION.accessKeyId, 403, "InvalidClientTokenId"]);
    await emu.updateAccessKey(BASTION.accessKeyId, "Active");
    assert.equal(await whoami(bastion), "ok");
  });

  test("a deleted key is refused like an unknown one; its sessions live on; reset brings the key back", async () => {
    await emu.reset();
    const session = await mfaSession();
    assert.deepEqual(await emu.deleteAccessKey(BASTION.accessKeyId), { accessKeyId: BASTION.accessKeyId, userArn: BASTION.userArn, status: "Deleted" });
    assert.equal(await whoami(bastion), `InvalidClientTokenId 403 ${INVALID}`);
    assert.equal((await emu.calls()).at(-1)!.keyStatus, "Deleted");
    assert.equal(await whoami(session), "ok");
    assert.equal(await outcome(assume(session, roleArn("sample_switch_role"))), "ok");
    // The source key's sessions can still be revoked outright (POST /__emulator/revoke).
    assert.equal(await emu.revoke({ source: BASTION.accessKeyId }), 2);
    await emu.reset();
    assert.equal(await whoami(bastion), "ok");
  });

  test("access-keys admin routes: 404 for an unknown or deleted key, 400 for a bad body", async () => {
    await emu.reset();
    const cases: [string, unknown, number, string][] = [
      ["access-keys/update", { accessKeyId: "AKIAUNKNOWN000000000", status: "Inactive" }, 404, "no access key AKIAUNKNOWN000000000 in the world"],
      ["access-keys/delete", { accessKeyId: "AKIAUNKNOWN000000000" }, 404, "no access key AKIAUNKNOWN000000000 in the world"],
      ["access-keys/update", { accessKeyId: BASTION.accessKeyId, status: "Disabled" }, 400, 'status must be "Active" or "Inactive"'],
      ["access-keys/update", { accessKeyId: BASTION.accessKeyId }, 400, "give exactly accessKeyId and status"],
      ["access-keys/delete", { accessKeyId: BASTION.accessKeyId, status: "Inactive" }, 400, "give exactly accessKeyId"],
      ["access-keys/delete", { accessKeyId: "" }, 400, "accessKeyId must be a non-empty string"],
    ];
    for (const [path, body, status, error] of cases) {
      const r = await admin(path, body);
      assert.deepEqual([r.status, await r.json()], [status, { error }], JSON.stringify(body));
    }
    await emu.deleteAccessKey(BASTION.accessKeyId);
    const again = await admin("access-keys/delete", { accessKeyId: BASTION.accessKeyId });
    assert.deepEqual([again.status, await again.json()], [404, { error: `access key ${BASTION.accessKeyId} was deleted` }]);
    await emu.reset();
  });

  test("revoke-sessions on a role: its older sessions are denied (all but GetCallerIdentity), newer ones are not", async () => {
    await emu.reset();
    const role = await assume(bastion, roleArn("no_mfa_role"), "old");
    const oldArn = `arn:aws:sts::${TARGET_ACCOUNT}:assumed-role/no_mfa_role/old`;
    assert.equal(await outcome(assume(role, CHAINED)), "ok");
    await emu.advance(1); // the cut-off strictly after the session's issue time, however fast the machine
    const before = await emu.now();
    const answer = await emu.revokeSessions({ roleArn: roleArn("no_mfa_role") });
    assert.equal(answer.arn, roleArn("no_mfa_role"));
    assert.equal(answer.policyName, "AWSRevokeOlderSessions");
    assert.ok(Date.parse(answer.tokenIssueTime) >= before);
    assert.deepEqual(answer.policy, { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: ["*"], Resource: ["*"], Condition: { DateLessThan: { "aws:TokenIssueTime": answer.tokenIssueTime } } }] });
    assert.equal(await outcome(assume(role, CHAINED)), `AccessDenied 403 ${explicitDeny(oldArn, "sts:AssumeRole", CHAINED)}`);
    assert.equal(await outcome(iam(role).send(new GetUserCommand({ UserName: "bastion" }))), `AccessDenied 403 ${explicitDeny(oldArn, "iam:GetUser", "user bastion")}`);
    assert.equal(await whoami(role), "ok", "GetCallerIdentity needs no permission, so a revoked session still answers it");
    await emu.advance(1);
    const fresh = await assume(bastion, roleArn("no_mfa_role"), "new");
    assert.equal(await outcome(assume(fresh, CHAINED)), "ok");
    assert.equal(await outcome(assume(bastion, roleArn("no_mfa_role"))), "ok", "the long-term keys are not the role's");
    // Revoking again moves the cut-off: the session made in between is now older.
    await emu.advance(1);
    await emu.revokeSessions({ roleArn: roleArn("no_mfa_role") });
    assert.match(await outcome(assume(fresh, CHAINED)), /^AccessDenied 403 .* with an explicit deny in an identity-based policy$/);
  });

  test("revoke-sessions on a user: its older GetSessionToken sessions are denied; its keys and the roles they reached are not", async () => {
    await emu.reset();
    const session = await mfaSession();
    const role = await assume(session, roleArn("sample_switch_role"));
    await emu.advance(1);
    await emu.revokeSessions({ userArn: BASTION.userArn });
    assert.equal(await outcome(assume(session, roleArn("sample_switch_role"))), `AccessDenied 403 ${explicitDeny(BASTION.userArn, "sts:AssumeRole", roleArn("sample_switch_role"))}`);
    assert.equal(await outcome(iam(session).send(new GetUserCommand({}))), `AccessDenied 403 ${explicitDeny(BASTION.userArn, "iam:GetUser", "user bastion")}`);
    assert.equal(await whoami(role), "ok", "a role session is governed by the role's policies, not the user's");
    assert.equal(await outcome(assume(bastion, roleArn("no_mfa_role"))), "ok", "long-term keys carry no aws:TokenIssueTime");
    await emu.advance(1);
    assert.equal(await outcome(assume(await mfaSession(), roleArn("sample_switch_role"))), "ok", "a new MFA session is not revoked");
  });

  test("revoke-sessions admin route: 404 for an unknown role or user, 400 for a bad body; reset removes the policy", async () => {
    await emu.reset();
    for (const [body, status, error] of [
      [{ roleArn: roleArn("nope") }, 404, `no role ${roleArn("nope")} in the world`],
      [{ roleArn: BASTION.userArn }, 404, `no role ${BASTION.userArn} in the world`],
      [{ userArn: "arn:aws:iam::111111111111:user/ghost" }, 404, "no user arn:aws:iam::111111111111:user/ghost in the world"],
      [{}, 400, "give exactly one of roleArn or userArn"],
      [{ roleArn: roleArn("no_mfa_role"), userArn: BASTION.userArn }, 400, "give exactly one of roleArn or userArn"],
      [{ roleArn: 7 }, 400, "roleArn must be a non-empty string"],
    ] as const) {
      const r = await admin("revoke-sessions", body);
      assert.deepEqual([r.status, await r.json()], [status, { error }], JSON.stringify(body));
    }
    const role = await assume(bastion, roleArn("no_mfa_role"));
    await emu.advance(1);
    await emu.revokeSessions({ roleArn: roleArn("no_mfa_role") });
    await emu.reset();
    assert.equal(await outcome(assume(role, CHAINED)), `InvalidClientTokenId 403 ${INVALID}`, "reset forgets the session itself");
    // reset also rewinds the clock, so this session is issued before the old cut-off: only
    // a forgotten policy lets it through.
    const after = await assume(bastion, roleArn("no_mfa_role"));
    assert.equal(await outcome(assume(after, CHAINED)), "ok");
  });

  test("through the AWS CLI v2: a deactivated key and a revoked role session", { skip: skipUnless(AWS_CLI_V2) }, async () => {
    await emu.reset();
    const r = aws(emu.url, bastion, ["sts", "assume-role", "--role-arn", roleArn("no_mfa_role"), "--role-session-name", "cli"]);
    assert.equal(r.status, 0, r.stderr);
    const role = credsOf(r.json);
    await emu.deactivateAccessKey(BASTION.accessKeyId);
    const dead = aws(emu.url, bastion, ["sts", "get-caller-identity"]);
    assert.equal(dead.status, 254);
    assert.deepEqual(cliError(dead.stderr), { code: "InvalidClientTokenId", operation: "GetCallerIdentity", message: INVALID });
    assert.equal(aws(emu.url, role, ["sts", "get-caller-identity"]).status, 0);
    await emu.advance(1);
    await emu.revokeSessions({ roleArn: roleArn("no_mfa_role") });
    const chained = aws(emu.url, role, ["sts", "assume-role", "--role-arn", CHAINED, "--role-session-name", "cli2"]);
    assert.deepEqual(cliError(chained.stderr), { code: "AccessDenied", operation: "AssumeRole", message: explicitDeny(`arn:aws:sts::${TARGET_ACCOUNT}:assumed-role/no_mfa_role/cli`, "sts:AssumeRole", CHAINED) });
    await emu.reset();
  });
});
