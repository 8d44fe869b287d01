import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveTarget, type TargetOptions } from "../../src/config/resolve";
import { SEED, isUsageError, tempHome } from "./fixture";
import { world } from "./world";


test("the seed's setup: private_aws sample_switch_role from AWS_PROFILE_ASSUME_ROLE=bastion", async () => {
  const h = tempHome(SEED);
  const t = await resolveTarget({ positionals: ["private_aws", "sample_switch_role"] }, { ...h.env, AWS_PROFILE_ASSUME_ROLE: "bastion" });
  assert.deepEqual(t, {
    input: "private_aws sample_switch_role",
    roleArn: "arn:aws:iam::123456789012:role/sample_switch_role",
    accountId: "123456789012",
    accountName: "private_aws",
    roleName: "sample_switch_role",
    sourceProfile: { value: "bastion", from: "AWS_PROFILE_ASSUME_ROLE" },
    duration: { value: 3600, from: "default" },
    mfaSessionDuration: { value: 43200, from: "default" },
    region: { value: "ap-northeast-1", from: "region in profile bastion (~/.aws/config)" },
  });
});

test("the seed's AWS_ROLE_SESSION_TIMEOUT: 43200 and 900 accepted, 60 rejected before anything else", async () => {
  const h = tempHome(SEED);
  const opts = { positionals: ["private_aws", "sample_switch_role"], mode: "assume-role" as const };
  const env = { ...h.env, AWS_PROFILE_ASSUME_ROLE: "bastion" };
  for (const seconds of [43200, 900]) {
    const t = await resolveTarget(opts, { ...env, AWS_ROLE_SESSION_TIMEOUT: String(seconds) });
    assert.deepEqual(t.duration, { value: seconds, from: "AWS_ROLE_SESSION_TIMEOUT" });
    assert.equal(t.externalId, "123456789012", "assume-role sends the account id as external id, as the seed's tool did");
  }
  await assert.rejects(
    resolveTarget(opts, { ...env, AWS_ROLE_SESSION_TIMEOUT: "60" }),
    isUsageError(
      "AWS_ROLE_SESSION_TIMEOUT=60 is below the 900-second minimum of STS (allowed: 900–43200 seconds)",
      "use a value in that range, e.g. AWS_ROLE_SESSION_TIMEOUT=3600",
    ),
  );
});

const forms: Array<[string, string[], Record<string, string>, Partial<Record<"roleArn" | "accountId" | "accountName" | "roleName" | "profile", string>>]> = [
  ["an account name and a role", ["prod", "read"], {}, { roleArn: "arn:aws:iam::000000000099:role/read", accountId: "000000000099", accountName: "prod", roleName: "read" }],
  ["a known id: named from the accounts file", ["123456789012", "team/deployer"], {}, { roleArn: "arn:aws:iam::123456789012:role/team/deployer", accountName: "private_aws", roleName: "team/deployer" }],
  ["an unknown id: named by the id", ["000000000007", "r"], {}, { roleArn: "arn:aws:iam::000000000007:role/r", accountName: "000000000007" }],
  ["a role path with a leading slash", ["prod", "/a/b/c"], {}, { roleArn: "arn:aws:iam::000000000099:role/a/b/c", roleName: "a/b/c" }],
  ["a China region: partition aws-cn", ["prod", "read"], { AWS_REGION: "cn-north-1" }, { roleArn: "arn:aws-cn:iam::000000000099:role/read" }],
  ["a GovCloud region: partition aws-us-gov", ["prod", "read"], { AWS_REGION: "us-gov-west-1" }, { roleArn: "arn:aws-us-gov:iam::000000000099:role/read" }],
  ["a role ARN", ["arn:aws:iam::123456789012:role/x"], {}, { roleArn: "arn:aws:iam::123456789012:role/x", accountName: "private_aws", roleName: "x" }],
  ["a role ARN with a path, unknown account", ["arn:aws-us-gov:iam::999999999999:role/p/q"], {}, { roleArn: "arn:aws-us-gov:iam::999999999999:role/p/q", accountName: "999999999999", roleName: "p/q" }],
  ["a profile with role_arn", ["dev"], {}, { roleArn: "arn:aws:iam::123456789012:role/team/dev", accountId: "123456789012", accountName: "dev", roleName: "team/dev", profile: "dev" }],
];
for (const [name, positionals, env, expected] of forms) {
  test(`target: ${name}`, async () => {
    const h = world();
    const t = await resolveTarget({ positionals }, { ...h.env, ...env });
    assert.equal(t.input, positionals.join(" "));
    for (const [k, v] of Object.entries(expected)) assert.equal(t[k as keyof typeof expected], v, k);
    if (!("profile" in expected)) assert.equal(t.profile, undefined);
  });
}

test("a JSON number in the accounts file warns through deps.warn, and still resolves", async () => {
  const h = tempHome({ ...SEED, accounts: '{"private_aws": 123456789012}' });
  const warnings: string[] = [];
  const t = await resolveTarget({ positionals: ["private_aws", "r"] }, { ...h.env, AWS_PROFILE_ASSUME_ROLE: "bastion" }, { warn: (l) => warnings.push(l) });
  assert.equal(t.accountId, "123456789012");
  assert.deepEqual(warnings, [
    'account "private_aws" in ~/.aws/accounts is the JSON number 123456789012; write it as the string "123456789012" (numbers lose leading zeros)',
  ]);
});

test("a broken accounts file does not stop an id or ARN target (it warns), nor a profile target (not read)", async () => {
  const h = tempHome({ ...SEED, accounts: "{oops" });
  const env = { ...h.env, AWS_PROFILE_ASSUME_ROLE: "bastion" };
  const warnings: string[] = [];
  const t = await resolveTarget({ positionals: ["123456789012", "r"] }, env, { warn: (l) => warnings.push(l) });
  assert.equal(t.accountName, "123456789012");
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? "", /^~\/\.aws\/accounts is not valid JSON: .* \(ignored: the account id is given\)$/);
  const arn = await resolveTarget({ positionals: ["arn:aws:iam::123456789012:role/r"] }, env, { warn: (l) => warnings.push(l) });
  assert.equal(arn.accountName, "123456789012");
  assert.equal(warnings.length, 2);
  h.write(".aws/config", SEED.config + "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/r\n");
  const dev = await resolveTarget({ positionals: ["dev"] }, env, { warn: (l) => warnings.push(l) });
  assert.equal(dev.accountName, "dev");
  assert.equal(warnings.length, 2);
  await assert.rejects(resolveTarget({ positionals: ["private_aws", "r"] }, env), (e: Error) => /^~\/\.aws\/accounts is not valid JSON/.test(e.message));
});

test("ACCOUNTS_FILE, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are honoured together", async () => {
  const h = tempHome(SEED);
  const env = {
    ...h.env,
    ACCOUNTS_FILE: h.write("etc/accounts.json", '{"elsewhere": "444444444444"}'),
    AWS_CONFIG_FILE: h.write("etc/config", "[profile jump]\nregion = sa-east-1\n"),
    AWS_SHARED_CREDENTIALS_FILE: h.write("etc/credentials", "[jump]\naws_access_key_id = AKIAJUMPJUMPJUMPJUMP\naws_secret_access_key = s\n"),
    AWS_PROFILE_ASSUME_ROLE: "jump",
  };
  const t = await resolveTarget({ positionals: ["elsewhere", "r"] }, env);
  assert.equal(t.roleArn, "arn:aws:iam::444444444444:role/r");
  assert.deepEqual(t.sourceProfile, { value: "jump", from: "AWS_PROFILE_ASSUME_ROLE" });
  assert.deepEqual(t.region, { value: "sa-east-1", from: "region in profile jump (~/etc/config)" });
  await assert.rejects(resolveTarget({ positionals: ["private_aws", "r"] }, env), isUsageError("unknown account private_aws: not in ~/etc/accounts.json"));
});

test("credentials in the environment are never a source: no profile means an error, not AWS_ACCESS_KEY_ID", async () => {
  const h = tempHome({ accounts: SEED.accounts });
  const env = { ...h.env, AWS_ACCESS_KEY_ID: "ASIAPREVIOUSROLEXXXX", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t" };
  await assert.rejects(
    resolveTarget({ positionals: ["private_aws", "r"] } satisfies TargetOptions, env),
    isUsageError(
      "source profile default (the default, as neither --source-profile nor AWS_PROFILE_ASSUME_ROLE is set) is not in ~/.aws/config (missing) or ~/.aws/credentials (missing)",
    ),
  );
});
