// An STS or IAM endpoint that accepts the connection and never answers (the emulator's hang
// fault), met by bin/switchrole with SWITCHROLE_TIMEOUT=2s: it ends with exit 1, one line
// naming the service, action and endpoint (and a hint), nothing on stdout, nothing cached.
// The test's own timeout is the only guard against a hang; nothing asserts on wall time.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run, SWITCHROLE } from "../helpers/home";
import { skipUnless } from "../helpers/programs";
import { startTmux } from "../helpers/tmux";
import { brief, cliHome, cliWorld } from "./fixture";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
before(async () => {
  emu = await startEmulator(cliWorld());
  ({ env, home } = cliHome(emu, { env: { SWITCHROLE_TIMEOUT: "2s" } }));
});
after(async () => {
  await emu.stop();
});

const SAMPLE = ["env", "private_aws", "sample_switch_role"];
const MFA_SERIAL = "arn:aws:iam::111111111111:mfa/bastion";
const STS_HINT = "  hint: check the network, or the endpoint in AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, or allow more time with SWITCHROLE_TIMEOUT (e.g. SWITCHROLE_TIMEOUT=30s)";

/** Cache entries written under HOME (the default cache directory). */
function cacheEntries(): string[] {
  const dir = join(home, ".cache", "switchrole");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
}

interface Case {
  hang: string;
  args: () => Promise<string[]>;
  env?: NodeJS.ProcessEnv;
  stderr: () => string[];
  calls: string[];
}

async function check(c: Case): Promise<void> {
  await emu.reset();
  await emu.faults({ action: c.hang, hang: true, count: 10 });
  const r = await run(await c.args(), { ...env, ...c.env });
  assert.equal(r.stdout, "", "nothing on stdout");
  assert.deepEqual(r.stderr.split("\n").filter(Boolean), c.stderr());
  assert.deepEqual([r.code, r.signal], [1, null]);
  assert.deepEqual((await emu.calls()).map(brief), c.calls);
  assert.deepEqual(cacheEntries(), [], "nothing cached");
}

describe("an endpoint that never answers", { timeout: 120_000 }, () => {
  test("IAM GetUser (finding the MFA device): says so, and how to skip the lookup", () =>
    check({
      hang: "GetUser",
      args: async () => SAMPLE,
      stderr: () => [
        `switchrole: IAM did not answer GetUser within 2 s at ${emu.url}, looking up the MFA device of profile bastion`,
        "  hint: set mfa_serial in the profile or AWS_MFA_SERIAL to skip this lookup; else check the network or AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL, or allow more time with SWITCHROLE_TIMEOUT (e.g. SWITCHROLE_TIMEOUT=30s)",
      ],
      calls: ["GetUser 0 NoResponse"],
    }));

  test("STS GetSessionToken (the MFA session), with AWS_MFA_SERIAL and --mfa-code", () =>
    check({
      hang: "GetSessionToken",
      args: async () => [...SAMPLE, "--mfa-code", await emu.freshMfaCode()],
      env: { AWS_MFA_SERIAL: MFA_SERIAL },
      stderr: () => [`switchrole: STS did not answer GetSessionToken within 2 s at ${emu.url}`, STS_HINT],
      calls: ["GetSessionToken 0 NoResponse"],
    }));

  test("STS AssumeRole, the first call for a source without MFA", () =>
    check({
      hang: "AssumeRole",
      args: async () => ["env", "private_aws", "no_mfa_role"],
      env: { AWS_PROFILE_ASSUME_ROLE: "nomfa" },
      stderr: () => [`switchrole: STS did not answer AssumeRole within 2 s at ${emu.url}`, STS_HINT],
      calls: ["GetUser 200", "ListMFADevices 200", "AssumeRole 0 NoResponse"],
    }));

  test("STS AssumeRole assumed directly with the code (over 1 h), the seed's target", () =>
    check({
      hang: "AssumeRole",
      args: async () => [...SAMPLE, "--duration", "2h", "--mfa-serial", MFA_SERIAL, "--mfa-code", await emu.freshMfaCode()],
      stderr: () => [
        "switchrole: note: 7200 s is over AWS's 1-hour limit for roles assumed from an MFA session, so this role is assumed directly with a new MFA code (the MFA session is not reused)",
        `switchrole: STS did not answer AssumeRole within 2 s at ${emu.url}`,
        STS_HINT,
      ],
      calls: ["AssumeRole 0 NoResponse"],
    }));
});

test("a bad SWITCHROLE_TIMEOUT is a usage error naming it, before any call", async () => {
  await emu.reset();
  const r = await run(SAMPLE, { ...env, SWITCHROLE_TIMEOUT: "soon" });
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    'switchrole: SWITCHROLE_TIMEOUT="soon" is not a duration between 1s and 10m\n' +
      "  hint: use seconds (15) or a duration such as 30s or 1m; it bounds each STS and IAM call, retries included\n",
  );
  assert.equal(r.code, 2);
  assert.deepEqual(await emu.calls(), []);
});

test("on a terminal, a call waiting more than a moment says what it waits for, once", { skip: skipUnless("tmux"), timeout: 60_000 }, async (t) => {
  await emu.reset();
  await emu.faults({ action: "AssumeRole", hang: true, count: 10 });
  const term = await startTmux(["bash", "--norc", "--noprofile"], { env: { ...env, AWS_PROFILE_ASSUME_ROLE: "nomfa", SWITCHROLE_TIMEOUT: "6s", PS1: "$ " } });
  t.after(() => term.kill());
  await term.send(`${SWITCHROLE} env private_aws no_mfa_role >/dev/null; echo "exit=$?"`, true);
  const pane = await term.waitFor(/exit=\d+/, 30_000);
  const waiting = `switchrole: waiting for STS (AssumeRole at ${emu.url})...`;
  assert.equal(pane.split(waiting).length - 1, 1, pane);
  assert.ok(pane.indexOf(waiting) < pane.indexOf("switchrole: STS did not answer AssumeRole within 6 s"), pane);
  assert.match(pane, /exit=1/);
});
