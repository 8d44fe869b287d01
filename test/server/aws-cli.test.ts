// The AWS CLI v2 (/usr/bin/aws) as the consumer: through `exec --server`'s endpoint, and
// through a profile's credential_process, across several 15-minute role sessions with the
// emulator's clock and switchrole's moved together: zero ExpiredToken, one MFA code.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run, seedHome, SWITCHROLE } from "../helpers/home";
import { AWS_CLI_V2, skipUnless } from "../helpers/programs";
import { adoptEnv, controlServer, CONSUMER, switchrole, testClock } from "./helpers";
import { tempDir } from "../helpers/tmp";

const TARGET = ["private_aws", "short_role", "--duration", "900"];
const ARN = "arn:aws:sts::123456789012:assumed-role/short_role/bastion";

describe("AWS CLI v2 against the credential endpoint and credential_process", { skip: skipUnless(AWS_CLI_V2) }, () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(async () => emu?.stop());

  const expiredOrCodes = async () => {
    const calls = await emu.calls();
    return { expired: calls.filter((c) => c.errorCode === "ExpiredToken").length, codes: calls.filter((c) => c.tokenCodePresent).length, assumed: calls.filter((c) => c.action === "AssumeRole" && c.status === 200).length };
  };

  test("exec --server: aws sts get-caller-identity every 5 minutes for 35 minutes", { timeout: 180_000 }, async () => {
    await emu.reset();
    const { env } = seedHome(emu);
    adoptEnv(env);
    const clock = testClock(emu);
    const control = await controlServer(clock);
    const results = join(tempDir("sr-cli-"), "steps.jsonl");
    const prompts = { count: 0 };
    try {
      const r = await switchrole(["exec", "--server", ...TARGET, "--", process.execPath, "--import", "tsx", CONSUMER], { ...env, MODE: "cli", STEPS: "8", STEP_SECONDS: "300", CONTROL_URL: control.url, RESULT_FILE: results }, clock, emu, prompts);
      assert.equal(r.code, 0, `${r.err}\n${readFileSync(results, "utf8")}`);
    } finally {
      control.server.close();
    }
    const steps = readFileSync(results, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { ok: boolean; arn?: string; message?: string });
    assert.equal(steps.length, 8);
    assert.deepEqual(steps.filter((s) => !s.ok), []);
    for (const s of steps) assert.equal(s.arn, ARN);
    const seen = await expiredOrCodes();
    assert.deepEqual(seen, { ...seen, expired: 0, codes: 1 });
    assert.ok(seen.assumed >= 3, `refreshed across expirations (${seen.assumed} AssumeRole)`);
    assert.equal(prompts.count, 1);
  });

  test("credential_process: a profile running switchrole credential-process, across 3 role sessions", { timeout: 180_000 }, async () => {
    await emu.reset();
    const { env, home } = seedHome(emu);
    appendFileSync(join(home, ".aws/config"), `[profile sr]\nregion = ap-northeast-1\ncredential_process = ${SWITCHROLE} credential-process ${TARGET.join(" ")}\n`);
    adoptEnv(env);
    const clock = testClock(emu);
    const prompts = { count: 0 };
    // The one MFA code, at the start of the day (as `switchrole login` or a first `env` would).
    assert.equal((await switchrole(["credential-process", ...TARGET], env, clock, emu, prompts)).code, 0);
    const awsEnv = { ...env, ...clock.childEnv, AWS_PAGER: "" };
    for (let step = 0; step < 8; step++) {
      const r = await run(["sts", "get-caller-identity", "--profile", "sr", "--output", "json", "--endpoint-url", emu.url], awsEnv, { program: AWS_CLI_V2 });
      assert.equal(r.code, 0, `step ${step}: ${r.stderr}`);
      assert.equal((JSON.parse(r.stdout) as { Arn: string }).Arn, ARN);
      await clock.advance(300);
    }
    const seen = await expiredOrCodes();
    assert.deepEqual(seen, { ...seen, expired: 0, codes: 1 });
    assert.ok(seen.assumed >= 3, `refreshed across expirations (${seen.assumed} AssumeRole)`);
    assert.equal(prompts.count, 1);
  });

  test("credential_process with no MFA session and no terminal: the AWS CLI shows what to run", { timeout: 60_000 }, async () => {
    const { env, home } = seedHome(emu);
    appendFileSync(join(home, ".aws/config"), `[profile sr]\nregion = ap-northeast-1\ncredential_process = ${SWITCHROLE} credential-process ${TARGET.join(" ")}\n`);
    const r = await run(["sts", "get-caller-identity", "--profile", "sr", "--endpoint-url", emu.url], { ...env, AWS_PAGER: "" }, { program: AWS_CLI_V2 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /switchrole login/);
    assert.equal(r.stdout, "");
  });
});
