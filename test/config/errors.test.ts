// Every way resolving a target fails: one line naming the input, file, profile or
// variable, a hint with the fix, exit code 2 — all before any network call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveTarget, type TargetOptions } from "../../src/config/resolve";
import { isUsageError, tempHome } from "./fixture";
import { ACCOUNTS, CONFIG, CREDENTIALS, world } from "./world";


const FORMS = "give <account> <role>, a profile with role_arn, or a role ARN";
const FILES = "~/.aws/config or ~/.aws/credentials";
const ROLE_RULE = "a role name is 1–64 letters, digits or +=,.@_-, after an optional path such as team/";
const ARN_HINT = "expected arn:aws:iam::123456789012:role/NAME (partition aws, aws-cn or aws-us-gov)";
const BROKEN = `${CONFIG}
[profile badarn]
role_arn = arn:aws:iam::12345:role/x

[profile badname]
role_arn = arn:aws:iam::123456789012:role/team/a!b
source_profile = bastion

[profile badsecs]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = bastion
duration_seconds = 600

[profile unitsecs]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = bastion
duration_seconds = 1h

[profile badmfa]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = bastion
mfa_session_duration = 40h

[profile badsession]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = bastion
role_session_name = has space

[profile lostsource]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = bastoin
`;

type Row = [name: string, opts: Partial<TargetOptions>, env: Record<string, string>, message: string, hint?: string];
const rows: Row[] = [
  ["no target", { positionals: [] }, {}, "no target given", FORMS],
  ["too many arguments", { positionals: ["a", "b", "c d"] }, {}, 'too many arguments: a b "c d"', FORMS],
  ["an ARN as the role", { positionals: ["prod", "arn:aws:iam::123456789012:role/x"] }, {}, "role arn:aws:iam::123456789012:role/x is an ARN, so give it alone, without an account", FORMS],
  ["an unknown profile, with the closest match", { positionals: ["dve"] }, {}, `unknown profile dve: not in ${FILES}`, `did you mean dev? role profiles: badarn, badmfa, badname, badsecs, badsession, bare, dev, lostsource, unitsecs (${FORMS})`],
  ["an unknown profile, nothing close", { positionals: ["zzzzzzzzzz"] }, {}, `unknown profile zzzzzzzzzz: not in ${FILES}`],
  ["an account name without a role", { positionals: ["private_aws"] }, {}, `account private_aws needs a role: no profile private_aws in ${FILES}`, "give private_aws <role>, e.g. private_aws read"],
  ["an account id without a role", { positionals: ["123456789012"] }, {}, `account 123456789012 needs a role: no profile 123456789012 in ${FILES}`],
  ["a profile without role_arn", { positionals: ["bastion"] }, {}, `profile bastion has no role_arn, so it names no role to switch to (${FILES})`, `add role_arn and source_profile to it, use it as --source-profile, or ${FORMS}`],
  ["a profile's malformed role_arn", { positionals: ["badarn"] }, {}, "role_arn = arn:aws:iam::12345:role/x in profile badarn (~/.aws/config) is not an IAM role ARN", ARN_HINT],
  ["a profile's role_arn with a bad role name", { positionals: ["badname"] }, {}, 'role_arn = "arn:aws:iam::123456789012:role/team/a!b" in profile badname (~/.aws/config) is not a valid IAM role', `"a!b" is not a role name: ${ROLE_RULE}`],
  ["a bare ARN of another service", { positionals: ["arn:aws:iam::123456789012:user/alice"] }, {}, "arn:aws:iam::123456789012:user/alice is not an IAM role ARN", ARN_HINT],
  ["a bare ARN in an unknown partition", { positionals: ["arn:aws-xx:iam::123456789012:role/r"] }, {}, "arn:aws-xx:iam::123456789012:role/r is not an IAM role ARN", ARN_HINT],
  ["an unknown account, with the closest match", { positionals: ["privat_aws", "r"] }, {}, "unknown account privat_aws: not in ~/.aws/accounts", "did you mean private_aws? known: private_aws, prod; or give the 12-digit account id"],
  ["an 11-digit account id", { positionals: ["12345678901", "r"] }, {}, "unknown account 12345678901: not in ~/.aws/accounts", "known: private_aws, prod; or give the 12-digit account id"],
  ["a role name with a space", { positionals: ["prod", "a b"] }, {}, 'role "a b" is not a valid IAM role', `"a b" is not a role name: ${ROLE_RULE}`],
  ["a role name of 65 characters", { positionals: ["prod", "r".repeat(65)] }, {}, `role ${"r".repeat(65)} is not a valid IAM role`],
  ["an empty path segment", { positionals: ["prod", "team//deployer"] }, {}, "role team//deployer is not a valid IAM role", `/team// is not a role path: ${ROLE_RULE}`],
  ["a trailing slash", { positionals: ["prod", "team/"] }, {}, "role team/ is not a valid IAM role", `"" is not a role name: ${ROLE_RULE}`],
  ["--source-profile missing", { sourceProfile: "bastoin" }, {}, `source profile bastoin (--source-profile bastoin) is not in ${FILES}`, "add [bastoin] with aws_access_key_id and aws_secret_access_key to ~/.aws/credentials, or pick another source profile (did you mean bastion? known: badarn, badmfa, badname, badsecs, badsession, bare, bastion, default, dev, keysonly, …)"],
  ["source_profile missing", { positionals: ["lostsource"] }, {}, `source profile bastoin (source_profile = bastoin in profile lostsource (~/.aws/config)) is not in ${FILES}`],
  ["AWS_PROFILE_ASSUME_ROLE missing", {}, { AWS_PROFILE_ASSUME_ROLE: "bastoin" }, `source profile bastoin (AWS_PROFILE_ASSUME_ROLE=bastoin) is not in ${FILES}`],
  ["AWS_ROLE_SESSION_TIMEOUT=60", {}, { AWS_ROLE_SESSION_TIMEOUT: "60" }, "AWS_ROLE_SESSION_TIMEOUT=60 is below the 900-second minimum of STS (allowed: 900–43200 seconds)"],
  ["AWS_ROLE_SESSION_TIMEOUT=soon", {}, { AWS_ROLE_SESSION_TIMEOUT: "soon" }, "AWS_ROLE_SESSION_TIMEOUT=soon is not a duration"],
  ["--duration 13h", { duration: "13h" }, {}, "--duration 13h (46800 seconds) is above the 43200-second maximum of STS (allowed: 900–43200 seconds)", "use a value in that range, e.g. --duration 3600"],
  ["duration_seconds = 600", { positionals: ["badsecs"] }, {}, "duration_seconds = 600 in profile badsecs (~/.aws/config) is below the 900-second minimum of STS (allowed: 900–43200 seconds)"],
  ["duration_seconds = 1h", { positionals: ["unitsecs"] }, {}, "duration_seconds = 1h in profile unitsecs (~/.aws/config) is not a whole number of seconds"],
  ["--mfa-session-duration 48h", { mfaSessionDuration: "48h" }, {}, "--mfa-session-duration 48h (172800 seconds) is above the 129600-second maximum of STS (allowed: 900–129600 seconds)"],
  ["mfa_session_duration = 40h", { positionals: ["badmfa"] }, {}, "mfa_session_duration = 40h (144000 seconds) in profile badmfa (~/.aws/config) is above the 129600-second maximum of STS (allowed: 900–129600 seconds)"],
  ["SWITCHROLE_MFA_SESSION_DURATION=5m", {}, { SWITCHROLE_MFA_SESSION_DURATION: "5m" }, "SWITCHROLE_MFA_SESSION_DURATION=5m (300 seconds) is below the 900-second minimum of STS (allowed: 900–129600 seconds)"],
  ["--region US_EAST", { region: "US_EAST" }, {}, "--region US_EAST is not an AWS region", "use a region name such as us-east-1 or ap-northeast-1"],
  ["AWS_REGION with a space", {}, { AWS_REGION: "us east 1" }, 'AWS_REGION="us east 1" is not an AWS region'],
  ["AWS_MFA_SERIAL too short", {}, { AWS_PROFILE_ASSUME_ROLE: "other", AWS_MFA_SERIAL: "abc" }, "AWS_MFA_SERIAL=abc is not an MFA device serial number"],
  ["--external-id of one character", { externalId: "x" }, {}, "--external-id x is not a valid external id", "use 2–1224 letters, digits or +=,.@:/_-"],
  ["--role-session-name with a slash", { roleSessionName: "a/b" }, {}, "--role-session-name a/b is not a valid role session name", "use 2–64 letters, digits or +=,.@_-"],
  ["role_session_name with a space", { positionals: ["badsession"] }, {}, 'role_session_name = "has space" in profile badsession (~/.aws/config) is not a valid role session name'],
];

for (const [name, opts, env, message, hint] of rows) {
  test(`error: ${name}`, async () => {
    const h = tempHome({ config: BROKEN, credentials: CREDENTIALS, accounts: ACCOUNTS });
    await assert.rejects(resolveTarget({ positionals: ["prod", "r"], ...opts }, { ...h.env, ...env }), isUsageError(message, hint));
  });
}

test("a missing accounts file is an error only when a name must be looked up in it", async () => {
  const h = tempHome({ config: CONFIG, credentials: CREDENTIALS });
  await assert.rejects(
    resolveTarget({ positionals: ["private_aws", "r"] }, h.env),
    isUsageError(
      "unknown account private_aws: ~/.aws/accounts does not exist",
      'create it as {"private_aws": "123456789012"}, set ACCOUNTS_FILE, or give the 12-digit account id',
    ),
  );
  assert.equal((await resolveTarget({ positionals: ["123456789012", "r"] }, h.env)).accountName, "123456789012");
  assert.equal((await resolveTarget({ positionals: ["dev"] }, h.env)).accountName, "dev");
});

test("a bad value in the accounts file fails a name lookup, naming the file and the key", async () => {
  const h = world();
  h.write(".aws/accounts", '{"private_aws": "12345"}');
  await assert.rejects(
    resolveTarget({ positionals: ["private_aws", "r"] }, h.env),
    isUsageError('account "private_aws" in ~/.aws/accounts is "12345", not a 12-digit account id'),
  );
});

test("the target is checked before the source profile, the source before durations", async () => {
  const h = tempHome();
  const env = { ...h.env, AWS_PROFILE_ASSUME_ROLE: "nope", AWS_ROLE_SESSION_TIMEOUT: "60" };
  await assert.rejects(resolveTarget({ positionals: [] }, env), isUsageError("no target given"));
  await assert.rejects(resolveTarget({ positionals: ["123456789012", "r"] }, env), isUsageError(`source profile nope (AWS_PROFILE_ASSUME_ROLE=nope) is not in ~/.aws/config (missing) or ~/.aws/credentials (missing)`));
});
