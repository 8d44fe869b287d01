// Identity-based policies of users and roles through @aws-sdk/client-sts and client-iam:
// how the SDK sees AWS's denials (name, status, message), a role's own policies when its
// sessions chain or call IAM, the request context of each kind of credentials, and the
// same-account rule that a trust policy naming the caller grants on its own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { GetUserCommand, IAMClient, ListMFADevicesCommand } from "@aws-sdk/client-iam";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { BASTION, forceMfaWorld, roleArn, TARGET_ACCOUNT } from "../helpers/world";
import type { Keys } from "./signed-request";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const bastion: Keys = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };
// A user in the roles' own account, with policies that allow nothing.
const LOCAL = { arn: `arn:aws:iam::${TARGET_ACCOUNT}:user/local`, accessKeyId: "AKIAEMULATORLOCAL001", secretAccessKey: "local/EMULATOR/secret+key/0123456789ABCD" };
const local: Keys = { accessKeyId: LOCAL.accessKeyId, secretAccessKey: LOCAL.secretAccessKey };
const HOP = roleArn("hop_role");
const NEXT = roleArn("next_role");
const denied = (who: string, action: string, resource: string, explicit: boolean) =>
  `User: ${who} is not authorized to perform: ${action} on resource: ${resource} ${explicit ? "with an explicit deny in an identity-based policy" : `because no identity-based policy allows the ${action} action`}`;

describe("identity-based policies through the JS SDK", () => {
  let emu: Emulator;
  before(async () => {
    const world = forceMfaWorld();
    world.users.push({ arn: LOCAL.arn, accessKeys: [{ id: LOCAL.accessKeyId, secret: LOCAL.secretAccessKey }], policies: [] });
    world.roles.push(
      {
        // Trusts the bastion's account; its sessions may chain into next_role only, and look up users.
        arn: HOP,
        trustPolicy: { Statement: { Effect: "Allow", Principal: { AWS: BASTION.accountId }, Action: "sts:AssumeRole" } },
        policies: [
          { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: NEXT }, { Effect: "Allow", Action: "iam:ListMFADevices", Resource: "*" }] },
          { Version: "2012-10-17", Statement: { Effect: "Deny", Action: "iam:GetUser", Resource: "*" } },
        ],
      },
      { arn: NEXT, trustPolicy: { Statement: { Effect: "Allow", Principal: { AWS: HOP }, Action: "sts:AssumeRole" } } },
      { arn: roleArn("names_local"), trustPolicy: { Statement: { Effect: "Allow", Principal: { AWS: LOCAL.arn }, Action: "sts:AssumeRole" } } },
      { arn: roleArn("trusts_account"), trustPolicy: { Statement: { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${TARGET_ACCOUNT}:root` }, Action: "sts:AssumeRole" } } },
    );
    emu = await startEmulator(world);
  });
  after(async () => emu?.stop());

  const sts = (credentials: Keys): STSClient => new STSClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
  const iam = (credentials: Keys): IAMClient => new IAMClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
  const keysOf = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Keys => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
  const assume = async (signer: Keys, role: string, name = "s1"): Promise<Keys> => keysOf((await sts(signer).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: name }))).Credentials);
  const mfaSession = async (): Promise<Keys> => keysOf((await sts(bastion).send(new GetSessionTokenCommand({ SerialNumber: BASTION.mfaSerial, TokenCode: await emu.freshMfaCode() }))).Credentials);
  async function rejects(p: Promise<unknown>, name: string, message: string): Promise<void> {
    await assert.rejects(p, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.deepEqual([e.name, e.$metadata?.httpStatusCode, e.message], [name, 403, message]);
      return true;
    });
  }

  test("an explicit deny and an implicit one, as the SDK parses them: AccessDenied, 403, AWS's wording", async () => {
    await rejects(sts(bastion).send(new AssumeRoleCommand({ RoleArn: HOP, RoleSessionName: "s1" })), "AccessDenied", denied(BASTION.userArn, "sts:AssumeRole", HOP, true));
    await rejects(iam(bastion).send(new GetUserCommand({ UserName: "local" })), "AccessDenied", denied(BASTION.userArn, "iam:GetUser", "user local", false));
    await rejects(iam(local).send(new GetUserCommand({})), "AccessDenied", denied(LOCAL.arn, "iam:GetUser", "user local", false));
    const calls = await emu.calls();
    assert.deepEqual(calls.slice(-3).map((c) => [c.service, c.action, c.status, c.errorCode]), [["sts", "AssumeRole", 403, "AccessDenied"], ["iam", "GetUser", 403, "AccessDenied"], ["iam", "GetUser", 403, "AccessDenied"]]);
  });

  test("a role's own policies govern its sessions: chaining to the role it allows, IAM calls it allows or denies", async () => {
    const hop = await assume(await mfaSession(), HOP, "hop");
    const hopArn = `arn:aws:sts::${TARGET_ACCOUNT}:assumed-role/hop_role/hop`;
    const next = await assume(hop, NEXT, "next");
    assert.equal((await sts(next).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${TARGET_ACCOUNT}:assumed-role/next_role/next`);
    await rejects(sts(hop).send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "xx" })), "AccessDenied", denied(hopArn, "sts:AssumeRole", roleArn("no_mfa_role"), false));
    await rejects(iam(hop).send(new GetUserCommand({ UserName: "local" })), "AccessDenied", denied(hopArn, "iam:GetUser", "user local", true));
    const devices = await iam(hop).send(new ListMFADevicesCommand({ UserName: "local" }));
    assert.deepEqual(devices.MFADevices, []);
    // A role without policies in the world is not restricted by them: only the trust policy refuses here.
    await rejects(sts(next).send(new AssumeRoleCommand({ RoleArn: HOP, RoleSessionName: "back" })), "AccessDenied", `User: arn:aws:sts::${TARGET_ACCOUNT}:assumed-role/next_role/next is not authorized to perform: sts:AssumeRole on resource: ${HOP}`);
  });

  test("same account: a trust policy naming the user grants without an identity Allow; one naming the account does not", async () => {
    const s = await assume(local, roleArn("names_local"));
    assert.match(s.accessKeyId, /^ASIA/);
    await rejects(sts(local).send(new AssumeRoleCommand({ RoleArn: roleArn("trusts_account"), RoleSessionName: "s1" })), "AccessDenied", denied(LOCAL.arn, "sts:AssumeRole", roleArn("trusts_account"), false));
    // Another account's role always needs the caller's own Allow: local's policies allow nothing.
    await rejects(sts(local).send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "s1" })), "AccessDenied", denied(LOCAL.arn, "sts:AssumeRole", roleArn("no_mfa_role"), false));
  });

  test("GetCallerIdentity and GetSessionToken need no permission: local, allowed nothing, may call both", async () => {
    assert.equal((await sts(local).send(new GetCallerIdentityCommand({}))).Arn, LOCAL.arn);
    const s = await sts(local).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    assert.match(s.Credentials!.AccessKeyId!, /^ASIA/);
  });
});
