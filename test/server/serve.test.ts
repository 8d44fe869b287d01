// `switchrole env --endpoint` and the per-user `switchrole serve` it starts on demand:
// a 0600 state file, one server however many start it, every target by path, exit when
// idle; and a long job (the JS SDK's default chain) served through it across expirations.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";
import { controlServer, CONSUMER, testClock } from "./helpers";
import { tempDir } from "../helpers/tmp";

const TARGET = ["private_aws", "short_role", "--duration", "900"];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("switchrole serve behind env --endpoint", () => {
  let emu: Emulator;
  const started: number[] = [];
  before(async () => (emu = await startEmulator()));
  after(async () => {
    for (const pid of started) if (alive(pid)) process.kill(pid, "SIGTERM");
    await emu?.stop();
  });

  const endpointEnv = async (env: NodeJS.ProcessEnv, args = TARGET) => {
    const r = await run(["env", "--endpoint", ...args, "--shell", "json"], env);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Record<string, string | null>;
  };
  const serverFile = (home: string) => join(home, ".cache/switchrole/server.json");

  test("started on demand, found again, 0600, exits when idle", { timeout: 60_000 }, async () => {
    await emu.reset();
    const { env, home } = seedHome(emu, { env: { SWITCHROLE_SERVE_IDLE: "3s" } });
    const code = await emu.freshMfaCode();
    const vars = await endpointEnv(env, [...TARGET, "--mfa-code", code]);
    for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"]) assert.equal(vars[k], null, `${k} unset`);
    assert.match(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI!, /^http:\/\/127\.0\.0\.1:\d+\/role\/[A-Za-z0-9_-]+$/);
    assert.match(vars.AWS_CONTAINER_AUTHORIZATION_TOKEN!, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(vars.AWS_ACCOUNT_NAME, "private_aws");
    assert.equal(vars.AWS_ACCOUNT_ROLE, "short_role");
    assert.equal(vars.AWS_REGION, "ap-northeast-1");
    const state = JSON.parse(readFileSync(serverFile(home), "utf8")) as { pid: number; url: string; token: string };
    started.push(state.pid);
    assert.equal(statSync(serverFile(home)).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, ".cache/switchrole")).mode & 0o777, 0o700);
    assert.equal(state.token, vars.AWS_CONTAINER_AUTHORIZATION_TOKEN);
    // Concurrent starts find the one server.
    const again = await Promise.all(Array.from({ length: 5 }, () => endpointEnv(env, ["private_aws", "no_mfa_role"])));
    for (const v of again) assert.ok(v.AWS_CONTAINER_CREDENTIALS_FULL_URI!.startsWith(`${state.url}/role/`));
    // Every target by path: two roles from one server.
    const fetchCreds = async (v: Record<string, string | null>) => {
      const res = await fetch(v.AWS_CONTAINER_CREDENTIALS_FULL_URI!, { headers: { authorization: v.AWS_CONTAINER_AUTHORIZATION_TOKEN! } });
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    };
    const a = await fetchCreds(vars);
    const b = await fetchCreds(again[0]!);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.notEqual(a.body.AccessKeyId, b.body.AccessKeyId);
    assert.deepEqual(Object.keys(a.body).sort(), ["AccessKeyId", "Expiration", "SecretAccessKey", "Token"]);
    // Idle: gone after the last request (the test's timeout catches a server that stays),
    // and its file with it; the log says it was the idle timer.
    while (alive(state.pid)) await sleep(200);
    assert.throws(() => statSync(serverFile(home)), /ENOENT/);
    const log = readFileSync(join(home, ".cache/switchrole/server.log"), "utf8");
    assert.match(log, /idle for 3s and nothing holds its URL; exiting/);
    assert.ok(!log.includes(state.token) && !log.includes(a.body.SecretAccessKey!), "nothing secret logged");
  });

  test("a 3-hour job through env --endpoint: the JS SDK default chain, 15-minute sessions, no ExpiredToken, one MFA code", { timeout: 120_000 }, async () => {
    await emu.reset();
    const { env } = seedHome(emu);
    const clock = testClock(emu);
    // The shell's first `env --endpoint` takes the one code; it and the server it starts
    // follow the test clock through the preload.
    const vars = await endpointEnv({ ...env, ...clock.childEnv }, [...TARGET, "--mfa-code", await emu.freshMfaCode()]);
    const state = JSON.parse(readFileSync(join(env.HOME!, ".cache/switchrole/server.json"), "utf8")) as { pid: number };
    started.push(state.pid);
    const control = await controlServer(clock);
    const results = join(tempDir("sr-serve-"), "steps.jsonl");
    const childEnv: NodeJS.ProcessEnv = { ...env, MODE: "sdk", STEPS: "37", STEP_SECONDS: "300", CONTROL_URL: control.url, RESULT_FILE: results };
    for (const [k, v] of Object.entries(vars)) {
      if (v === null) delete childEnv[k];
      else childEnv[k] = v;
    }
    const code = await new Promise<number | null>((resolve) => spawn(process.execPath, ["--import", "tsx", CONSUMER], { env: childEnv, stdio: "ignore" }).on("exit", resolve));
    control.server.close();
    const steps = readFileSync(results, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { ok: boolean; keyId?: string });
    assert.equal(code, 0, readFileSync(results, "utf8"));
    assert.equal(steps.length, 37, "3 hours in 5-minute steps");
    assert.deepEqual(steps.filter((s) => !s.ok), []);
    assert.ok(new Set(steps.map((s) => s.keyId)).size >= 12, "a new role session every 15 minutes");
    const calls = await emu.calls();
    assert.equal(calls.filter((c) => c.errorCode === "ExpiredToken").length, 0);
    assert.equal(calls.filter((c) => c.tokenCodePresent).length, 1, "one MFA code in 3 hours");
  });
});
