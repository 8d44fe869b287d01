// The emulator through @aws-sdk/client-sts and client-iam as libraries, for the rules the
// AWS CLI validates away on the client side (durations under 900) and the finer trust rules.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { GetUserCommand, IAMClient, ListMFADevicesCommand } from "@aws-sdk/client-iam";
import { assertExpiresAfter, startEmulator, type Emulator } from "../helpers/emulator";
import { BASTION, roleArn, seedWorld } from "../helpers/world";
import type { Keys } from "./signed-request";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const bastion: Keys = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };

async function rejects(p: Promise<unknown>, name: string, message: string | RegExp, status?: number): Promise<void> {
  await assert.rejects(p, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, name);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    if (status !== undefined) assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

describe("@aws-sdk clients against the emulator", () => {
  let emu: Emulator;
  const world = seedWorld();
  world.roles.push(
    {
      arn: roleArn("fresh_mfa_role"),
      maxSessionDuration: 3600,
      trustPolicy: { Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: ["sts:TagSession", "sts:Assume*"], Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "600" } } } },
    },
    {
      arn: roleArn("denied_bastion"),
      trustPolicy: {
        Statement: [
          { Effect: "Allow", Principal: { AWS: "111111111111" }, Action: "*" },
          { Effect: "Deny", Principal: { AWS: BASTION.userArn }, Action: "sts:AssumeRole" },
        ],
      },
    },
    {
      arn: roleArn("chained_role"),
      trustPolicy: { Statement: { Effect: "Allow", Principal: { AWS: roleArn("no_mfa_role") }, Action: "sts:AssumeRole", Condition: { StringLike: { "sts:ExternalId": "team-*" } } } },
    },
  );
  before(async () => (emu = await startEmulator(world)));
  after(async () => emu?.stop());
  const sts = (credentials: Keys = bastion, maxAttempts = 1, systemClockOffset = 0): STSClient => {
    const client = new STSClient({ region: "ap-northeast-1", endpoint: emu.url, credentials, maxAttempts });
    client.config.systemClockOffset = systemClockOffset;
    return client;
  };
  const iam = (credentials: Keys = bastion): IAMClient => new IAMClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
  const keysOf = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Keys => ({
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
  });

  test("DurationSeconds bounds: AssumeRole 900..43200, GetSessionToken 900..129600", async () => {
    const msg = (v: number, rule: string) => `1 validation error detected: Value '${v}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${rule}`;
    await rejects(sts().send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "ok", DurationSeconds: 60 })), "ValidationError", /^1 validation error/, 400);
    await rejects(sts().send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "ok", DurationSeconds: 60 })), "ValidationError", msg(60, "greater than or equal to 900"), 400);
    await rejects(sts().send(new GetSessionTokenCommand({ DurationSeconds: 899 })), "ValidationError", msg(899, "greater than or equal to 900"));
    await rejects(sts().send(new GetSessionTokenCommand({ DurationSeconds: 129601 })), "ValidationError", msg(129601, "less than or equal to 129600"));
    // Each Expiration against the moment the emulator issued it (its call log, its clock).
    const expiresAfter = async (answer: { Credentials?: { Expiration?: Date } }, seconds: number, what: string) => {
      const after = await emu.now();
      assertExpiresAfter(answer.Credentials!.Expiration!.getTime(), seconds, (await emu.calls()).at(-1)!, after, what);
    };
    await expiresAfter(await sts().send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "ok", DurationSeconds: 900 })), 900, "AssumeRole for 900 s");
    await expiresAfter(await sts().send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "ok" })), 3600, "AssumeRole defaults to 3600 s");
    await expiresAfter(await sts().send(new GetSessionTokenCommand({})), 43200, "GetSessionToken defaults to 43200 s");
  });

  test("several validation errors are reported together; a one-character session name", async () => {
    await rejects(
      sts().send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "a", DurationSeconds: 1 })),
      "ValidationError",
      "2 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '1' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    await rejects(sts().send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "x".repeat(65) })), "ValidationError", /Member must have length less than or equal to 64$/);
  });

  test("an unknown role is AccessDenied, as AWS does not reveal which roles exist", async () => {
    await rejects(
      sts().send(new AssumeRoleCommand({ RoleArn: roleArn("nope"), RoleSessionName: "ss" })),
      "AccessDenied",
      `User: ${BASTION.userArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn("nope")}`,
      403,
    );
    await rejects(sts().send(new AssumeRoleCommand({ RoleArn: roleArn("deny_role"), RoleSessionName: "ss" })), "AccessDenied", /not authorized to perform: sts:AssumeRole/);
  });

  test("an explicit Deny wins over an Allow", async () => {
    await rejects(sts().send(new AssumeRoleCommand({ RoleArn: roleArn("denied_bastion"), RoleSessionName: "ss" })), "AccessDenied", /not authorized/);
  });

  test("aws:MultiFactorAuthAge: an MFA session is good while young, refused once older than the policy allows", async () => {
    const session = await sts().send(new GetSessionTokenCommand({ SerialNumber: BASTION.mfaSerial, TokenCode: await emu.freshMfaCode() }));
    const s = sts(keysOf(session.Credentials));
    await s.send(new AssumeRoleCommand({ RoleArn: roleArn("fresh_mfa_role"), RoleSessionName: "young" }));
    await s.send(new AssumeRoleCommand({ RoleArn: roleArn("sample_switch_role"), RoleSessionName: "mfa-session" }));
    await emu.advance(601);
    await rejects(s.send(new AssumeRoleCommand({ RoleArn: roleArn("fresh_mfa_role"), RoleSessionName: "old" })), "AccessDenied", /assumed|not authorized/);
    await rejects(sts().send(new AssumeRoleCommand({ RoleArn: roleArn("fresh_mfa_role"), RoleSessionName: "nomfa" })), "AccessDenied", /not authorized/);
  });

  test("GetSessionToken without MFA does not satisfy aws:MultiFactorAuthPresent", async () => {
    const session = await sts().send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    await rejects(
      sts(keysOf(session.Credentials)).send(new AssumeRoleCommand({ RoleArn: roleArn("sample_switch_role"), RoleSessionName: "ss" })),
      "AccessDenied",
      `User: ${BASTION.userArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn("sample_switch_role")}`,
    );
  });

  test("role chaining: a role session assumes a role that trusts its role ARN, with StringLike external id", async () => {
    const first = await sts().send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "hop1" }));
    const hop = sts(keysOf(first.Credentials));
    await rejects(hop.send(new AssumeRoleCommand({ RoleArn: roleArn("chained_role"), RoleSessionName: "hop2", ExternalId: "other" })), "AccessDenied",
      `User: arn:aws:sts::123456789012:assumed-role/no_mfa_role/hop1 is not authorized to perform: sts:AssumeRole on resource: ${roleArn("chained_role")}`);
    const second = await hop.send(new AssumeRoleCommand({ RoleArn: roleArn("chained_role"), RoleSessionName: "hop2", ExternalId: "team-a" }));
    const who = await sts(keysOf(second.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, "arn:aws:sts::123456789012:assumed-role/chained_role/hop2");
    assert.match(who.UserId!, /^AROA[A-Z0-9]{17}:hop2$/);
  });

  test("MFA: a wrong code, a device not the caller's, and the previous step's code", async () => {
    await rejects(sts().send(new GetSessionTokenCommand({ SerialNumber: BASTION.mfaSerial, TokenCode: "000000" === (await emu.mfaCode()) ? "111111" : "000000" })),
      "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.");
    await rejects(sts().send(new GetSessionTokenCommand({ SerialNumber: "arn:aws:iam::111111111111:mfa/someone", TokenCode: "123456" })), "AccessDenied", /unable to validate MFA code/);
    await rejects(sts().send(new GetSessionTokenCommand({ TokenCode: "123456" })), "AccessDenied", "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.");
    await rejects(sts().send(new GetSessionTokenCommand({ SerialNumber: BASTION.mfaSerial, TokenCode: "12ab56" })), "ValidationError", /at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\d\]\*/);
    const previous = await emu.freshMfaCode();
    await emu.advance(30);
    await sts().send(new GetSessionTokenCommand({ SerialNumber: BASTION.mfaSerial, TokenCode: previous }));
    const stale = await emu.freshMfaCode();
    await emu.advance(60);
    await rejects(sts().send(new GetSessionTokenCommand({ SerialNumber: BASTION.mfaSerial, TokenCode: stale })), "AccessDenied", /invalid MFA one time pass code/);
  });

  test("IAM GetUser and ListMFADevices: the caller's user, another name, and refusals for session credentials", async () => {
    const me = await iam().send(new GetUserCommand({}));
    assert.equal(me.User!.Arn, BASTION.userArn);
    assert.equal(me.User!.Path, "/");
    const devices = await iam().send(new ListMFADevicesCommand({}));
    assert.deepEqual(devices.MFADevices!.map((d) => [d.UserName, d.SerialNumber]), [["bastion", BASTION.mfaSerial]]);
    await rejects(iam().send(new GetUserCommand({ UserName: "ghost" })), "NoSuchEntityException", "The user with name ghost cannot be found.", 404);
    const role = await sts().send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "rr" }));
    await rejects(iam(keysOf(role.Credentials)).send(new GetUserCommand({})), "ValidationError", "Must specify userName when calling with non-User credentials");
    const plain = await sts().send(new GetSessionTokenCommand({}));
    await rejects(iam(keysOf(plain.Credentials)).send(new ListMFADevicesCommand({})), "InvalidClientTokenId", "The security token included in the request is invalid.");
  });

  test("expired credentials are 403 ExpiredToken from STS and from IAM", async () => {
    const session = keysOf((await sts().send(new GetSessionTokenCommand({ DurationSeconds: 900, SerialNumber: BASTION.mfaSerial, TokenCode: await emu.freshMfaCode() }))).Credentials);
    await iam(session).send(new GetUserCommand({}));
    await emu.advance(901);
    const expired = "The security token included in the request is expired";
    await rejects(sts(session).send(new GetCallerIdentityCommand({})), "ExpiredToken", expired, 403);
    await rejects(iam(session).send(new GetUserCommand({})), "ExpiredToken", expired, 403);
    assert.deepEqual((await emu.calls()).slice(-2).map((c) => [c.service, c.status, c.errorCode]), [["sts", 403, "ExpiredToken"], ["iam", 403, "ExpiredToken"]]);
  });

  test("a tampered session token is InvalidClientTokenId; reset forgets issued credentials", async () => {
    const role = keysOf((await sts().send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "rr" }))).Credentials);
    await rejects(sts({ ...role, sessionToken: role.sessionToken + "x" }).send(new GetCallerIdentityCommand({})), "InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    await sts(role).send(new GetCallerIdentityCommand({}));
    await emu.reset();
    await rejects(sts(role).send(new GetCallerIdentityCommand({})), "InvalidClientTokenId", /invalid/);
    assert.equal((await emu.calls()).length, 1);
  });

  test("a skewed client clock: signature expired; the SDK corrects its clock from our Date header", async () => {
    await rejects(sts(bastion, 1, -20 * 60_000).send(new GetCallerIdentityCommand({})), "SignatureDoesNotMatch", /^Signature expired: .* - 15 min\.\)$/, 403);
    await rejects(sts(bastion, 1, 20 * 60_000).send(new GetCallerIdentityCommand({})), "SignatureDoesNotMatch", /^Signature not yet current: .* \+ 15 min\.\)$/);
    const skewed = sts(bastion, 1, -20 * 60_000);
    await rejects(skewed.send(new GetCallerIdentityCommand({})), "SignatureDoesNotMatch", /^Signature expired/);
    assert.ok(Math.abs(skewed.config.systemClockOffset!) < 5_000, "offset corrected from the response's Date header");
    assert.equal((await skewed.send(new GetCallerIdentityCommand({}))).Arn, BASTION.userArn);
  });

  test("faults: throttling is retried by the SDK, a delay is waited out", async () => {
    await emu.reset();
    await emu.faults({ action: "GetCallerIdentity", status: 400, code: "Throttling", message: "Rate exceeded", count: 1 });
    await sts(bastion, 3).send(new GetCallerIdentityCommand({}));
    assert.deepEqual((await emu.calls()).map((c) => c.errorCode), ["Throttling", null]);
    await emu.faults({ action: "*", status: 400, code: "Throttling", message: "Rate exceeded" });
    await rejects(sts().send(new GetCallerIdentityCommand({})), "Throttling", "Rate exceeded", 400);
    await emu.faults({ action: "GetCallerIdentity", delayMs: 300 });
    const t0 = Date.now();
    await sts().send(new GetCallerIdentityCommand({}));
    assert.ok(Date.now() - t0 >= 290);
  });
});
