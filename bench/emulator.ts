// Emulator benchmark: start-up time (spawn to the listening line) and GetCallerIdentity
// throughput from concurrent keep-alive clients with pre-signed requests, next to a bare
// node:http server answering fixed XML (the baseline, measured in the same run).
// Run: npm run build && node --import tsx bench/emulator.ts [seconds] [concurrency]
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { EMULATOR_JS } from "../test/helpers/emulator";
import { BASTION, writeWorld } from "../test/helpers/world";
import { signedRequest, type Raw } from "../test/emulator/signed-request";

const seconds = Number(process.argv[2] ?? 3);
const concurrency = Number(process.argv[3] ?? 16);

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
  const keys = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };
  const pool = await Promise.all(Array.from({ length: 256 }, () => signedRequest(emu.url, keys, { Action: "GetCallerIdentity" })));
  const basePool = pool.map((r) => ({ ...r, headers: { ...r.headers, host: new URL(base.url).host } }));
  await load(emu.url, pool.slice(0, 16)); // warm-up
  const e = await load(emu.url, pool);
  const b = await load(base.url, basePool);
  emu.child.kill("SIGTERM");
  base.child.kill("SIGTERM");
  starts.sort((x, y) => x - y);
  console.log(`emulator start-up (spawn to listening line), median of 5: ${starts[2]!.toFixed(0)} ms`);
  console.log(`GetCallerIdentity, ${concurrency} keep-alive clients, ${seconds} s: ${e.rps.toFixed(0)} calls/s (${e.errors} errors)`);
  console.log(`bare node:http baseline, same client:            ${b.rps.toFixed(0)} calls/s`);
  console.log(`emulator / baseline: ${(e.rps / b.rps).toFixed(2)}`);
  if (e.errors > 0) process.exitCode = 1;
}

void main();
