import { test } from "node:test";
import assert from "node:assert/strict";
import { loadProfiles } from "../../src/config/profiles";
import { SEED, isUsageError, tempHome } from "./fixture";


const CONFIG = `[default]
region = us-east-1

[profile bastion]
region = ap-northeast-1
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile dev]
role_arn = arn:aws:iam::123456789012:role/dev
source_profile = bastion

# a section without "profile " is not a profile in the config file (as in the AWS CLI)
[ignored]
region = eu-west-1

[profile cfgkeys]
aws_access_key_id = AKIACONFIGCONFIGCONF
aws_secret_access_key = config-secret
`;

const CREDENTIALS = `[bastion]
aws_access_key_id = AKIABASTIONBASTIONBA
aws_secret_access_key = bastion-secret

[cfgkeys]
aws_secret_access_key = credentials-secret

[temp]
aws_access_key_id = ASIATEMPTEMPTEMPTEMP
aws_secret_access_key = temp-secret
aws_session_token = temp-token

[half]
aws_access_key_id = AKIAHALFHALFHALFHALF
`;

test("profiles from both files, by name; [profile x] in config, [x] in credentials", async () => {
  const { env } = tempHome({ config: CONFIG, credentials: CREDENTIALS });
  const p = await loadProfiles(env);
  assert.deepEqual(p.names(), ["bastion", "cfgkeys", "default", "dev", "half", "temp"]);
  assert.equal(p.getProfile("dev")?.role_arn, "arn:aws:iam::123456789012:role/dev");
  assert.equal(p.getProfile("bastion")?.region, "ap-northeast-1");
  assert.equal(p.getProfile("ignored"), undefined);
  assert.equal(p.getProfile("nope"), undefined);
  assert.equal(p.getProfile("__proto__"), undefined);
  assert.equal(p.shownFiles, "~/.aws/config or ~/.aws/credentials");
});

test("origin names the key, the profile and the file the key was read from", async () => {
  const { env } = tempHome({ config: CONFIG, credentials: CREDENTIALS });
  const p = await loadProfiles(env);
  assert.equal(p.origin("dev", "source_profile"), "source_profile in profile dev (~/.aws/config)");
  assert.equal(p.origin("cfgkeys", "aws_secret_access_key"), "aws_secret_access_key in profile cfgkeys (~/.aws/credentials)");
  assert.equal(p.origin("cfgkeys", "aws_access_key_id"), "aws_access_key_id in profile cfgkeys (~/.aws/config)");
});

test("static keys: credentials file over config file, key by key, as the SDK merges them", async () => {
  const { env } = tempHome({ config: CONFIG, credentials: CREDENTIALS });
  const p = await loadProfiles(env);
  assert.deepEqual(p.staticKeys("bastion"), { accessKeyId: "AKIABASTIONBASTIONBA", secretAccessKey: "bastion-secret" });
  assert.deepEqual(p.staticKeys("cfgkeys"), { accessKeyId: "AKIACONFIGCONFIGCONF", secretAccessKey: "credentials-secret" });
  assert.deepEqual(p.staticKeys("temp"), { accessKeyId: "ASIATEMPTEMPTEMPTEMP", secretAccessKey: "temp-secret", sessionToken: "temp-token" });
  assert.equal(p.staticKeys("dev"), undefined);
  assert.equal(p.staticKeys("nope"), undefined);
});

test("static keys never come from AWS_ACCESS_KEY_ID and friends in the environment", async () => {
  const h = tempHome({ config: CONFIG, credentials: CREDENTIALS });
  const env = { ...h.env, AWS_ACCESS_KEY_ID: "ASIAFROMENVFROMENVXX", AWS_SECRET_ACCESS_KEY: "env-secret", AWS_SESSION_TOKEN: "env-token", AWS_PROFILE: "bastion" };
  const p = await loadProfiles(env);
  assert.equal(p.staticKeys("dev"), undefined);
  assert.equal(p.staticKeys("default"), undefined);
  assert.deepEqual(p.staticKeys("bastion"), { accessKeyId: "AKIABASTIONBASTIONBA", secretAccessKey: "bastion-secret" });
});

test("half a key pair is a usage error naming the profile and the file, never a value", async () => {
  const { env } = tempHome({ config: CONFIG, credentials: CREDENTIALS });
  const p = await loadProfiles(env);
  assert.throws(
    () => p.staticKeys("half"),
    isUsageError("profile half has aws_access_key_id but no aws_secret_access_key (~/.aws/credentials)", "add aws_secret_access_key to [half] in ~/.aws/credentials"),
  );
});

test("AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are honoured (and ~/ expands against env.HOME)", async () => {
  const h = tempHome({ config: CONFIG, credentials: CREDENTIALS });
  h.write("alt/config", "[profile other]\nrole_arn = arn:aws:iam::222222222222:role/x\n");
  const creds = h.write("alt/creds", "[otherkeys]\naws_access_key_id = AKIAOTHEROTHEROTHERX\naws_secret_access_key = s\n");
  const p = await loadProfiles({ ...h.env, AWS_CONFIG_FILE: "~/alt/config", AWS_SHARED_CREDENTIALS_FILE: creds });
  assert.deepEqual(p.names(), ["other", "otherkeys"]);
  assert.equal(p.shownFiles, "~/alt/config or ~/alt/creds");
  assert.equal(p.origin("other", "role_arn"), "role_arn in profile other (~/alt/config)");
});

test("missing files are empty, and marked so in messages", async () => {
  const { env } = tempHome();
  const p = await loadProfiles(env);
  assert.deepEqual(p.names(), []);
  assert.equal(p.shownFiles, "~/.aws/config (missing) or ~/.aws/credentials (missing)");
});

test("files are re-read on every load (no stale cache between loads)", async () => {
  const h = tempHome(SEED);
  assert.deepEqual((await loadProfiles(h.env)).names(), ["bastion"]);
  h.write(".aws/config", SEED.config + "[profile more]\nregion = eu-west-1\n");
  assert.deepEqual((await loadProfiles(h.env)).names(), ["bastion", "more"]);
});
