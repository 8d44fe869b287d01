// switchrole clear / logout (by source, target, --all) and switchrole list, exact outputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedHome, store, MORNING, NOW } from "./fixture";
import { runMain } from "./helpers";

async function remaining(h: ReturnType<typeof fixedHome>): Promise<string[]> {
  return (await h.cache().list()).map((l) => `${l.entry.meta.sourceProfile} ${l.entry.kind} ${l.entry.meta.roleName ?? ""}`.trim()).sort();
}

test("clear without a target: the default source's MFA session and roles (a logout)", async () => {
  const h = fixedHome();
  await store(h.cache(), MORNING);
  const r = await runMain(["clear"], h.env, { now: () => NOW });
  assert.deepEqual([r.code, r.stdout], [0, ""]);
  assert.equal(r.stderr, "Removed 1 MFA session and 2 role sessions for source profile bastion (its MFA sessions and roles).\n");
  assert.deepEqual(await remaining(h), ["other role other_role"]);
  const again = await runMain(["logout"], h.env);
  assert.equal(again.stderr, "Nothing cached for source profile bastion (its MFA sessions and roles).\n");
});

test("clear --source-profile names another source", async () => {
  const h = fixedHome();
  await store(h.cache(), MORNING);
  const r = await runMain(["clear", "--source-profile", "other"], h.env);
  assert.equal(r.stderr, "Removed 1 role session for source profile other (its MFA sessions and roles).\n");
  assert.equal((await remaining(h)).length, 3);
});

test("clear <target>: that role's entries only; the MFA session stays", async () => {
  const h = fixedHome();
  await store(h.cache(), MORNING);
  const r = await runMain(["clear", "private_aws", "sample_switch_role"], h.env);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "Removed 1 role session for role arn:aws:iam::123456789012:role/sample_switch_role from bastion.\n");
  assert.deepEqual(await remaining(h), ["bastion mfa-session", "bastion role short_role", "other role other_role"]);
});

test("logout --all: everything", async () => {
  const h = fixedHome();
  await store(h.cache(), MORNING);
  const r = await runMain(["logout", "--all"], h.env);
  assert.equal(r.stderr, "Removed 4 cached sessions for any source.\n");
  assert.deepEqual(await remaining(h), []);
});

test("clear: a target and --all together is a usage error; --help documents the default", async () => {
  const h = fixedHome();
  const r = await runMain(["clear", "--all", "private_aws", "sample_switch_role"], h.env);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "switchrole: clear: give a target or --all, not both\n  hint: see `switchrole clear --help`\n");
  const help = await runMain(["clear", "--help"], h.env);
  assert.match(help.stdout, /switchrole clear {17}the source profile's MFA sessions and every role/);
});

const LIST_CONFIG = `
[profile dev]
role_arn = arn:aws:iam::123456789012:role/sample_switch_role
source_profile = bastion
mfa_serial = arn:aws:iam::111111111111:mfa/bastion
region = eu-west-1

[profile partner]
role_arn = arn:aws:iam::222222222222:role/team/reader

[profile broken]
role_arn = not-an-arn
`;

test("list: accounts, role profiles with what they resolve to, sources with masked keys", async () => {
  const h = fixedHome({ config: LIST_CONFIG, accounts: { private_aws: "123456789012", staging: "333333333333" } });
  const r = await runMain(["list"], h.env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    `Accounts (~/.aws/accounts): use as <account> <role>
  private_aws  123456789012
  staging      333333333333

Role profiles (~/.aws/config, ~/.aws/credentials): use as <profile>
  broken   not-an-arn  (invalid: role_arn = not-an-arn in profile broken (~/.aws/config) is not an IAM role ARN)
  dev      arn:aws:iam::123456789012:role/sample_switch_role  (account private_aws (123456789012), source bastion, MFA arn:aws:iam::111111111111:mfa/bastion, region eu-west-1)
  partner  arn:aws:iam::222222222222:role/team/reader  (account 222222222222, source bastion)

Source profiles (with keys):
  bastion  key AKIA…ION1
`,
  );
  const json = JSON.parse((await runMain(["list", "--json"], h.env)).stdout);
  assert.deepEqual(json.accounts, [{ name: "private_aws", accountId: "123456789012" }, { name: "staging", accountId: "333333333333" }]);
  assert.deepEqual(json.profiles[1], {
    name: "dev",
    roleArn: "arn:aws:iam::123456789012:role/sample_switch_role",
    sourceProfile: "bastion",
    accountId: "123456789012",
    roleName: "sample_switch_role",
    accountName: "private_aws",
    mfaSerial: "arn:aws:iam::111111111111:mfa/bastion",
    region: "eu-west-1",
  });
  assert.deepEqual(json.profiles[2], { name: "partner", roleArn: "arn:aws:iam::222222222222:role/team/reader", sourceProfile: "bastion", accountId: "222222222222", roleName: "team/reader" });
  assert.deepEqual(json.sources, [{ name: "bastion", accessKeyId: "AKIA…ION1" }]);
  assert.doesNotMatch(r.stdout + JSON.stringify(json), /AKIAEMULATORBASTION1|bastion\/EMULATOR/);
});

test("list with no accounts file and no role profiles", async () => {
  const h = fixedHome();
  const r = await runMain(["list"], { ...h.env, ACCOUNTS_FILE: "/nonexistent/accounts" });
  assert.equal(r.stdout.split("\n").slice(0, 5).join("\n"), "Accounts (/nonexistent/accounts (missing)): use as <account> <role>\n  (none)\n\nRole profiles (~/.aws/config, ~/.aws/credentials): use as <profile>\n  (none)");
});
