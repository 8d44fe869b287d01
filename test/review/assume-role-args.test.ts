// Review: `assume-role <account> <role> [mfa_token] [region]` given odd positionals. The
// user typed no --mfa-code or --region, so the messages must not name those flags; extra
// arguments are refused rather than silently dropped. All before any STS call.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
before(async () => {
  emu = await startEmulator();
  ({ env, home } = seedHome(emu));
});
after(async () => {
  await emu.stop();
  rmSync(home, { recursive: true, force: true });
});

const USAGE = "  hint: usage: assume-role <account> <role> [mfa_token] [region]";

async function fails(args: string[], stderr: string[]): Promise<void> {
  await emu.reset();
  const r = await run(["assume-role", "--shell", "bash", "--no-cache", ...args], env);
  assert.equal(r.stdout, "");
  assert.deepEqual(r.stderr.split("\n").filter(Boolean), stderr);
  assert.equal(r.code, 2);
  assert.deepEqual(await emu.calls(), []);
}

test("an mfa_token that is not 6 digits is named as the mfa_token argument", () =>
  fails(["private_aws", "sample_switch_role", "12"], [
    'switchrole: assume-role: the mfa_token argument 12 is not the 6 digits your MFA device shows',
    USAGE,
  ]));

test("a bad region argument is named as the region argument", () =>
  fails(["private_aws", "sample_switch_role", "123456", "no such region"], [
    'switchrole: assume-role: the region argument "no such region" is not an AWS region',
    "  hint: use a region name such as us-east-1 or ap-northeast-1",
  ]));

test("a fifth argument is refused, not ignored", () =>
  fails(["private_aws", "sample_switch_role", "123456", "eu-west-1", "extra"], [
    "switchrole: assume-role: too many arguments: extra",
    USAGE,
  ]));
