// The seed's `assume-role <account> <role> [mfa_token] [region]` without a terminal (as
// scripts and direnv run it): positional code and region, ACCOUNTS_FILE, AWS_USERNAME, the
// account id sent as the external id, and the one-line form `eval $(assume-role ...)` uses.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run, BIN_DIR } from "../helpers/home";
import { brief, cliHome, cliWorld } from "./fixture";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
before(async () => {
  emu = await startEmulator(cliWorld());
  ({ env, home } = cliHome(emu));
});
after(async () => {
  await emu.stop();
});

const exportsOf = (stdout: string) =>
  new Map([...stdout.matchAll(/([A-Z_]+)='([^']*)'/g)].map((m) => [m[1] as string, m[2] as string]));

test("mfa_token and region as positionals; the external id is the account id, as the seed sent it", async () => {
  await emu.reset();
  const code = await emu.freshMfaCode();
  const r = await run(["assume-role", "--shell", "bash", "--no-cache", "private_aws", "external_role", code, "eu-west-1"], env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "Using assume-role default profile: bastion\nSuccess! IAM session envars are exported.\n");
  const vars = exportsOf(r.stdout);
  assert.equal(vars.get("AWS_REGION"), "eu-west-1");
  assert.equal(vars.get("GEO_ENV"), "private_aws");
  const calls = await emu.calls();
  assert.deepEqual(calls.map(brief), ["GetUser 200", "ListMFADevices 200", "GetSessionToken 200 +mfa", "AssumeRole 200"]);
  assert.equal(calls[3]?.externalId, "123456789012");
});

test("ACCOUNTS_FILE and AWS_USERNAME (the session name) are honoured", async () => {
  await emu.reset();
  const accounts = join(home, "other-accounts.json");
  writeFileSync(accounts, JSON.stringify({ elsewhere: "123456789012" }));
  const r = await run(["assume-role", "--shell", "bash", "--no-cache", "elsewhere", "no_mfa_role"], {
    ...env,
    AWS_PROFILE_ASSUME_ROLE: "nomfa",
    ACCOUNTS_FILE: accounts,
    AWS_USERNAME: "alice",
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(exportsOf(r.stdout).get("AWS_ACCOUNT_NAME"), "elsewhere");
  const assume = (await emu.calls()).find((c) => c.action === "AssumeRole");
  assert.equal(assume?.roleSessionName, "alice");
});

test("run directly, bin/assume-role prints one export line for eval $(...)", async () => {
  const r = await run(["private_aws", "no_mfa_role", "--no-cache"], { ...env, AWS_PROFILE_ASSUME_ROLE: "nomfa" }, { program: join(BIN_DIR, "assume-role") });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split("\n").length, 2, "one line");
  assert.match(r.stdout, /^export AWS_ACCESS_KEY_ID=ASIA[A-Z0-9]{16} AWS_SECRET_ACCESS_KEY=[A-Za-z0-9/+=]{40} /);
  assert.match(r.stdout, / GEO_ENV=private_aws;/);
  // No MFA session here: an earlier one's AWS_SESSION_* must not stay behind.
  assert.match(r.stdout, /; unset -v AWS_SESSION_ACCESS_KEY_ID AWS_SESSION_SECRET_ACCESS_KEY AWS_SESSION_SESSION_TOKEN AWS_SESSION_SECURITY_TOKEN AWS_SESSION_START\n$/);
});

test("no account or role and no terminal to ask on: a usage error, nothing printed", async () => {
  await emu.reset();
  const r = await run(["assume-role", "--shell", "bash"], env);
  assert.deepEqual(r, {
    code: 2,
    signal: null,
    stdout: "",
    stderr: "switchrole: assume-role: give <account> <role>; there is no terminal to ask on\n  hint: usage: assume-role <account> <role> [mfa_token] [region]\n",
  });
  assert.deepEqual(await emu.calls(), []);
});

test("a failure through bin/assume-role run directly: nothing on stdout, non-zero", async () => {
  const r = await run(["private_aws", "deny_role", "--no-cache"], { ...env, AWS_PROFILE_ASSUME_ROLE: "nomfa" }, { program: join(BIN_DIR, "assume-role") });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^Using assume-role default profile: nomfa\nswitchrole: arn:aws:iam::123456789012:role\/deny_role refused profile nomfa: /);
});
