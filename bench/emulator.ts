// Emulator benchmark: start-up time (spawn to the listening line) and GetCallerIdentity
// throughput from concurrent keep-alive clients with pre-signed requests, next to a bare
// node:http server answering fixed XML (the baseline, measured in the same run).
// Load comes from several client processes, so the client is not the bottleneck.
// Run: npm run build && node --import tsx bench/emulator.ts [seconds] [concurrency] [client processes]
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { EMULATOR_JS } from "../test/helpers/emulator";
import { BASTION, writeWorld } from "../test/helpers/world";
import { signedRequest, type Raw } from "../test/emulator/signed-request";

const clientMode = process.argv[2] === "--client";
const argv = clientMode ? process.argv.slice(4) : process.argv.slice(2);
const seconds = Number(argv[0] ?? 3);
const concurrency = Number(argv[1] ?? 16);
const processes = Number(argv[2] ?? 1);

const BASELINE = `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => { const b = "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>x</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>"; s.writeHead(200, { "content-type": "text/xml", "content-length": b.length }); s.end(b); }); }).listen(0, "127.0.0.1", function () { process.stdout.write("listening on http://127.0.0.1:" + this.address().port + "\\n"); });`;

async function start(args: string[]): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((ok) => createInterface({ input: child.stdout! }).once("line", ok));
  return { child, url: line.replace("listening on ", ""), ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

async function load(url: string, pool: Raw[]): Promise<{ rps: number; errors: number }> {
  const u = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const end = Date.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  const one = (raw: Raw): Promise<void> =>
    new Promise((ok) => {
      const req = request({ agent, host: u.hostname, port: u.port, method: raw.method, path: raw.path, headers: raw.headers }, (res) => {
        if (res.statusCode !== 200) errors++;
        res.resume().on("end", ok);
      });
      req.on("error", () => (errors++, ok()));
      req.end(raw.body);
    });
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; Date.now() < end; i += concurrency) {
        await one(pool[i % pool.length]!);
        done++;
      }
    }),
  );
  agent.destroy();
  return { rps: done / ((Date.now() - t0) / 1000), errors };
}

/** Runs `processes` client processes against url for `seconds`; total calls/s. */
async function loadFrom(url: string): Promise<{ rps: number; errors: number }> {
  const runs = Array.from({ length: processes }, () => {
    const child = spawn(process.execPath, ["--import", "tsx", __filename, "--client", url, String(seconds), String(concurrency)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
    return new Promise<{ rps: number; errors: number }>((ok) => child.once("exit", () => ok(JSON.parse(out) as { rps: number; errors: number })));
  });
  const all = await Promise.all(runs);
  return { rps: all.reduce((a, r) => a + r.rps, 0), errors: all.reduce((a, r) => a + r.errors, 0) };
}

async function client(url: string): Promise<void> {
  const keys = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };
  const pool = await Promise.all(Array.from({ length: 64 }, () => signedRequest(url, keys, { Action: "GetCallerIdentity" })));
  await load(url, pool.slice(0, 8)); // warm-up
  process.stdout.write(JSON.stringify(await load(url, pool)));
}

async function main(): Promise<void> {
  const world = writeWorld(mkdtempSync(join(tmpdir(), "emu-bench-")));
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await start([EMULATOR_JS, "--world", world, "--port", "0"]);
    starts.push(s.ms);
    s.child.kill("SIGTERM");
  }
  const emu = await start([EMULATOR_JS, "--world", world, "--port", "0"]);
  const base = await start(["-e", BASELINE]);
  const e = await loadFrom(emu.url);
  const b = await loadFrom(base.url);
  emu.child.kill("SIGTERM");
  base.child.kill("SIGTERM");
  starts.sort((x, y) => x - y);
  console.log(`emulator start-up (spawn to listening line), median of 5: ${starts[2]!.toFixed(0)} ms`);
  console.log(`GetCallerIdentity, ${processes}x${concurrency} keep-alive clients, ${seconds} s: ${e.rps.toFixed(0)} calls/s (${e.errors} errors)`);
  console.log(`bare node:http baseline, same client:            ${b.rps.toFixed(0)} calls/s`);
  console.log(`emulator / baseline: ${(e.rps / b.rps).toFixed(2)}`);
  if (e.errors > 0) process.exitCode = 1;
}

if (clientMode) void client(process.argv[3]!);
else void main();
