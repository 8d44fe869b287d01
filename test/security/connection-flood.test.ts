// Connection exhaustion: anyone on the machine can open TCP connections to the endpoint,
// no token needed. Before, about 1,024 idle ones (LIMITS.maxConnections, counted before any
// check, each held ~5 s waiting for headers) made every authorised request fail with
// ECONNRESET. Now unauthenticated connections have a small budget of their own and about a
// second to send their request: under 2,000 idle connections from another user (four
// processes of 500, the 1,024-file limit an ordinary user often has), reopened as soon as
// they are closed, the user's own requests all succeed, through plain fresh connections
// (no retries), the JS SDK's default chain and the AWS CLI, and the server (itself given
// a 1,024-file limit) stays within it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../helpers/emulator";
import { run, seedHome, SWITCHROLE } from "../helpers/home";
import { AWS_CLI_V2 } from "../helpers/programs";
import { createOtherUser, FLOOD } from "../helpers/other-user";

const LOAD = join(__dirname, "../server/fixtures/authorised-load.ts");
const ARN = "arn:aws:sts::123456789012:assumed-role/short_role/bastion";

interface Flood {
  open: number;
  connects: number;
  failures: number;
}

test("2,000 idle connections from another user: every authorised request still succeeds", { timeout: 180_000 }, async (t) => {
  const emu = await startEmulator();
  const other = createOtherUser();
  const { env, home } = seedHome(emu);
  let serverPid = 0;
  t.after(async () => {
    other.remove();
    if (serverPid) process.kill(serverPid, "SIGTERM");
    await emu.stop();
  });
  // The server is started by this command and inherits its 1,024-file limit.
  const r = await run(["--nofile=1024:1024", SWITCHROLE, "env", "--endpoint", "private_aws", "short_role", "--duration", "900", "--shell", "json", "--mfa-code", await emu.freshMfaCode()], env, { program: "prlimit" });
  assert.equal(r.code, 0, r.stderr);
  const vars = JSON.parse(r.stdout) as Record<string, string | null>;
  serverPid = (JSON.parse(readFileSync(join(home, ".cache/switchrole/server.json"), "utf8")) as { pid: number }).pid;
  assert.match(readFileSync(`/proc/${serverPid}/limits`, "utf8"), /Max open files\s+1024\s+1024/);
  const port = new URL(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI!).port;

  const floods = Array.from({ length: 4 }, () => other.node(FLOOD, [port, "500"], { nofile: 1024 }));
  const latest = floods.map(() => ({ open: 0, connects: 0, failures: 0 }) as Flood);
  floods.forEach((f, i) => f.onLine((l) => (latest[i] = JSON.parse(l) as Flood)));
  // Every one of the 2,000 has connected at least once before the user's requests start.
  await Promise.all(floods.map((f) => f.line((l) => (JSON.parse(l) as Flood).connects >= 500)));
  const before = latest.reduce((n, f) => n + f.connects, 0);

  const childEnv: NodeJS.ProcessEnv = { ...env, ROUNDS: "30", PARALLEL: "10", SDK_FETCHES: "30" };
  for (const [k, v] of Object.entries(vars)) {
    if (v === null) delete childEnv[k];
    else childEnv[k] = v;
  }
  const load = await new Promise<string>((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", LOAD], { env: childEnv, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    p.on("error", reject);
    p.on("exit", () => resolve(out));
  });
  const cli = [];
  for (let i = 0; i < 3; i++) cli.push(await run(["sts", "get-caller-identity", "--output", "json", "--endpoint-url", emu.url], { ...childEnv, AWS_PAGER: "" }, { program: AWS_CLI_V2 }));
  const fds = readdirSync(`/proc/${serverPid}/fd`).length;
  const during = latest.reduce((n, f) => n + f.connects, 0) - before;

  console.log(`# during the user's requests: ${during} reconnects by the other user; the server held ${fds} files; ${JSON.stringify(latest)}`);
  const result = JSON.parse(load) as { rawOk: number; rawFailed: number; sdkOk: number; sdkFailed: number; arn?: string; errors: string[] };
  assert.deepEqual(result, { rawOk: 300, rawFailed: 0, sdkOk: 30, sdkFailed: 0, arn: ARN, errors: [] });
  for (const c of cli) {
    assert.equal(c.code, 0, c.stderr);
    assert.equal((JSON.parse(c.stdout) as { Arn: string }).Arn, ARN);
  }
  // The flood was on all along: its connections kept being closed and reopened.
  assert.ok(during >= 2000, `the other user reconnected ${during} times while the user's requests ran`);
  assert.ok(fds < 1024, `the server held ${fds} files`);
  const log = readFileSync(join(home, ".cache/switchrole/server.log"), "utf8");
  assert.ok(!log.includes(vars.AWS_CONTAINER_AUTHORIZATION_TOKEN!), "no token in the log");
  assert.ok(serverAlive(serverPid));
});

function serverAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
