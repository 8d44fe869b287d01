// A second local user for the tests that play another user of the machine (squatting the
// endpoint's port, flooding it with connections): created with useradd for one test file
// and removed after it; programs run as that user through runuser, optionally with a file
// limit of their own (an ordinary user's `ulimit -n` is often 1024). Needs root, and says so.
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";

export interface OtherUser {
  name: string;
  uid: number;
  /** Runs `node -e <code> <args>` as this user (cwd /), its stdout as lines. */
  node(code: string, args: string[], opts?: { nofile?: number }): RunningAs;
  remove(): void;
}

export interface RunningAs {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line that `match` accepts (rejects if the program exits first). */
  line(match: (line: string) => boolean): Promise<string>;
  /** Calls `fn` with every stdout line from now on. */
  onLine(fn: (line: string) => void): void;
  stop(): void;
}

let made = 0;

export function createOtherUser(): OtherUser {
  if (process.getuid?.() !== 0) throw new Error("this test plays another local user: run it as root (it uses useradd and runuser)");
  const name = `srtest${process.pid}x${made++}`.slice(0, 31);
  execFileSync("useradd", ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name], { stdio: "pipe" });
  const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
  const running: RunningAs[] = [];
  return {
    name,
    uid,
    node(code, args, opts = {}) {
      // The limit is lowered by the user's own shell (both soft and hard), as `ulimit -n` would.
      const limit = opts.nofile ? `ulimit -n ${opts.nofile} && ` : "";
      const child = spawn("runuser", ["-u", name, "--", "/bin/sh", "-c", `${limit}exec "$0" "$@"`, process.execPath, "-e", code, ...args], { cwd: "/", stdio: ["pipe", "pipe", "pipe"], detached: true });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const lines: string[] = [];
      const waiters: Array<{ match: (l: string) => boolean; ok: (l: string) => void }> = [];
      const input = createInterface({ input: child.stdout });
      input.on("line", (l) => {
        if (lines.length < 10_000) lines.push(l);
        for (const w of [...waiters]) {
          if (!w.match(l)) continue;
          waiters.splice(waiters.indexOf(w), 1);
          w.ok(l);
        }
      });
      const exited = new Promise<never>((_ok, fail) => child.on("exit", (c, s) => fail(new Error(`the other user's program exited (${c ?? s}) before saying what was expected: ${stderr.trim().split("\n").at(-1) ?? ""}`))));
      exited.catch(() => {});
      const r: RunningAs = {
        child,
        line: (match) => {
          const seen = lines.find(match);
          if (seen !== undefined) return Promise.resolve(seen);
          return Promise.race([new Promise<string>((ok) => waiters.push({ match, ok })), exited]);
        },
        // runuser and the program under it are a process group of their own (detached).
        onLine: (fn) => void input.on("line", fn),
        stop: () => {
          try {
            process.kill(-(child.pid as number), "SIGKILL");
          } catch {
            // already gone
          }
        },
      };
      running.push(r);
      return r;
    },
    remove() {
      for (const r of running) r.stop();
      // userdel refuses (8) while the user still has processes: they are being killed.
      for (let i = 0; i < 100 && spawnSync("userdel", [name]).status === 8; i++) spawnSync("sleep", ["0.1"]);
    },
  };
}

/**
 * The squatter: binds 127.0.0.1:<port> and answers every request 200 with credentials of
 * its own. Prints "listening" or the bind error's code, then one line per request saying
 * only whether it carried an Authorization header (never the header itself).
 */
export const SQUATTER = `
const port = Number(process.argv[1]);
const server = require("http").createServer((req, res) => {
  console.log(req.headers.authorization === undefined ? "request without a token" : "request WITH a token");
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ AccessKeyId: "ASIAIMPOSTORIMPOSTOR", SecretAccessKey: "x".repeat(40), Token: "y".repeat(64), Expiration: new Date(Date.now() + 3600e3).toISOString(), Proof: "forged" }));
});
server.on("error", (e) => { console.log(e.code); process.exit(0); });
server.listen({ port, host: "127.0.0.1", exclusive: true }, () => console.log("listening"));
`;

/**
 * The flood: keeps <count> idle TCP connections to 127.0.0.1:<port> (no request, no token),
 * opening a new one whenever one is closed. Prints {open, connects, failures} every 100 ms.
 */
export const FLOOD = `
const net = require("net");
const [port, count] = process.argv.slice(1).map(Number);
let open = 0, connects = 0, failures = 0;
function one() {
  let counted = false;
  const s = net.connect(port, "127.0.0.1");
  s.on("connect", () => { counted = true; open++; connects++; });
  s.on("error", () => failures++);
  s.on("close", () => { if (counted) open--; setTimeout(one, 10); });
}
for (let i = 0; i < count; i++) one();
setInterval(() => console.log(JSON.stringify({ open, connects, failures })), 100);
`;
