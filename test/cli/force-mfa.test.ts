// switchrole against AWS's documented force-MFA policy on the bastion (forceMfaWorld): the
// long-term keys may only look up the user and its MFA devices and call GetSessionToken;
// everything else needs an MFA session. And against keys that die: a deleted bastion key,
// and one deactivated after `login`. The built CLI and the seed's sourced assume-role.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { startEmulator, type Emulator, type EmulatorCall } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";
import { BASTION, forceMfaWorld, seedWorld } from "../helpers/world";
import { brief } from "./fixture";

const masked = `${BASTION.accessKeyId.slice(0, 4)}…${BASTION.accessKeyId.slice(-4)}`;
// Said first on every request over 1 h (before any code): the chaining cap, openly.
const NOTE =
  "switchrole: note: 7200 s is over AWS's 1-hour limit for roles assumed from an MFA session, so this role is assumed directly with a new MFA code (the MFA session is not reused)\n";
const CANNOT =
  "switchrole: 7200 s (from --duration) cannot be had: the IAM policy of profile bastion's user denies AssumeRole signed with its long-term keys (it requires an MFA session), and AWS caps roles assumed from an MFA session at 1 hour";

async function world(t: { after: (fn: () => Promise<void>) => void }, w = forceMfaWorld()): Promise<{ emu: Emulator; env: NodeJS.ProcessEnv; since: () => Promise<EmulatorCall[]> }> {
  const emu = await startEmulator(w);
  t.after(() => emu.stop());
  const { env } = seedHome(emu);
  let mark = 0;
  const since = async () => {
    const all = await emu.calls();
    const out = all.slice(mark);
    mark = all.length;
    return out;
  };
  return { emu, env, since };
}

/** The seed's way: `source $(which assume-role)`, then the function, in a real bash; what it exported. */
function sourcedAssumeRole(env: NodeJS.ProcessEnv, args: string): { status: number | null; stderr: string; vars: Record<string, string> } {
  const script = `source "$(which assume-role)"; assume-role ${args}; rc=$?; printf 'rc=%s\\n' "$rc"; env | grep -E '^(AWS_|GEO_ENV=|ROLE_SESSION_START=)' || true`;
  const r = spawnSync("bash", ["-c", script], { env, encoding: "utf8", input: "" });
  const vars: Record<string, string> = {};
  for (const line of r.stdout.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) vars[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { status: Number(vars.rc), stderr: r.stderr, vars };
}

test("force-MFA, 1 h or less: one code; IAM discovery with the keys (the policy allows it), GetSessionToken, then every role signed with the MFA session", { timeout: 90_000 }, async (t) => {
  const { emu, env, since } = await world(t);
  const first = await run(["env", "private_aws", "sample_switch_role", "--mfa-code", await emu.freshMfaCode(), "--shell", "json"], env);
  assert.equal(first.code, 0, first.stderr);
  assert.ok(JSON.parse(first.stdout).AWS_ACCESS_KEY_ID.startsWith("ASIA"));
  const calls = await since();
  assert.deepEqual(calls.map(brief), ["GetUser 200", "ListMFADevices 200", "GetSessionToken 200 +mfa", "AssumeRole 200"]);
  assert.equal(calls[3]!.accessKeyId, calls[2]!.issuedAccessKeyId, "AssumeRole signed with the MFA session");
  // A second role, no code: the same MFA session signs it.
  const second = await run(["env", "private_aws", "short_role", "--shell", "json"], env);
  assert.equal(second.code, 0, second.stderr);
  const more = await since();
  assert.deepEqual(more.map(brief), ["AssumeRole 200"]);
  assert.equal(more[0]!.accessKeyId, calls[2]!.issuedAccessKeyId);
});

test("force-MFA, the seed's sourced assume-role: the seed's line and variables, with one code", { timeout: 90_000 }, async (t) => {
  const { emu, env, since } = await world(t);
  const r = sourcedAssumeRole(env, `private_aws sample_switch_role ${await emu.freshMfaCode()}`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "Using assume-role default profile: bastion\nSuccess! IAM session envars are exported.\n");
  assert.equal(r.vars.AWS_ACCOUNT_ROLE, "sample_switch_role");
  assert.ok(r.vars.AWS_ACCESS_KEY_ID?.startsWith("ASIA"));
  assert.deepEqual((await since()).map(brief), ["GetUser 200", "ListMFADevices 200", "GetSessionToken 200 +mfa", "AssumeRole 200"]);
});

test("force-MFA, over 1 h: the first try spends its code and says it cannot be had; then it is refused before any code or call, and plan says so", { timeout: 90_000 }, async (t) => {
  const { emu, env, since } = await world(t);
  const denied = await run(["env", "private_aws", "sample_switch_role", "--duration", "2h", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(denied.code, 1);
  assert.equal(denied.stdout, "");
  assert.equal(denied.stderr, `${NOTE}${CANNOT}\n  hint: ask for --duration 1h or less; the MFA session then serves it\n`);
  assert.deepEqual((await since()).map(brief), ["GetUser 200", "ListMFADevices 200", "AssumeRole 403 AccessDenied +mfa"]);

  // Known now: no code is asked (none is at hand and there is no terminal), no call made.
  const again = await run(["env", "private_aws", "sample_switch_role", "--duration", "2h"], env);
  assert.equal(again.code, 1);
  assert.equal(again.stdout, "");
  assert.match(again.stderr, new RegExp(`^${escape(CANNOT)}\\n  hint: ask for --duration 1h or less; the MFA session then serves it \\(STS denied it at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d; --refresh asks STS again\\)\\n$`));
  const seed = sourcedAssumeRole({ ...env, AWS_ROLE_SESSION_TIMEOUT: "7200" }, "private_aws sample_switch_role");
  assert.equal(seed.status, 1);
  assert.match(seed.stderr, /cannot be had: the IAM policy of profile bastion's user denies AssumeRole/);
  assert.equal(seed.vars.AWS_ACCESS_KEY_ID, undefined, "nothing exported");
  const plan = await run(["plan", "private_aws", "sample_switch_role", "--duration", "2h"], env);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /refused before any call or code: 7200 s \(from --duration\) cannot be had/);
  assert.match(plan.stdout, /Total: 0 STS calls, no MFA code\./);
  assert.deepEqual(await since(), [], "no call");

  // Within the cap it works, with one code.
  const hour = await run(["env", "private_aws", "sample_switch_role", "--duration", "1h", "--mfa-code", await emu.freshMfaCode(), "--shell", "json"], env);
  assert.equal(hour.code, 0, hour.stderr);
  assert.deepEqual((await since()).map(brief), ["GetSessionToken 200 +mfa", "AssumeRole 200"]);

  // --refresh asks STS again (and is denied again).
  const refresh = await run(["env", "private_aws", "sample_switch_role", "--duration", "2h", "--refresh", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(refresh.code, 1);
  assert.equal(refresh.stderr, `${NOTE}${CANNOT}\n  hint: ask for --duration 1h or less; the MFA session then serves it\n`);
  assert.deepEqual((await since()).map(brief), ["AssumeRole 403 AccessDenied +mfa"]);
});

test("without the force-MFA policy, over 1 h is one AssumeRole with the code, and nothing is remembered against it", { timeout: 90_000 }, async (t) => {
  const { emu, env, since } = await world(t, seedWorld());
  const r = await run(["env", "private_aws", "sample_switch_role", "--duration", "2h", "--mfa-code", await emu.freshMfaCode(), "--shell", "json"], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await since()).map(brief), ["GetUser 200", "ListMFADevices 200", "AssumeRole 200 +mfa"]);
  const plan = await run(["plan", "private_aws", "sample_switch_role", "--duration", "2h", "--refresh"], env);
  assert.doesNotMatch(plan.stdout, /refused before/);
});

test("a deleted bastion key: one line naming the profile and its (masked) access key id, before any code is used", { timeout: 90_000 }, async (t) => {
  const { emu, env, since } = await world(t);
  await emu.deleteAccessKey(BASTION.accessKeyId);
  const r = await run(["env", "private_aws", "sample_switch_role", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0]!, new RegExp(`^switchrole: IAM \\(GetUser\\) refused the access key ${escape(masked)} of profile bastion: The security token included in the request is invalid\\.?$`));
  assert.match(lines[1]!, /^ {2}hint: check aws_access_key_id and aws_secret_access_key of \[bastion\] in ~\/\.aws\/credentials$/);
  assert.ok(!r.stderr.includes(BASTION.accessKeyId) && !r.stderr.includes(BASTION.secretAccessKey), "the key id only masked, the secret never");
  assert.deepEqual((await since()).map(brief), ["GetUser 403 InvalidClientTokenId"]);
});

test("a key deactivated after login: its MFA session still serves (as in AWS); revoked too, the session is reported refused and the new code fails with the key's line", { timeout: 90_000 }, async (t) => {
  const { emu, env, since } = await world(t);
  const login = await run(["login", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(login.code, 0, login.stderr);
  await since();
  await emu.deactivateAccessKey(BASTION.accessKeyId);
  // As AWS: sessions made from the key before keep working (docs/emulator.md).
  const still = await run(["env", "private_aws", "sample_switch_role", "--shell", "json"], env);
  assert.equal(still.code, 0, still.stderr);
  assert.deepEqual((await since()).map(brief), ["AssumeRole 200"]);
  // The administrator also revokes them: the cached MFA session is refused, and the new code meets the dead key.
  assert.ok((await emu.revoke({ source: BASTION.accessKeyId })) >= 1);
  const r = await run(["env", "private_aws", "short_role", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(r.code, 1, `${r.stderr}${JSON.stringify((await emu.calls()).map(brief))}`);
  assert.equal(r.stdout, "");
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines[0], `switchrole: the cached MFA session for ${BASTION.mfaSerial} was refused by STS (InvalidClientTokenId; revoked?); a new MFA code is used`);
  assert.match(lines[1]!, new RegExp(`^switchrole: STS refused the access key ${escape(masked)} of profile bastion: `));
  assert.match(lines[2]!, /^ {2}hint: check aws_access_key_id and aws_secret_access_key of \[bastion\]/);
  assert.equal(lines.length, 3, r.stderr);
  assert.deepEqual((await since()).map(brief), ["AssumeRole 403 InvalidClientTokenId", "GetSessionToken 403 InvalidClientTokenId"]);
  const status = JSON.parse((await run(["status", "--json"], env)).stdout);
  assert.deepEqual(status.sources[0]?.mfaSessions ?? [], [], "the refused session is not kept");
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
