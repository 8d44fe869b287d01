// SIGKILL at random moments, mostly while holding the lock and in the middle of writing
// large entries: the next reader sees a miss or a whole entry, and the next getOrCreate
// takes over the dead holder's lock once it is stale. No stopwatch: the lock's own clock
// (its mtime, which only a live holder refreshes) is moved, or the time it says is read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { getOrCreate, type CacheEntry } from "../../src/cache";
import { DEFAULT_LOCK_TIMING } from "../../src/cache/lock";
import { numbered, sampleKey, tempCache, type TempCache } from "./helpers";

const WRITER = join(__dirname, "fixtures", "writer.ts");
const STALE_MS = 2000;
const ITERATIONS = 30;
const LANES = 3; // independent cache directories killed in parallel, to keep the run short

/** The writer, and what it said on stderr (a lock taken from it says "lost the cache lock"). */
function startWriter(c: TempCache, extra: Record<string, string>): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER], {
    env: { ...process.env, ...c.env, KEY: sampleKey(), LOCK_STALE_MS: String(STALE_MS), ...extra },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    process.stderr.write(d);
  });
  return Object.assign(child, { stderrText: () => stderr });
}

/** What time passing does to a dead holder's lock: nobody refreshes it, so it grows older than `ms`. */
function ageLock(path: string, ms: number): void {
  const old = new Date(statSync(path).mtime.getTime() - ms - 1000);
  utimesSync(path, old, old);
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
    // From the writer's first lock on (not from its start, which a loaded machine delays
    // past any fixed sleep), a random moment: mostly while it holds the lock.
    while (!existsSync(join(c.dir, `${key}.lock`)) && child.exitCode === null) await sleep(5);
    await sleep(50 + Math.random() * 300);
    await kill(child);
    if (existsSync(join(c.dir, `${key}.lock`))) result.killedHoldingLock++;
    if (temporaryFiles().length > tempBefore) result.killedMidWrite++;

    const seen = await c.open({ staleMs: STALE_MS }).get(key);
    if (seen) assertWhole(seen);
    // The dead holder's lock as it is STALE_MS later; then no waiting at all (waitMs 0: one
    // attempt): a stale lock must be taken over at once, not after a wait.
    if (existsSync(join(c.dir, `${key}.lock`))) ageLock(join(c.dir, `${key}.lock`), STALE_MS);
    const { entry, hit } = await getOrCreate(c.open({ staleMs: STALE_MS, waitMs: 0 }), key, () => false, fresh);
    assert.equal(hit, false);
    assert.equal(entry.credentials.accessKeyId, "ASIA999", `iteration ${i}`);
    assertWhole((await c.open().get(key)) as CacheEntry);
    assert.deepEqual(c.warnings, [], `iteration ${i}: no corrupt entry was ever visible`);
  }
  return result;
}

test(`SIGKILL at random moments, ${ITERATIONS} times: next reader never sees a torn entry, next getOrCreate takes a stale lock at once`, { timeout: 300_000 }, async (t) => {
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
  const lock = join(c.dir, `${sampleKey()}.lock`);
  assert.ok(existsSync(lock), "the dead holder's lock is still there");
  const refreshed = statSync(lock).mtime.getTime(); // the holder's last word
  const started = Date.now();
  // Real time passes here. In seconds, not the default 2-minute wait for a live holder:
  // that would outlast this test's 60 s timeout.
  const { hit } = await getOrCreate(c.open(), sampleKey(), () => true, fresh);
  assert.equal(hit, false);
  // Taken over only once the lock was older than the default stale time (load only delays this).
  assert.ok(Date.now() > refreshed + DEFAULT_LOCK_TIMING.staleMs, "not taken over before the stale time");
  assert.equal(DEFAULT_LOCK_TIMING.staleMs, 5000);
  t.diagnostic(`stale lock recovered after ${Date.now() - started} ms (default stale time 5000 ms)`);
});

test("a live holder is waited for, not taken over, even past the stale time", { timeout: 60_000 }, async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const child = startWriter(c, { MODE: "hold", HOLD_MS: String(STALE_MS * 2) });
  await waitFor(child, "locked");
  const { entry, hit } = await getOrCreate(c.open({ staleMs: STALE_MS }), sampleKey(), () => true, fresh);
  // ASIA0 is written by the holder only after holding the lock for STALE_MS * 2 (its own
  // timer), and a waiter that had taken the lock over would have created ASIA999.
  assert.equal(hit, true, "the waiter read the holder's entry instead of creating its own");
  assert.equal(entry.credentials.accessKeyId, "ASIA0");
  await new Promise((r) => (child.exitCode === null ? child.once("exit", r) : r(null)));
  assert.equal(child.exitCode, 0);
  assert.doesNotMatch(child.stderrText(), /lost the cache lock/, "the holder kept its lock throughout");
});
