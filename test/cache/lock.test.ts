// Lock behaviour that needs no second process: giving up on a live holder, releasing on error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { UserError } from "../../src/errors";
import { sampleKey, tempCache } from "./helpers";

test("a waiter gives up on a live holder after waitMs with a UserError naming the lock", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const key = sampleKey();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let holding!: () => void;
  const started = new Promise<void>((r) => (holding = r));
  const holder = c.open().withLock(key, async () => {
    holding();
    await held;
  });
  await started;
  const t0 = Date.now();
  let ran = false;
  await assert.rejects(
    c.open({ waitMs: 600 }).withLock(key, async () => void (ran = true)),
    (e: unknown) => e instanceof UserError && e.message.includes(join(c.dir, `${key}.lock`)) && /MFA code/.test(e.hint ?? ""),
  );
  assert.equal(ran, false);
  assert.ok(Date.now() - t0 >= 500, "it waited");
  release();
  await holder;
  assert.equal(existsSync(join(c.dir, `${key}.lock`)), false, "released");
});

test("the lock is released when the function throws", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const key = sampleKey();
  await assert.rejects(c.open().withLock(key, async () => { await sleep(10); throw new Error("boom"); }), /boom/);
  assert.equal(existsSync(join(c.dir, `${key}.lock`)), false);
  assert.equal(await c.open({ waitMs: 300 }).withLock(key, async () => 7), 7);
  assert.deepEqual(c.warnings, []);
});
