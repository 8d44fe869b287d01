// A server.json left behind by a server that died (SIGKILL, reboot): its pid may now be
// another user's process, and its port another user's listener. Such a pid is not our
// server, so the check must not send it the token, nor trust its "200" and point new
// shells at a port someone else holds (who could then hand out credentials of their own).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { chmodSync, rmSync } from "node:fs";
import { buildSync } from "esbuild";
import { which } from "../helpers/programs";
import { ROOT } from "../helpers/home";
import { tempDir } from "../helpers/tmp";

const notRoot = process.getuid?.() !== 0 ? "needs root, to run as another user" : false;

test("isAlive: a pid owned by another user is not our server, and gets no token", { skip: notRoot || (which("setpriv") ? false : "setpriv is not installed") }, async (t) => {
  const seen: Array<string | undefined> = [];
  // The other user's listener on the dead server's port: answers 200 to anything.
  const squatter = createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.end("{}");
  });
  await new Promise<void>((r) => squatter.listen(0, "127.0.0.1", r));
  t.after(() => squatter.close());
  const port = (squatter.address() as AddressInfo).port;
  // The dead server's pid, reused by a process of a user other than the one checking.
  // Until the test ends, however long a loaded machine makes it (a 30 s sleep could end
  // first, and a dead pid would pass the check below for the wrong reason).
  const other = spawn("sleep", ["infinity"], { stdio: "ignore" });
  t.after(() => other.kill());
  const state = { version: 1, pid: other.pid, url: `http://127.0.0.1:${port}`, token: "A".repeat(43), startedAt: new Date().toISOString() };
  // The other user cannot be expected to read this checkout (a fresh clone may sit in a
  // 0700 directory), so the check is bundled into a world-readable directory of its own.
  const dir = tempDir("stale-server-");
  chmodSync(dir, 0o755);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, "is-alive.js");
  buildSync({
    stdin: { contents: `require(${JSON.stringify(join(ROOT, "src/server/state.ts"))}).isAlive(${JSON.stringify(state)}).then((a) => process.stdout.write(String(a)))`, resolveDir: ROOT, loader: "ts" },
    bundle: true, platform: "node", format: "cjs", outfile: bundle, logLevel: "error",
  });
  chmodSync(bundle, 0o644);
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, bundle], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    p.stdout.on("data", (d: Buffer) => (text += d.toString()));
    p.on("error", reject);
    p.on("exit", () => resolve(text));
  });
  assert.equal(other.exitCode ?? other.signalCode, null, "the pid's process was still running when checked");
  assert.equal(out, "false", "not alive");
  assert.deepEqual(seen, [], "the squatter was never asked, so never saw the token");
});
