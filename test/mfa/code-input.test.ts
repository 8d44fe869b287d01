// Issue 13: `--mfa-code 123456` puts the code in argv, which every user of the machine can
// read (/proc/<pid>/cmdline, ps). `--mfa-code -` reads it from stdin and SWITCHROLE_MFA_CODE
// from the environment (readable by the user alone); both drive the built CLI here.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { BASTION } from "../helpers/world";
import { brief, cliHome, cliWorld } from "../cli/fixture";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
before(async () => {
  emu = await startEmulator(cliWorld());
  env = cliHome(emu).env;
});
after(async () => {
  await emu.stop();
});

// The device is named, so nothing is asked of IAM; --no-cache, so every case needs a code.
const ENV = ["env", "private_aws", "sample_switch_role", "--shell", "json", "--mfa-serial", BASTION.mfaSerial, "--no-cache"];
const GOT = ["GetSessionToken 200 +mfa", "AssumeRole 200"];

async function expect(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string }, code: number, stderr: string[], calls: string[]) {
  const r = await run(args, { ...env, ...opts.env }, { input: opts.input });
  if (code !== 0) assert.equal(r.stdout, "", "nothing on stdout");
  else assert.match((JSON.parse(r.stdout) as Record<string, string>).AWS_ACCESS_KEY_ID ?? "", /^ASIA/);
  assert.deepEqual(r.stderr.split("\n").filter(Boolean), stderr);
  assert.equal(r.code, code);
  assert.deepEqual((await emu.calls()).map(brief), calls);
}

test("--mfa-code - takes the code from stdin", async () => {
  await emu.reset();
  await expect([...ENV, "--mfa-code", "-"], { input: `${await emu.freshMfaCode()}\n` }, 0, [], GOT);
});

test("SWITCHROLE_MFA_CODE gives the code in the environment", async () => {
  await emu.reset();
  await expect(ENV, { env: { SWITCHROLE_MFA_CODE: await emu.freshMfaCode() } }, 0, [], GOT);
});

test("--mfa-code - with nothing, or not a code, on stdin: one line, exit 2, no call", async () => {
  await emu.reset();
  await expect([...ENV, "--mfa-code", "-"], { input: "" }, 2, [
    "switchrole: --mfa-code - read no MFA code from stdin",
    "  hint: pipe in the 6 digits your MFA device shows, e.g. from a password manager's command",
  ], []);
  await expect([...ENV, "--mfa-code", "-"], { input: "12 34\n" }, 2, ["switchrole: the MFA code read from stdin (--mfa-code -) is not the 6 digits your MFA device shows"], []);
});

test("a SWITCHROLE_MFA_CODE that is not a code is refused before anything is sent; a wrong one is not retried", async () => {
  await emu.reset();
  await expect(ENV, { env: { SWITCHROLE_MFA_CODE: "12345" } }, 2, [
    "switchrole: SWITCHROLE_MFA_CODE is not the 6 digits your MFA device shows",
    "  hint: set it to the code your device shows now, or unset it",
  ], []);
  await expect(ENV, { env: { SWITCHROLE_MFA_CODE: "000000" } }, 1, [
    "switchrole: the MFA code in SWITCHROLE_MFA_CODE was refused",
    "  hint: set it to the code your device shows now and run again",
  ], ["GetSessionToken 403 AccessDenied +mfa"]);
});

test("exec --mfa-code - reads one line: the rest of stdin is the command's, and the used code is not in its environment", async () => {
  await emu.reset();
  const code = await emu.freshMfaCode();
  const script = 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify({stdin:s,code:process.env.SWITCHROLE_MFA_CODE??null})))';
  const r = await run(
    ["exec", "private_aws", "sample_switch_role", "--mfa-serial", BASTION.mfaSerial, "--no-cache", "--mfa-code", "-", "--", process.execPath, "-e", script],
    { ...env, SWITCHROLE_MFA_CODE: "999999" },
    { input: `${code}\nfor the command\n` },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { stdin: "for the command\n", code: null });
  assert.deepEqual((await emu.calls()).map(brief), GOT, "--mfa-code - won over SWITCHROLE_MFA_CODE");
});
