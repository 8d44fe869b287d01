// AWS's documented force-MFA policy on the bastion (forceMfaWorld), through the real AWS
// CLI v2: the long-term keys may look up the user and its MFA devices and call
// GetSessionToken, nothing else; an MFA session may assume roles. AssumeRole's own
// SerialNumber/TokenCode do not make the long-term keys MFA-authenticated.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { AWS_CLI_V2, skipUnless } from "../helpers/programs";
import { BASTION, forceMfaWorld, roleArn } from "../helpers/world";
import { aws, cliError, credsOf } from "./aws-cli";

const bastion = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };
const ROLE = roleArn("sample_switch_role");
const pick = ({ code, used }: { code: string; used: boolean }) => ({ code, used });
const explicitDeny = (who: string, action: string, resource: string) => `User: ${who} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`;

describe("AWS's force-MFA policy, through the AWS CLI v2", { skip: skipUnless(AWS_CLI_V2) }, () => {
  let emu: Emulator;
  let mfaUrl: string;
  before(async () => {
    emu = await startEmulator(forceMfaWorld());
    mfaUrl = `${emu.url}/__emulator/mfa-code?serial=${encodeURIComponent(BASTION.mfaSerial)}`;
  });
  after(async () => emu?.stop());

  test("long-term keys: get-user and list-mfa-devices of the own user are allowed, another user's are not", () => {
    const user = aws(emu.url, bastion, ["iam", "get-user"]);
    assert.equal(user.status, 0, user.stderr);
    assert.equal((user.json.User as Record<string, string>).Arn, BASTION.userArn);
    const devices = aws(emu.url, bastion, ["iam", "list-mfa-devices", "--user-name", BASTION.userName]);
    assert.equal(devices.status, 0, devices.stderr);
    assert.deepEqual((devices.json.MFADevices as Record<string, string>[]).map((d) => d.SerialNumber), [BASTION.mfaSerial]);
    // Refused before IAM says whether the user exists.
    const other = aws(emu.url, bastion, ["iam", "list-mfa-devices", "--user-name", "ghost"]);
    assert.equal(other.status, 254);
    assert.deepEqual(cliError(other.stderr), {
      code: "AccessDenied",
      operation: "ListMFADevices",
      message: `User: ${BASTION.userArn} is not authorized to perform: iam:ListMFADevices on resource: user ghost because no identity-based policy allows the iam:ListMFADevices action`,
    });
  });

  test("long-term keys: assume-role is denied explicitly, even with --serial-number and --token-code (the code is spent)", async () => {
    const plain = aws(emu.url, bastion, ["sts", "assume-role", "--role-arn", ROLE, "--role-session-name", "direct"]);
    assert.deepEqual(cliError(plain.stderr), { code: "AccessDenied", operation: "AssumeRole", message: explicitDeny(BASTION.userArn, "sts:AssumeRole", ROLE) });
    // The code must still be the one the device shows when `used` is read below: start
    // with most of a 30 s step left (the emulator's clock, not the wall's).
    const shownBefore = (await (await fetch(mfaUrl)).json()) as { secondsLeft: number };
    if (shownBefore.secondsLeft < 20) await emu.advance(shownBefore.secondsLeft);
    const code = await emu.freshMfaCode();
    const withCode = aws(emu.url, bastion, ["sts", "assume-role", "--role-arn", ROLE, "--role-session-name", "direct", "--serial-number", BASTION.mfaSerial, "--token-code", code]);
    assert.deepEqual(cliError(withCode.stderr), { code: "AccessDenied", operation: "AssumeRole", message: explicitDeny(BASTION.userArn, "sts:AssumeRole", ROLE) });
    assert.deepEqual(pick((await (await fetch(mfaUrl)).json()) as { code: string; used: boolean }), { code, used: true });
    assert.deepEqual((await emu.calls()).at(-1)!.status, 403);
  });

  test("get-session-token with MFA, then assume-role with that session: allowed", async () => {
    const s = aws(emu.url, bastion, ["sts", "get-session-token", "--serial-number", BASTION.mfaSerial, "--token-code", await emu.freshMfaCode()]);
    assert.equal(s.status, 0, s.stderr);
    const session = credsOf(s.json);
    const r = aws(emu.url, session, ["sts", "assume-role", "--role-arn", ROLE, "--role-session-name", "via-mfa-session"]);
    assert.equal(r.status, 0, r.stderr);
    const who = aws(emu.url, credsOf(r.json), ["sts", "get-caller-identity"]);
    assert.equal(who.json.Arn, "arn:aws:sts::123456789012:assumed-role/sample_switch_role/via-mfa-session");
    // The MFA session may call IAM too.
    assert.equal(aws(emu.url, session, ["iam", "get-user"]).status, 0);
  });

  test("get-session-token without MFA is allowed (it needs no permission), but its session is denied assume-role", () => {
    const s = aws(emu.url, bastion, ["sts", "get-session-token", "--duration-seconds", "900"]);
    assert.equal(s.status, 0, s.stderr);
    const r = aws(emu.url, credsOf(s.json), ["sts", "assume-role", "--role-arn", roleArn("no_mfa_role"), "--role-session-name", "nomfa"]);
    assert.deepEqual(cliError(r.stderr), { code: "AccessDenied", operation: "AssumeRole", message: explicitDeny(BASTION.userArn, "sts:AssumeRole", roleArn("no_mfa_role")) });
  });

  test("get-caller-identity answers whatever the policies say, as AWS documents", () => {
    const who = aws(emu.url, bastion, ["sts", "get-caller-identity"]);
    assert.equal(who.status, 0, who.stderr);
    assert.equal(who.json.Arn, BASTION.userArn);
  });
});
