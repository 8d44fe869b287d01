// The per-user server used to exit after its idle time while shells still held its URL
// and token: another local user who then bound the port received the token from the AWS
// CLI and SDKs (which cannot run a proof), and could answer with credentials of their
// choosing. Now it idles out only once nothing can hold its URL: no process is left in a
// session it was handed to (`env --endpoint` records its session), and no process was
// started with its token. A real bash holds the URL; another local user (useradd,
// runuser) tries to bind the port after what used to be the idle timeout.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { seedHome } from "../helpers/home";
import { createOtherUser, SQUATTER, type OtherUser } from "../helpers/other-user";
import { skipUnless } from "../helpers/programs";

const root = process.getuid?.() === 0;
const skip = root ? skipUnless("bash", "curl", "setsid") : process.env.CI ? false : "needs root, to play another local user";

let emu: Emulator;
let other: OtherUser | undefined;
before(async () => {
  emu = await startEmulator();
  if (!skip) other = createOtherUser();
});
after(async () => {
  other?.remove();
  await emu.stop();
});

interface Holder {
  child: ChildProcessWithoutNullStreams;
  line(match: (l: string) => boolean): Promise<string>;
  /** Ends the holder's whole session (it leads its own process group). */
  end(): void;
}

/** bash in a session of its own, running `script`; its stdout as lines. */
function bash(script: string, env: NodeJS.ProcessEnv): Holder {
  const child = spawn("bash", ["-c", script], { env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const lines: string[] = [];
  const waiters: Array<[(l: string) => boolean, (l: string) => void]> = [];
  createInterface({ input: child.stdout }).on("line", (l) => {
    lines.push(l);
    for (const w of [...waiters]) {
      if (!w[0](l)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w[1](l);
    }
  });
  const exited = new Promise<never>((_ok, fail) => child.on("exit", (c) => fail(new Error(`bash exited (${c}): ${stderr}`))));
  exited.catch(() => {});
  return {
    child,
    line: (match) => {
      const seen = lines.find(match);
      return seen !== undefined ? Promise.resolve(seen) : Promise.race([new Promise<string>((ok) => waiters.push([match, ok])), exited]);
    },
    end: () => {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // gone
      }
    },
  };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: () => boolean): Promise<void> {
  // The test's own timeout bounds this; no deadline of its own on a loaded machine.
  while (!what()) await sleep(100);
}

/** Shell code: the endpoint variables for the seed's short_role, or exit 9. */
const EVAL = `eval "$(switchrole env --endpoint private_aws short_role --duration 900)" || exit 9`;
const CURL = `curl -s -o "$OUT/body" -w "%{http_code}\\n" -H "authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI"`;

async function setup(script: string) {
  await emu.reset();
  const { env, home } = seedHome(emu, { env: { SWITCHROLE_SERVE_IDLE: "2s" } });
  const holder = bash(script, { ...env, OUT: home, SWITCHROLE_MFA_CODE: await emu.freshMfaCode() });
  const url = (await holder.line((l) => l.startsWith("url "))).slice(4);
  const dir = join(home, ".cache/switchrole");
  const server = JSON.parse(readFileSync(join(dir, "server.json"), "utf8")) as { pid: number; token: string };
  const log = () => readFileSync(join(dir, "server.log"), "utf8");
  return { env, home, dir, holder, url, port: new URL(url).port, server, log };
}

/** Another user binds the port: prints the bind error's code, or "listening" and one line per request. */
async function squat(port: string): Promise<{ result: string; requests: string[] }> {
  const squatter = other!.node(SQUATTER, [port]);
  const requests: string[] = [];
  squatter.onLine((l) => void (l.startsWith("request") && requests.push(l)));
  const result = await squatter.line((l) => l === "listening" || /^E[A-Z]+$/.test(l));
  if (result === "listening") squatter.stop();
  return { result, requests };
}

test("a shell holding the server's URL keeps it up past the idle time: the URL still gives our credentials, another user cannot bind the port", { skip, timeout: 120_000 }, async (t) => {
  const s = await setup(`${EVAL}; echo "url $AWS_CONTAINER_CREDENTIALS_FULL_URI"; read _; ${CURL}; read _`);
  t.after(() => {
    s.holder.end();
    if (alive(s.server.pid)) process.kill(s.server.pid, "SIGTERM");
  });
  // The idle time has passed, and the server said it stays, for the shell's session.
  await until(() => s.log().includes("idle for 2s, but staying up for 1 session it handed its URL to"));
  assert.ok(alive(s.server.pid));
  const squatter = await squat(s.port);
  assert.equal(squatter.result, "EADDRINUSE", "the other user could not bind the port");
  // The shell's AWS tools still reach our server: curl with the shell's variables.
  s.holder.child.stdin.write("\n");
  assert.equal(await s.holder.line((l) => /^\d{3}$/.test(l)), "200");
  const body = JSON.parse(readFileSync(join(s.home, "body"), "utf8")) as { AccessKeyId: string };
  const issued = (await emu.calls()).filter((c) => c.action === "AssumeRole" && c.status === 200).map((c) => c.issuedAccessKeyId);
  assert.deepEqual(issued, [body.AccessKeyId], "the credentials are the ones STS issued to us");
  assert.deepEqual(squatter.requests, [], "nothing reached the other user");
  // The session ends (the terminal closed): then the server idles out, and says why.
  s.holder.end();
  await until(() => !alive(s.server.pid));
  assert.match(s.log(), /idle for 2s and nothing holds its URL; exiting/);
  assert.equal(existsSync(join(s.dir, "server.json")), false);
  assert.deepEqual(readdirSync(join(s.dir, "server-holders")), [], "the ended session's record is removed");
  assert.ok(!s.log().includes(s.server.token), "no token in the log");
});

test("a job started with the URL in a session of its own (setsid) keeps the server up after the shell has gone", { skip, timeout: 120_000 }, async (t) => {
  // The shell starts a job that leaves its session, and exits; the job holds the variables.
  const s = await setup(`${EVAL}; echo "url $AWS_CONTAINER_CREDENTIALS_FULL_URI"; setsid -f sh -c 'echo "$$" > "$OUT/job.pid"; exec sleep 600' </dev/null >/dev/null 2>&1`);
  await until(() => existsSync(join(s.home, "job.pid")) && readFileSync(join(s.home, "job.pid"), "utf8").endsWith("\n"));
  const job = Number(readFileSync(join(s.home, "job.pid"), "utf8"));
  t.after(() => {
    if (alive(job)) process.kill(job, "SIGKILL");
    if (alive(s.server.pid)) process.kill(s.server.pid, "SIGTERM");
  });
  await new Promise<void>((ok) => (s.holder.child.exitCode !== null ? ok() : s.holder.child.once("exit", () => ok())));
  await until(() => s.log().includes(`idle for 2s, but staying up for 1 process holding its token (pid ${job})`));
  const squatter = await squat(s.port);
  assert.equal(squatter.result, "EADDRINUSE");
  assert.deepEqual(squatter.requests, []);
  process.kill(job, "SIGKILL");
  await until(() => !alive(s.server.pid));
  assert.match(s.log(), /nothing holds its URL; exiting/);
});
