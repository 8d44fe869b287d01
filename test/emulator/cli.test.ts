// The emulator through the real AWS CLI v2: it must parse our XML and we must accept its
// signatures, for every action and the failures switchrole meets.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertExpiresAfter, startEmulator, type Emulator } from "../helpers/emulator";
import { AWS_CLI_V2, skipUnless } from "../helpers/programs";
import { BASTION, roleArn } from "../helpers/world";
import { aws, cliError, credsOf } from "./aws-cli";

const bastion = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };
const skip = skipUnless(AWS_CLI_V2);

describe("AWS CLI v2 against the emulator", { skip }, () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(async () => emu?.stop());

  const lastCall = async () => (await emu.calls()).at(-1)!;

  test("get-caller-identity with the bastion's long-term keys", async () => {
    const r = aws(emu.url, bastion, ["sts", "get-caller-identity"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json.Arn, BASTION.userArn);
    assert.equal(r.json.Account, BASTION.accountId);
    assert.match(String(r.json.UserId), /^AIDA[A-Z0-9]{17}$/);
    assert.deepEqual(await lastCall(), { ...(await lastCall()), service: "sts", action: "GetCallerIdentity", accessKeyId: BASTION.accessKeyId, status: 200, errorCode: null });
  });

  test("a wrong secret is SignatureDoesNotMatch", async () => {
    const r = aws(emu.url, { ...bastion, secretAccessKey: "x".repeat(40) }, ["sts", "get-caller-identity"]);
    assert.equal(r.status, 254);
    assert.deepEqual(cliError(r.stderr), {
      code: "SignatureDoesNotMatch",
      operation: "GetCallerIdentity",
      message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    });
  });

  test("an unknown access key is InvalidClientTokenId", () => {
    const r = aws(emu.url, { accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "y".repeat(40) }, ["sts", "get-caller-identity"]);
    assert.deepEqual(cliError(r.stderr), { code: "InvalidClientTokenId", operation: "GetCallerIdentity", message: "The security token included in the request is invalid." });
  });

  test("assume-role with MFA, then the role's credentials answer get-caller-identity", async () => {
    const code = await emu.freshMfaCode();
    const r = aws(emu.url, bastion, ["sts", "assume-role", "--role-arn", roleArn("sample_switch_role"), "--role-session-name", "cli-test", "--serial-number", BASTION.mfaSerial, "--token-code", code, "--duration-seconds", "43200"]);
    assert.equal(r.status, 0, r.stderr);
    const creds = credsOf(r.json);
    assert.match(creds.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
    assert.equal(creds.secretAccessKey.length, 40);
    assert.ok(creds.sessionToken!.length > 300);
    const answered = await emu.now();
    const call = (await emu.calls()).find((c) => c.action === "AssumeRole" && c.status === 200)!;
    const expiration = Date.parse(String((r.json.Credentials as Record<string, string>).Expiration));
    assertExpiresAfter(expiration, 43200, call, answered, "expires in 12 hours");
    assert.equal((r.json.AssumedRoleUser as Record<string, string>).Arn, "arn:aws:sts::123456789012:assumed-role/sample_switch_role/cli-test");
    const who = aws(emu.url, creds, ["sts", "get-caller-identity"]);
    assert.equal(who.json.Arn, "arn:aws:sts::123456789012:assumed-role/sample_switch_role/cli-test");
    assert.equal(call.serialNumber, BASTION.mfaSerial);
    assert.equal(call.durationSeconds, 43200);
    assert.ok(!JSON.stringify(await emu.calls()).includes(code), "the call log never holds the MFA code");
  });

  test("a reused MFA code is refused", async () => {
    const code = await emu.freshMfaCode();
    const args = ["sts", "assume-role", "--role-arn", roleArn("sample_switch_role"), "--role-session-name", "once", "--serial-number", BASTION.mfaSerial, "--token-code", code];
    assert.equal(aws(emu.url, bastion, args).status, 0);
    const again = aws(emu.url, bastion, args);
    assert.deepEqual(cliError(again.stderr), { code: "AccessDenied", operation: "AssumeRole", message: "MultiFactorAuthentication failed with invalid MFA one time pass code." });
  });

  test("a trust policy requiring MFA, called without it, is AccessDenied naming caller and role", () => {
    const r = aws(emu.url, bastion, ["sts", "assume-role", "--role-arn", roleArn("sample_switch_role"), "--role-session-name", "nomfa"]);
    assert.deepEqual(cliError(r.stderr), {
      code: "AccessDenied",
      operation: "AssumeRole",
      message: `User: ${BASTION.userArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn("sample_switch_role")}`,
    });
  });

  test("get-session-token with MFA carries the MFA context; chaining is capped at one hour", async () => {
    const code = await emu.freshMfaCode();
    const s = aws(emu.url, bastion, ["sts", "get-session-token", "--serial-number", BASTION.mfaSerial, "--token-code", code, "--duration-seconds", "129600"]);
    assert.equal(s.status, 0, s.stderr);
    const session = credsOf(s.json);
    const ok = aws(emu.url, session, ["sts", "assume-role", "--role-arn", roleArn("sample_switch_role"), "--role-session-name", "chained", "--duration-seconds", "3600"]);
    assert.equal(ok.status, 0, ok.stderr);
    const long = aws(emu.url, session, ["sts", "assume-role", "--role-arn", roleArn("sample_switch_role"), "--role-session-name", "chained", "--duration-seconds", "43200"]);
    assert.deepEqual(cliError(long.stderr), { code: "ValidationError", operation: "AssumeRole", message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." });
    const again = aws(emu.url, session, ["sts", "get-session-token"]);
    assert.deepEqual(cliError(again.stderr), { code: "AccessDenied", operation: "GetSessionToken", message: "Cannot call GetSessionToken with session credentials" });
  });

  test("credentials stop working at their Expiration on the emulator clock", async () => {
    const r = aws(emu.url, bastion, ["sts", "assume-role", "--role-arn", roleArn("no_mfa_role"), "--role-session-name", "short", "--duration-seconds", "900"]);
    assert.equal(r.status, 0, r.stderr);
    const creds = credsOf(r.json);
    await emu.advance(890);
    assert.equal(aws(emu.url, creds, ["sts", "get-caller-identity"]).status, 0);
    await emu.advance(11);
    const late = aws(emu.url, creds, ["sts", "get-caller-identity"]);
    assert.deepEqual(cliError(late.stderr), { code: "ExpiredToken", operation: "GetCallerIdentity", message: "The security token included in the request is expired" });
  });

  test("DurationSeconds above the role's MaxSessionDuration and above 43200", async () => {
    const code = await emu.freshMfaCode();
    const r = aws(emu.url, bastion, ["sts", "assume-role", "--role-arn", roleArn("short_role"), "--role-session-name", "long", "--serial-number", BASTION.mfaSerial, "--token-code", code, "--duration-seconds", "7200"]);
    assert.deepEqual(cliError(r.stderr), { code: "ValidationError", operation: "AssumeRole", message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role." });
    const big = aws(emu.url, bastion, ["sts", "assume-role", "--role-arn", roleArn("no_mfa_role"), "--role-session-name", "long", "--duration-seconds", "43201"]);
    assert.equal(cliError(big.stderr)?.message, "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200");
  });

  test("RoleSessionName outside [\\w+=,.@-] is a ValidationError", () => {
    const r = aws(emu.url, bastion, ["sts", "assume-role", "--role-arn", roleArn("no_mfa_role"), "--role-session-name", "has space"]);
    assert.deepEqual(cliError(r.stderr), {
      code: "ValidationError",
      operation: "AssumeRole",
      message: "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    });
  });

  test("external id: the right one with MFA is allowed, a wrong one denied", async () => {
    const base = ["sts", "assume-role", "--role-arn", roleArn("external_role"), "--role-session-name", "ext", "--serial-number", BASTION.mfaSerial];
    const ok = aws(emu.url, bastion, [...base, "--token-code", await emu.freshMfaCode(), "--external-id", "123456789012"]);
    assert.equal(ok.status, 0, ok.stderr);
    const bad = aws(emu.url, bastion, [...base, "--token-code", await emu.freshMfaCode(), "--external-id", "999999999999"]);
    assert.equal(cliError(bad.stderr)?.code, "AccessDenied");
    assert.equal((await emu.calls()).at(-1)!.externalId, "999999999999");
  });

  test("iam get-user and list-mfa-devices for the caller", () => {
    const user = aws(emu.url, bastion, ["iam", "get-user"]);
    assert.equal(user.status, 0, user.stderr);
    assert.equal((user.json.User as Record<string, string>).Arn, BASTION.userArn);
    assert.equal((user.json.User as Record<string, string>).UserName, "bastion");
    const mfa = aws(emu.url, bastion, ["iam", "list-mfa-devices", "--user-name", "bastion"]);
    assert.equal(mfa.status, 0, mfa.stderr);
    assert.deepEqual((mfa.json.MFADevices as Record<string, string>[]).map((d) => d.SerialNumber), [BASTION.mfaSerial]);
  });

  test("faults: a Throttling answer is retried by the CLI; a 500 and a dropped connection fail", async () => {
    await emu.reset();
    await emu.faults({ action: "GetCallerIdentity", status: 400, code: "Throttling", message: "Rate exceeded" });
    const retried = aws(emu.url, bastion, ["sts", "get-caller-identity"]);
    assert.equal(retried.status, 0, retried.stderr);
    assert.deepEqual((await emu.calls()).map((c) => [c.status, c.errorCode]), [[400, "Throttling"], [200, null]]);

    await emu.faults({ action: "GetCallerIdentity", status: 500, count: 1 });
    const failed = aws(emu.url, bastion, ["sts", "get-caller-identity"], { AWS_MAX_ATTEMPTS: "1" });
    assert.equal(cliError(failed.stderr)?.code, "InternalFailure");

    await emu.faults({ action: "GetCallerIdentity", drop: true });
    const dropped = aws(emu.url, bastion, ["sts", "get-caller-identity"], { AWS_MAX_ATTEMPTS: "1" });
    assert.notEqual(dropped.status, 0);
    assert.match(dropped.stderr, /Connection was closed|connection|endpoint/i);
  });

  test("a signature made 20 minutes ago is refused with the signature-expired message", { skip: skipUnless("faketime") }, () => {
    const r = aws(emu.url, bastion, ["sts", "get-caller-identity"], { AWS_MAX_ATTEMPTS: "1" }, ["faketime", "-f", "-20m"]);
    const err = cliError(r.stderr);
    assert.equal(err?.code, "SignatureDoesNotMatch");
    assert.match(err!.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });
});
