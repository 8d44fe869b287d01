// The endpoint keeps a long job supplied: the AWS SDK's default chain in a child of
// `switchrole exec --server`, across several role-credential expirations (15-minute role
// sessions, the emulator's clock and the tool's moved together), with one MFA code; 200
// requests arriving as credentials expire share one AssumeRole; STS failures and a lost
// MFA session are answered with errors and the server keeps serving.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { seedHome } from "../helpers/home";
import { roleArn } from "../helpers/world";
import { resolveTarget } from "../../src/config/resolve";
import { startTargetEndpoint } from "../../src/server/one-target";
import { adoptEnv, controlServer, CONSUMER, switchrole, testClock } from "./helpers";
import { tempDir } from "../helpers/tmp";

const TARGET = ["private_aws", "short_role", "--duration", "900"];

interface Step { step: number; ok: boolean; arn?: string; keyId?: string; name?: string; message?: string }
const readSteps = (file: string): Step[] => readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Step);

describe("credential endpoint refresh", () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(async () => emu?.stop());

  test("exec --server: the JS SDK default chain across 4 role expirations, zero ExpiredToken, one MFA code", { timeout: 120_000 }, async () => {
    await emu.reset();
    const { env } = seedHome(emu);
    adoptEnv(env);
    const clock = testClock(emu);
    const control = await controlServer(clock);
    const results = join(tempDir("sr-steps-"), "steps.jsonl");
    const prompts = { count: 0 };
    const childEnv = { ...env, AWS_ACCESS_KEY_ID: "AKIALEAKEDLEAKEDLEAK", AWS_SECRET_ACCESS_KEY: "leaked", MODE: "sdk", STEPS: "13", STEP_SECONDS: "300", CONTROL_URL: control.url, RESULT_FILE: results };
    try {
      const r = await switchrole(["exec", "--server", ...TARGET, "--", process.execPath, "--import", "tsx", CONSUMER], childEnv, clock, emu, prompts);
      assert.equal(r.code, 0, r.err);
    } finally {
      control.server.close();
    }
    const steps = readSteps(results);
    assert.equal(steps.length, 13);
    assert.deepEqual(steps.filter((s) => !s.ok), [], "every step succeeded");
    for (const s of steps) assert.equal(s.arn, `arn:aws:sts::123456789012:assumed-role/short_role/bastion`);
    assert.ok(new Set(steps.map((s) => s.keyId)).size >= 4, "the SDK was handed new credentials as they expired");
    const calls = await emu.calls();
    assert.deepEqual(calls.filter((c) => c.errorCode === "ExpiredToken"), []);
    assert.equal(calls.filter((c) => c.tokenCodePresent).length, 1, "one MFA code in total");
    assert.equal(prompts.count, 1, "one MFA prompt");
    assert.ok(calls.filter((c) => c.action === "AssumeRole").length >= 4);
    assert.ok(!calls.some((c) => c.accessKeyId === "AKIALEAKEDLEAKEDLEAK"), "the child's inherited keys were removed");
  });

  test("200 concurrent requests as the credentials expire: one AssumeRole", { timeout: 60_000 }, async () => {
    await emu.reset();
    const { env } = seedHome(emu);
    adoptEnv(env);
    const clock = testClock(emu);
    const prompts = { count: 0 };
    const primed = await switchrole(["env", ...TARGET, "--shell", "json"], env, clock, emu, prompts);
    assert.equal(primed.code, 0, primed.err);
    const target = await resolveTarget({ positionals: ["private_aws", "short_role"], duration: "900" }, env);
    const ep = await startTargetEndpoint(target, { env, now: clock.now, io: { out: () => {}, err: () => {}, stdoutIsTTY: false } });
    try {
      const get = async () => {
        const res = await fetch(ep.url, { headers: { authorization: tokenOf(ep.vars) } });
        return { status: res.status, body: (await res.json()) as Record<string, string> };
      };
      const first = await get();
      assert.equal(first.status, 200);
      await clock.advance(700); // 200 s left: under the 5-minute minimum
      const before = (await emu.calls()).filter((c) => c.action === "AssumeRole").length;
      const all = await Promise.all(Array.from({ length: 200 }, get));
      assert.deepEqual([...new Set(all.map((a) => a.status))], [200]);
      const keys = new Set(all.map((a) => a.body.AccessKeyId));
      assert.equal(keys.size, 1, "everyone got the same new credentials");
      assert.notEqual([...keys][0], first.body.AccessKeyId);
      const assumed = (await emu.calls()).filter((c) => c.action === "AssumeRole").length - before;
      assert.equal(assumed, 1, "one AssumeRole for 200 requests");
      for (const a of all) assert.ok(Date.parse(a.body.Expiration!) - clock.now() >= 300_000, "at least the minimum lifetime left");
    } finally {
      await ep.close();
    }
  });

  test("STS failures are answered with an error and retried on the next request; a lost MFA session says to run switchrole login", { timeout: 60_000 }, async () => {
    await emu.reset();
    const { env } = seedHome(emu);
    adoptEnv(env);
    const clock = testClock(emu);
    const prompts = { count: 0 };
    assert.equal((await switchrole(["env", ...TARGET, "--shell", "json"], env, clock, emu, prompts)).code, 0);
    const target = await resolveTarget({ positionals: ["private_aws", "short_role"], duration: "900" }, env);
    const ep = await startTargetEndpoint(target, { env, now: clock.now, io: { out: () => {}, err: () => {}, stdoutIsTTY: false } });
    const get = async () => {
      const res = await fetch(ep.url, { headers: { authorization: tokenOf(ep.vars) } });
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    };
    try {
      await clock.advance(900);
      await emu.faults({ action: "AssumeRole", status: 500, count: 4 });
      const failed = await get();
      assert.equal(failed.status, 502);
      assert.equal(failed.body.Code, "CredentialsUnavailable");
      const ok = await get();
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.ok(ok.body.Token);
      // The MFA session (12 h) runs out: no prompt, an error naming the command to run.
      await clock.advance(13 * 3600);
      const gone = await get();
      assert.equal(gone.status, 401);
      assert.equal(gone.body.Code, "LoginRequired");
      assert.match(gone.body.Message!, /run `switchrole login`/);
      assert.equal(prompts.count, 1, "the server never prompted");
      assert.equal((await get()).status, 401, "still answering");
    } finally {
      await ep.close();
    }
    assert.equal(roleArn("short_role"), target.roleArn);
  });
});

function tokenOf(vars: Array<[string, string | null]>): string {
  return vars.find(([k]) => k === "AWS_CONTAINER_AUTHORIZATION_TOKEN")?.[1] ?? "";
}
