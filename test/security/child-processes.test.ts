// Issue 13: the commands a profile runs. A credential_process (run by the SDK's fromIni)
// or an mfa_process that never ends hung switchrole for ever; a failing credential_process
// had its stderr, which may print secrets, copied into switchrole's error line; an
// mfa_process's command (which may hold a TOTP secret: `oathtool --totp -b <seed>`) was
// printed in its errors. Now each runs within SWITCHROLE_PROCESS_TIMEOUT, and a failure
// says where the command is set and how it ended, never the command or its output.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { BASTION } from "../helpers/world";
import { brief, cliHome, cliWorld, NOMFA } from "../cli/fixture";

let emu: Emulator;
before(async () => {
  emu = await startEmulator(cliWorld());
});
after(async () => {
  await emu.stop();
});

const HANG_GUARD = { timeout: 60_000 };
const SECRET = "SHOULD-NEVER-BE-SHOWN-4f2a";
const ENV_ROLE = ["env", "private_aws", "no_mfa_role", "--shell", "json", "--source-profile", "proc"];

/** A home with [profile proc] whose credential_process is `command` (and no keys). */
function procHome(command: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const h = cliHome(emu, { env });
  appendFileSync(join(h.home, ".aws/config"), `[profile proc]\nregion = ap-northeast-1\ncredential_process = ${command}\n`);
  return h.env;
}

async function expectFailure(args: string[], env: NodeJS.ProcessEnv, lines: string[]): Promise<void> {
  await emu.reset();
  const r = await run(args, env);
  assert.equal(r.stdout, "", "nothing on stdout");
  assert.ok(!r.stderr.includes(SECRET), `the command's output was shown: ${r.stderr}`);
  assert.deepEqual(r.stderr.split("\n").filter(Boolean), lines);
  assert.equal(r.code, 1);
  assert.deepEqual(await emu.calls(), [], "no call was made");
}

test("a credential_process that prints keys still signs (through the SDK's fromIni)", HANG_GUARD, async () => {
  const json = JSON.stringify({ Version: 1, AccessKeyId: NOMFA.accessKeyId, SecretAccessKey: NOMFA.secretAccessKey });
  const env = procHome(`printf '%s\\n' '${json}'`);
  await emu.reset();
  const r = await run(ENV_ROLE, env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.match((JSON.parse(r.stdout) as Record<string, string>).AWS_ACCESS_KEY_ID ?? "", /^ASIA/);
  assert.deepEqual((await emu.calls()).map(brief), ["GetUser 200", "ListMFADevices 200", "AssumeRole 200"]);
});

test("a credential_process that never ends is stopped at SWITCHROLE_PROCESS_TIMEOUT, even one ignoring SIGTERM", HANG_GUARD, async () => {
  for (const command of ["sleep 600", "trap '' TERM; sleep 30; echo late"]) {
    await expectFailure(ENV_ROLE, procHome(command, { SWITCHROLE_PROCESS_TIMEOUT: "1s" }), [
      "switchrole: no credentials for the source profile proc (from --source-profile): credential_process in profile proc (~/.aws/config) did not finish within 1 s",
      "  hint: run it by hand to see why, or allow it more time with SWITCHROLE_PROCESS_TIMEOUT (e.g. 5m)",
    ]);
  }
});

test("a failing credential_process: how it ended, never what it printed on stderr or stdout", HANG_GUARD, async () => {
  const hint = "  hint: run it by hand to see why (switchrole does not show its output)";
  const line = (how: string) => `switchrole: no credentials for the source profile proc (from --source-profile): credential_process in profile proc (~/.aws/config) ${how}`;
  await expectFailure(ENV_ROLE, procHome(`echo 'aws_secret_access_key=${SECRET}' >&2; exit 3`), [line("exited with status 3"), hint]);
  await expectFailure(ENV_ROLE, procHome(`echo 'not json ${SECRET}'`), [line("printed no JSON"), hint]);
  await expectFailure(ENV_ROLE, procHome(`echo '{"Version": 1, "SecretAccessKey": "${SECRET}"}'`), [line("printed JSON without AccessKeyId and SecretAccessKey"), hint]);
  await expectFailure(ENV_ROLE, procHome("/nonexistent/helper"), [line("exited with status 127 (command not found)"), hint]);
  // --debug adds a stack, not the output.
  const r = await run([...ENV_ROLE, "--debug"], procHome(`echo '${SECRET}' >&2; exit 3`));
  assert.equal(r.code, 1);
  assert.ok(!r.stderr.includes(SECRET), r.stderr);
});

test("a bad SWITCHROLE_PROCESS_TIMEOUT is a usage error before anything runs", HANG_GUARD, async () => {
  await emu.reset();
  const r = await run(ENV_ROLE, procHome("echo ran >&2; exit 1", { SWITCHROLE_PROCESS_TIMEOUT: "forever" }));
  assert.equal(r.stdout, "");
  assert.deepEqual(r.stderr.split("\n").filter(Boolean), [
    'switchrole: SWITCHROLE_PROCESS_TIMEOUT="forever" is not a duration between 1s and 1h',
    "  hint: use seconds (120) or a duration such as 30s or 5m; it bounds each mfa_process and credential_process run",
  ]);
  assert.equal(r.code, 2);
});

/** A home whose bastion profile names its device and has mfa_process = `command`. */
function mfaProcessHome(command: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const h = cliHome(emu, { env });
  writeFileSync(join(h.home, ".aws/config"), `[profile bastion]\nregion = ap-northeast-1\nmfa_serial = ${BASTION.mfaSerial}\nmfa_process = ${command}\n`);
  return h.env;
}

const ENV_MFA = ["env", "private_aws", "sample_switch_role", "--shell", "json"];

test("an mfa_process that never ends is stopped at SWITCHROLE_PROCESS_TIMEOUT", HANG_GUARD, async () => {
  await expectFailure(ENV_MFA, mfaProcessHome("sleep 600", { SWITCHROLE_PROCESS_TIMEOUT: "1" }), [
    "switchrole: mfa_process in profile bastion (~/.aws/config) did not finish within 1 s",
    "  hint: run it by hand to see why, or allow it more time with SWITCHROLE_PROCESS_TIMEOUT (e.g. 5m)",
  ]);
});

test("a failing mfa_process: where it is set and how it ended, not the command (it may hold the TOTP seed)", HANG_GUARD, async () => {
  await expectFailure(ENV_MFA, mfaProcessHome(`oathtool --totp -b ${SECRET} 2>/dev/null || exit 4`), [
    "switchrole: mfa_process in profile bastion (~/.aws/config) failed: it exited with status 4",
    "  hint: run it by hand to see why",
  ]);
  await expectFailure(ENV_MFA, mfaProcessHome(`echo 'seed ${SECRET}'`), [
    "switchrole: mfa_process in profile bastion (~/.aws/config) did not print a 6-digit code",
    "  hint: run it by hand to see what it prints: the code alone, on one line",
  ]);
});

test("an mfa_process that prints the code still works", HANG_GUARD, async () => {
  await emu.reset();
  const env = mfaProcessHome(`echo ${await emu.freshMfaCode()}`);
  const r = await run(ENV_MFA, env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await emu.calls()).map(brief), ["GetSessionToken 200 +mfa", "AssumeRole 200"]);
});
