// `switchrole plan` is the program: over cache states, flags, durations and ways of
// naming the MFA device, the calls the emulator records for `switchrole env` are exactly
// the calls `plan` predicted, in order.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { seedHome } from "../helpers/home";
import { BASTION, roleArn } from "../helpers/world";
import { callsOf, type Step } from "../../src/credentials/plan";
import { Clock, countedTerminal, runMain } from "./helpers";

type CacheState = "empty" | "mfa-session only" | "valid role" | "role near expiry" | "expired role" | "another role only";
type DeviceWay = "IAM" | "profile mfa_serial" | "AWS_MFA_SERIAL";

interface Case {
  state: CacheState;
  device: DeviceWay;
  duration: "900" | "3600" | "7200";
  refresh: boolean;
  noCache: boolean;
}

const arbCase: fc.Arbitrary<Case> = fc.record({
  state: fc.constantFrom<CacheState>("empty", "mfa-session only", "valid role", "role near expiry", "expired role", "another role only"),
  device: fc.constantFrom<DeviceWay>("IAM", "profile mfa_serial", "AWS_MFA_SERIAL"),
  duration: fc.constantFrom("900", "3600", "7200"),
  refresh: fc.boolean(),
  noCache: fc.boolean(),
});

const PROFILE = `[profile seed]\nrole_arn = ${roleArn("sample_switch_role")}\nsource_profile = bastion\nmfa_serial = ${BASTION.mfaSerial}\n`;

async function check(emu: Emulator, c: Case): Promise<void> {
  await emu.reset();
  const { env } = seedHome(emu, { config: PROFILE, env: c.device === "AWS_MFA_SERIAL" ? { AWS_MFA_SERIAL: BASTION.mfaSerial } : {} });
  const clock = new Clock(emu);
  const ask = countedTerminal(emu, clock);
  const target = c.device === "profile mfa_serial" ? ["seed"] : ["private_aws", "sample_switch_role"];
  const sh = async (argv: string[]) => {
    const r = await runMain(argv, env, { now: clock.now, ask });
    assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
    return r;
  };

  // The cache state, made the way a user makes it.
  if (c.state === "mfa-session only") await sh(["login"]);
  if (c.state === "another role only") await sh(["env", "private_aws", "short_role"]);
  if (c.state === "valid role" || c.state === "role near expiry" || c.state === "expired role") await sh(["env", ...target, "-d", c.duration]);
  const lived = Number(c.duration);
  if (c.state === "role near expiry") await clock.advance(lived - 200); // under the 300 s minimum
  if (c.state === "expired role") await clock.advance(lived + 60);

  const flags = ["-d", c.duration, ...(c.refresh ? ["--refresh"] : []), ...(c.noCache ? ["--no-cache"] : [])];
  const report = JSON.parse((await sh(["plan", ...target, ...flags, "--json"])).stdout) as { steps: Step[]; mfaCodeAsked: boolean };
  const predicted = report.steps.flatMap(callsOf);
  const before = (await emu.calls()).length;
  const prompts = ask.prompts.length;
  await sh(["env", ...target, ...flags, "--shell", "json"]);
  const made = (await emu.calls()).slice(before).map((x) => `${x.service}:${x.action}`);
  assert.deepEqual(made, predicted, `${JSON.stringify(c)}: plan said ${JSON.stringify(report.steps.map((s) => s.kind))}`);
  assert.equal(ask.prompts.length > prompts, report.mfaCodeAsked, `${JSON.stringify(c)}: an MFA code asked exactly when plan said so`);
}

test("plan predicts the calls env makes, for every cache state, flag, duration and device", { timeout: 300_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  // The chosen corners first, then random combinations.
  const corners: Case[] = [
    { state: "empty", device: "IAM", duration: "3600", refresh: false, noCache: false },
    { state: "valid role", device: "IAM", duration: "3600", refresh: false, noCache: false },
    { state: "role near expiry", device: "profile mfa_serial", duration: "900", refresh: false, noCache: false },
    { state: "mfa-session only", device: "profile mfa_serial", duration: "3600", refresh: false, noCache: false },
    { state: "another role only", device: "AWS_MFA_SERIAL", duration: "7200", refresh: true, noCache: false },
    { state: "expired role", device: "IAM", duration: "900", refresh: false, noCache: true },
  ];
  for (const c of corners) await check(emu, c);
  await fc.assert(fc.asyncProperty(arbCase, (c) => check(emu, c)), { numRuns: 30 });
});
