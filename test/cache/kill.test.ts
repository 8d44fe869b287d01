// SIGKILL at random moments, mostly while holding the lock and in the middle of writing
// large entries: the next reader sees a miss or a whole entry, and the next getOrCreate
// takes over the dead holder's lock within seconds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { getOrCreate, type CacheEntry } from "../../src/cache";
import { numbered, sampleKey, tempCache, type TempCache } from "./helpers";

const WRITER = join(__dirname, "fixtures", "writer.ts");
const STALE_MS = 2000;
const ITERATIONS = 30;
const LANES = 3; // independent cache directories killed in parallel, to keep the run short

function startWriter(c: TempCache, extra: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", WRITER], {
    env: { ...process.env, ...c.env, KEY: sampleKey(), LOCK_STALE_MS: String(STALE_MS), ...extra },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function waitFor(child: ChildProcess, word: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes(`${word}\n`)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`writer exited (${code}) before "${word}"`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

/** A whole entry written by the writer: every field carries the same number. */
function assertWhole(e: CacheEntry): void {
  const seq = Number(e.credentials.accessKeyId.slice(4));
  assert.deepEqual(e.credentials.secretAccessKey, `secret-${seq}`);
  assert.equal(e.meta.accountName, `seq-${seq}`);
  const pad = e.credentials.sessionToken.slice(`token-${seq}-`.length);
  assert.ok(pad === "held" || pad === "x".repeat(300_000) || pad === "fresh", "token is whole");
}

const fresh = async (): Promise<CacheEntry> => ({ ...numbered(999, "fresh") });

interface LaneResult {
  killedHoldingLock: number;
  killedMidWrite: number;
}

async function killLane(c: TempCache, iterations: number): Promise<LaneResult> {
  const key = sampleKey();
  const result = { killedHoldingLock: 0, killedMidWrite: 0 };
  const temporaryFiles = () => readdirSync(c.dir).filter((n) => /\.json\.\d+$/.test(n));
  for (let i = 0; i < iterations; i++) {
    const tempBefore = existsSync(c.dir) ? temporaryFiles().length : 0;
    const child = startWriter(c, { MODE: "loop" });
    await waitFor(child, "ready");
    await sleep(50 + Math.random() * 300);
    await kill(child);
    if (existsSync(join(c.dir, `${key}.lock`))) result.killedHoldingLock++;
    if (temporaryFiles().length > tempBefore) result.killedMidWrite++;

    const cache = c.open({ staleMs: STALE_MS });
    const seen = await cache.get(key);
    if (seen) assertWhole(seen);
    const started = Date.now();
    const { entry, hit } = await getOrCreate(cache, key, () => false, fresh);
    const elapsed = Date.now() - started;
    assert.equal(hit, false);
    assert.equal(entry.credentials.accessKeyId, "ASIA999");
    assert.ok(elapsed < STALE_MS + 4000, `iteration ${i}: getOrCreate took ${elapsed} ms`);
    assertWhole((await c.open().get(key)) as CacheEntry);
    assert.deepEqual(c.warnings, [], `iteration ${i}: no corrupt entry was ever visible`);
  }
  return result;
}

test(`SIGKILL at random moments, ${ITERATIONS} times: next reader never sees a torn entry, next getOrCreate is prompt`, { timeout: 300_000 }, async (t) => {
  const lanes = Array.from({ length: LANES }, () => tempCache());
  t.after(() => lanes.forEach((c) => c.cleanup()));
  const results = await Promise.all(lanes.map((c) => killLane(c, ITERATIONS / LANES)));
  const held = results.reduce((n, r) => n + r.killedHoldingLock, 0);
  const midWrite = results.reduce((n, r) => n + r.killedMidWrite, 0);
  t.diagnostic(`killed while holding the lock: ${held}/${ITERATIONS}; killed mid-write (temporary file left): ${midWrite}`);
  assert.ok(held >= ITERATIONS / 3, `the test must kill lock holders (only ${held})`);
});

test("a lock left by a SIGKILLed holder is taken over after the default stale time, in seconds", { timeout: 60_000 }, async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const child = startWriter(c, { MODE: "hold", LOCK_STALE_MS: "" });
  await waitFor(child, "locked");
  await kill(child);
  assert.ok(existsSync(join(c.dir, `${sampleKey()}.lock`)), "the dead holder's lock is still there");
  const started = Date.now();
  const { hit } = await getOrCreate(c.open(), sampleKey(), () => true, fresh);
  const elapsed = Date.now() - started;
  assert.equal(hit, false);
  assert.ok(elapsed < 5000 + 4000, `took ${elapsed} ms`);
  t.diagnostic(`stale lock recovered after ${elapsed} ms (default stale time 5000 ms)`);
});

test("a live holder is waited for, not taken over, even past the stale time", { timeout: 60_000 }, async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const child = startWriter(c, { MODE: "hold", HOLD_MS: String(STALE_MS * 2) });
  await waitFor(child, "locked");
  const started = Date.now();
  const { entry, hit } = await getOrCreate(c.open({ staleMs: STALE_MS }), sampleKey(), () => true, fresh);
  assert.equal(hit, true, "the waiter read the holder's entry instead of creating its own");
  assert.equal(entry.credentials.accessKeyId, "ASIA0");
  assert.ok(Date.now() - started >= STALE_MS * 2 - 500);
  await new Promise((r) => (child.exitCode === null ? child.once("exit", r) : r(null)));
  assert.equal(child.exitCode, 0);
});
