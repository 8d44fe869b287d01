// IAM's access-key API (CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey),
// parsed by the JS SDK and by the AWS CLI v2: a new key signs at once (unless the
// consistency knob holds it back), two keys per user, Inactive and deleted keys are refused,
// and AWS's force-MFA policy denies it all to long-term keys but not to an MFA session.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { CreateAccessKeyCommand, DeleteAccessKeyCommand, IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { AWS_CLI_V2, skipUnless } from "../helpers/programs";
import { BASTION, forceMfaWorld, roleArn, seedWorld } from "../helpers/world";
import { aws, cliError, credsOf } from "./aws-cli";
import { send, signedRequest, type Keys } from "./signed-request";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const bastion: Keys = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };
const INVALID = "The security token included in the request is invalid.";
const explicitDeny = (action: string) => `User: ${BASTION.userArn} is not authorized to perform: ${action} on resource: user ${BASTION.userName} with an explicit deny in an identity-based policy`;

/** "ok", or the error's name, HTTP status and message. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return `${err.name} ${err.$metadata?.httpStatusCode} ${err.message}`;
  }
}

function clients(emu: Emulator) {
  const sts = (credentials: Keys): STSClient => new STSClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
  const iam = (credentials: Keys): IAMClient => new IAMClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
  const whoami = (keys: Keys) => outcome(sts(keys).send(new GetCallerIdentityCommand({})));
  return { sts, iam, whoami };
}

const OTHER = { userName: "auditor", accessKeyId: "AKIAEMULATORAUDITOR1", secretAccessKey: "auditor/EMULATOR/secret+key/0123456789AB" };

describe("IAM access keys, through the JS SDK", () => {
  let emu: Emulator;
  before(async () => {
    const world = seedWorld();
    world.users.push({ arn: `arn:aws:iam::${BASTION.accountId}:user/${OTHER.userName}`, accessKeys: [{ id: OTHER.accessKeyId, secret: OTHER.secretAccessKey }] });
    emu = await startEmulator(world);
  });
  after(async () => emu?.stop());

  test("create, sign with it, list, quota, deactivate, delete", async () => {
    await emu.reset();
    const { iam, whoami } = clients(emu);
    const created = (await iam(bastion).send(new CreateAccessKeyCommand({}))).AccessKey!;
    assert.equal(created.UserName, BASTION.userName);
    assert.match(created.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(created.SecretAccessKey!.length, 40);
    assert.equal(created.Status, "Active");
    assert.ok(created.CreateDate instanceof Date && !Number.isNaN(created.CreateDate.getTime()));
    const fresh: Keys = { accessKeyId: created.AccessKeyId!, secretAccessKey: created.SecretAccessKey! };
    const who = await clients(emu).sts(fresh).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, BASTION.userArn);

    const listed = await iam(fresh).send(new ListAccessKeysCommand({ UserName: BASTION.userName }));
    assert.equal(listed.IsTruncated, false);
    assert.deepEqual(listed.AccessKeyMetadata!.map((k) => [k.UserName, k.AccessKeyId, k.Status]), [
      [BASTION.userName, BASTION.accessKeyId, "Active"],
      [BASTION.userName, created.AccessKeyId, "Active"],
    ]);

    assert.equal(await outcome(iam(bastion).send(new CreateAccessKeyCommand({}))), "LimitExceededException 409 Cannot exceed quota for AccessKeysPerUser: 2");

    await iam(fresh).send(new UpdateAccessKeyCommand({ AccessKeyId: BASTION.accessKeyId, Status: "Inactive" }));
    assert.equal(await whoami(bastion), `InvalidClientTokenId 403 ${INVALID}`);
    const inactive = await iam(fresh).send(new ListAccessKeysCommand({}));
    assert.deepEqual(inactive.AccessKeyMetadata!.map((k) => k.Status), ["Inactive", "Active"]);
    await iam(fresh).send(new UpdateAccessKeyCommand({ AccessKeyId: BASTION.accessKeyId, Status: "Active" }));
    assert.equal(await whoami(bastion), "ok");

    await iam(bastion).send(new DeleteAccessKeyCommand({ AccessKeyId: created.AccessKeyId! }));
    assert.equal(await whoami(fresh), `InvalidClientTokenId 403 ${INVALID}`);
    assert.equal(
      await outcome(iam(bastion).send(new DeleteAccessKeyCommand({ AccessKeyId: created.AccessKeyId! }))),
      `NoSuchEntityException 404 The Access Key with id ${created.AccessKeyId} cannot be found.`,
    );
    assert.equal((await iam(bastion).send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.length, 1);

    const calls = await emu.calls();
    assert.ok(!JSON.stringify(calls).includes(created.SecretAccessKey!), "the call log never holds the new secret");
    assert.equal(calls.find((c) => c.action === "CreateAccessKey" && c.status === 200)!.issuedAccessKeyId, created.AccessKeyId);
    assert.deepEqual(calls.filter((c) => c.action === "DeleteAccessKey").map((c) => [c.targetAccessKeyId, c.status, c.errorCode]), [
      [created.AccessKeyId, 200, null],
      [created.AccessKeyId, 404, "NoSuchEntity"],
    ]);
    assert.equal(calls.find((c) => c.action === "GetCallerIdentity" && c.accessKeyId === created.AccessKeyId && c.status === 403)!.keyStatus, "Deleted");
  });

  test("the raw XML: AWS's element names and order; Update/Delete answer ResponseMetadata alone", async () => {
    await emu.reset();
    const NS = 'xmlns="https://iam.amazonaws.com/doc/2010-05-08/"';
    const call = async (form: Record<string, string>) => send(emu.url, await signedRequest(emu.url, bastion, { Version: "2010-05-08", ...form }, { service: "iam" }));
    const created = await call({ Action: "CreateAccessKey" });
    assert.equal(created.status, 200, created.body);
    const m = new RegExp(
      `^<CreateAccessKeyResponse ${NS}>\\s*<CreateAccessKeyResult><AccessKey><UserName>bastion</UserName><AccessKeyId>(AKIA[A-Z2-7]{16})</AccessKeyId><Status>Active</Status><SecretAccessKey>[A-Za-z0-9+/]{40}</SecretAccessKey><CreateDate>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</CreateDate></AccessKey></CreateAccessKeyResult>\\s*<ResponseMetadata>\\s*<RequestId>[0-9a-f-]{36}</RequestId>\\s*</ResponseMetadata>\\s*</CreateAccessKeyResponse>\\s*$`,
    ).exec(created.body);
    assert.ok(m, created.body);
    const id = m[1]!;
    const listed = await call({ Action: "ListAccessKeys" });
    assert.match(
      listed.body,
      new RegExp(`<ListAccessKeysResult><AccessKeyMetadata><member><UserName>bastion</UserName><AccessKeyId>${BASTION.accessKeyId}</AccessKeyId><Status>Active</Status><CreateDate>[^<]+</CreateDate></member><member><UserName>bastion</UserName><AccessKeyId>${id}</AccessKeyId><Status>Active</Status><CreateDate>[^<]+</CreateDate></member></AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult>`),
    );
    const forms: Record<string, string>[] = [{ Action: "UpdateAccessKey", AccessKeyId: id, Status: "Inactive" }, { Action: "DeleteAccessKey", AccessKeyId: id }];
    for (const form of forms) {
      const r = await call(form);
      assert.equal(r.status, 200, r.body);
      assert.match(r.body, new RegExp(`^<${form.Action}Response ${NS}>\\s*<ResponseMetadata>\\s*<RequestId>[0-9a-f-]{36}</RequestId>\\s*</ResponseMetadata>\\s*</${form.Action}Response>\\s*$`));
    }
  });

  test("unknown user, another user's key, a bad Status, a missing AccessKeyId: AWS's errors", async () => {
    await emu.reset();
    const { iam } = clients(emu);
    assert.equal(await outcome(iam(bastion).send(new ListAccessKeysCommand({ UserName: "ghost" }))), "NoSuchEntityException 404 The user with name ghost cannot be found.");
    assert.equal(await outcome(iam(bastion).send(new CreateAccessKeyCommand({ UserName: "ghost" }))), "NoSuchEntityException 404 The user with name ghost cannot be found.");
    assert.equal(
      await outcome(iam(bastion).send(new DeleteAccessKeyCommand({ AccessKeyId: "AKIAAAAAAAAAAAAAAAAA" }))),
      "NoSuchEntityException 404 The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.",
    );
    assert.equal(
      await outcome(iam(bastion).send(new UpdateAccessKeyCommand({ AccessKeyId: BASTION.accessKeyId, Status: "Paused" as "Active" }))),
      "ValidationError 400 1 validation error detected: Value 'Paused' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
    );
    assert.equal(
      await outcome(iam(bastion).send(new UpdateAccessKeyCommand({ AccessKeyId: "short", Status: "Inactive" }))),
      "ValidationError 400 1 validation error detected: Value 'short' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16",
    );
    // Another user's key is not found under the caller's user, only under its own.
    assert.equal(
      await outcome(iam(bastion).send(new DeleteAccessKeyCommand({ AccessKeyId: OTHER.accessKeyId }))),
      `NoSuchEntityException 404 The Access Key with id ${OTHER.accessKeyId} cannot be found.`,
    );
    const others = await iam(bastion).send(new ListAccessKeysCommand({ UserName: OTHER.userName }));
    assert.deepEqual(others.AccessKeyMetadata!.map((k) => [k.UserName, k.AccessKeyId]), [[OTHER.userName, OTHER.accessKeyId]]);
    // A role session has no user of its own: UserName is required.
    const role = (await clients(emu).sts(bastion).send(new AssumeRoleCommand({ RoleArn: roleArn("no_mfa_role"), RoleSessionName: "keys" }))).Credentials!;
    assert.equal(
      await outcome(iam({ accessKeyId: role.AccessKeyId!, secretAccessKey: role.SecretAccessKey!, sessionToken: role.SessionToken! }).send(new CreateAccessKeyCommand({}))),
      "ValidationError 400 Must specify userName when calling with non-User credentials",
    );
    // Nothing changed.
    assert.deepEqual((await iam(bastion).send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.map((k) => k.Status), ["Active"]);
  });

  test("newKeyDelayMs: a key created within the delay is refused, then works once the emulator clock passes it", async () => {
    await emu.reset();
    const { iam, whoami } = clients(emu);
    assert.deepEqual(await emu.consistency(10_000), { newKeyDelayMs: 10_000 });
    const k = (await iam(bastion).send(new CreateAccessKeyCommand({}))).AccessKey!;
    const fresh: Keys = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    assert.equal(await whoami(fresh), `InvalidClientTokenId 403 ${INVALID}`);
    assert.equal((await emu.calls()).at(-1)!.keyStatus, "NotYetConsistent");
    assert.equal(await whoami(bastion), "ok", "existing keys are not held back");
    await emu.advance(10);
    assert.equal(await whoami(fresh), "ok");
    const bad = await fetch(`${emu.url}/__emulator/consistency`, { method: "POST", body: JSON.stringify({ newKeyDelayMs: -1 }) });
    assert.equal(bad.status, 400);
    await emu.reset();
    assert.deepEqual(await (await fetch(`${emu.url}/__emulator/consistency`)).json(), { newKeyDelayMs: 0 });
  });
});

describe("IAM access keys under AWS's force-MFA policy, through the JS SDK", () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator(forceMfaWorld())));
  after(async () => emu?.stop());

  test("long-term keys are denied every access-key action; an MFA session may manage its user's keys", async () => {
    const { sts, iam } = clients(emu);
    assert.equal(await outcome(iam(bastion).send(new CreateAccessKeyCommand({}))), `AccessDenied 403 ${explicitDeny("iam:CreateAccessKey")}`);
    assert.equal(await outcome(iam(bastion).send(new ListAccessKeysCommand({}))), `AccessDenied 403 ${explicitDeny("iam:ListAccessKeys")}`);
    assert.equal(await outcome(iam(bastion).send(new UpdateAccessKeyCommand({ AccessKeyId: BASTION.accessKeyId, Status: "Inactive" }))), `AccessDenied 403 ${explicitDeny("iam:UpdateAccessKey")}`);
    assert.equal(await outcome(iam(bastion).send(new DeleteAccessKeyCommand({ AccessKeyId: BASTION.accessKeyId }))), `AccessDenied 403 ${explicitDeny("iam:DeleteAccessKey")}`);
    const c = (await sts(bastion).send(new GetSessionTokenCommand({ SerialNumber: BASTION.mfaSerial, TokenCode: await emu.freshMfaCode() }))).Credentials!;
    const session: Keys = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const created = (await iam(session).send(new CreateAccessKeyCommand({}))).AccessKey!;
    assert.equal(created.UserName, BASTION.userName, "the session acts as its user");
    assert.deepEqual((await iam(session).send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.map((k) => k.AccessKeyId), [BASTION.accessKeyId, created.AccessKeyId]);
    await iam(session).send(new DeleteAccessKeyCommand({ AccessKeyId: created.AccessKeyId! }));
    assert.deepEqual((await iam(session).send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.map((k) => k.AccessKeyId), [BASTION.accessKeyId]);
  });
});

describe("IAM access keys, through the AWS CLI v2", { skip: skipUnless(AWS_CLI_V2) }, () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator(seedWorld())));
  after(async () => emu?.stop());

  test("create → use → list → quota → Inactive → delete, every answer parsed by the CLI", async () => {
    await emu.reset();
    const create = aws(emu.url, bastion, ["iam", "create-access-key"]);
    assert.equal(create.status, 0, create.stderr);
    const k = create.json.AccessKey as Record<string, string>;
    assert.deepEqual(Object.keys(k).sort(), ["AccessKeyId", "CreateDate", "SecretAccessKey", "Status", "UserName"]);
    assert.match(k.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(k.SecretAccessKey!.length, 40);
    const fresh: Keys = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    const who = aws(emu.url, fresh, ["sts", "get-caller-identity"]);
    assert.equal(who.status, 0, who.stderr);
    assert.equal(who.json.Arn, BASTION.userArn);

    const list = aws(emu.url, fresh, ["iam", "list-access-keys", "--no-paginate"]); // without it the CLI merges pages and drops IsTruncated
    assert.equal(list.status, 0, list.stderr);
    assert.equal(list.json.IsTruncated, false);
    assert.deepEqual((list.json.AccessKeyMetadata as Record<string, string>[]).map((m) => [m.UserName, m.AccessKeyId, m.Status]), [
      [BASTION.userName, BASTION.accessKeyId, "Active"],
      [BASTION.userName, k.AccessKeyId, "Active"],
    ]);

    const third = aws(emu.url, bastion, ["iam", "create-access-key", "--user-name", BASTION.userName]);
    assert.equal(third.status, 254);
    assert.deepEqual(cliError(third.stderr), { code: "LimitExceeded", operation: "CreateAccessKey", message: "Cannot exceed quota for AccessKeysPerUser: 2" });

    const update = aws(emu.url, bastion, ["iam", "update-access-key", "--access-key-id", k.AccessKeyId!, "--status", "Inactive"]);
    assert.equal(update.status, 0, update.stderr);
    assert.equal(update.stdout.trim(), "");
    assert.deepEqual(cliError(aws(emu.url, fresh, ["sts", "get-caller-identity"]).stderr), { code: "InvalidClientTokenId", operation: "GetCallerIdentity", message: INVALID });
    const badStatus = aws(emu.url, bastion, ["iam", "update-access-key", "--access-key-id", k.AccessKeyId!, "--status", "Paused"]);
    assert.deepEqual(cliError(badStatus.stderr), {
      code: "ValidationError",
      operation: "UpdateAccessKey",
      message: "1 validation error detected: Value 'Paused' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
    });

    const del = aws(emu.url, bastion, ["iam", "delete-access-key", "--access-key-id", k.AccessKeyId!]);
    assert.equal(del.status, 0, del.stderr);
    assert.deepEqual(cliError(aws(emu.url, fresh, ["sts", "get-caller-identity"]).stderr), { code: "InvalidClientTokenId", operation: "GetCallerIdentity", message: INVALID });
    const again = aws(emu.url, bastion, ["iam", "delete-access-key", "--access-key-id", k.AccessKeyId!]);
    assert.equal(again.status, 254);
    assert.deepEqual(cliError(again.stderr), { code: "NoSuchEntity", operation: "DeleteAccessKey", message: `The Access Key with id ${k.AccessKeyId} cannot be found.` });
    const ghost = aws(emu.url, bastion, ["iam", "list-access-keys", "--user-name", "ghost"]);
    assert.deepEqual(cliError(ghost.stderr), { code: "NoSuchEntity", operation: "ListAccessKeys", message: "The user with name ghost cannot be found." });
    assert.ok(!JSON.stringify(await emu.calls()).includes(k.SecretAccessKey!), "the call log never holds the new secret");
  });

  test("under force-MFA: long-term keys denied, an MFA session allowed", async () => {
    const mfaEmu = await startEmulator(forceMfaWorld());
    try {
      const denied = aws(mfaEmu.url, bastion, ["iam", "list-access-keys"]);
      assert.deepEqual(cliError(denied.stderr), { code: "AccessDenied", operation: "ListAccessKeys", message: explicitDeny("iam:ListAccessKeys") });
      const deniedCreate = aws(mfaEmu.url, bastion, ["iam", "create-access-key"]);
      assert.deepEqual(cliError(deniedCreate.stderr), { code: "AccessDenied", operation: "CreateAccessKey", message: explicitDeny("iam:CreateAccessKey") });
      const s = aws(mfaEmu.url, bastion, ["sts", "get-session-token", "--serial-number", BASTION.mfaSerial, "--token-code", await mfaEmu.freshMfaCode()]);
      assert.equal(s.status, 0, s.stderr);
      const session = credsOf(s.json);
      const create = aws(mfaEmu.url, session, ["iam", "create-access-key"]);
      assert.equal(create.status, 0, create.stderr);
      const list = aws(mfaEmu.url, session, ["iam", "list-access-keys"]);
      assert.equal((list.json.AccessKeyMetadata as unknown[]).length, 2);
      const id = (create.json.AccessKey as Record<string, string>).AccessKeyId!;
      assert.equal(aws(mfaEmu.url, session, ["iam", "update-access-key", "--access-key-id", id, "--status", "Inactive"]).status, 0);
      assert.equal(aws(mfaEmu.url, session, ["iam", "delete-access-key", "--access-key-id", id]).status, 0);
    } finally {
      await mfaEmu.stop();
    }
  });
});
