// The file store's behaviour on a healthy directory: round trips, listing, clearing, state file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, stateFile, type CacheEntry } from "../../src/cache";
import { roundTripped, sampleEntry, sampleKey, tempCache } from "./helpers";

test("put then get returns the same entry, from a fresh store (i.e. from disk)", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const key = sampleKey();
  const entry = sampleEntry();
  assert.equal(await c.open().get(key), undefined, "cold cache is a miss");
  await c.open().put(key, entry);
  const got = await c.open().get(key);
  assert.deepEqual(got, roundTripped(entry));
  assert.ok(got?.credentials.expiration instanceof Date);
  assert.deepEqual(readdirSync(c.dir).sort(), [`${key}.json`, "state"]);
  assert.deepEqual(c.warnings, []);
});

test("expired entries are still returned (the caller decides)", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const key = sampleKey();
  await c.open().put(key, sampleEntry("role", "old", -60_000));
  assert.equal((await c.open().get(key))?.credentials.sessionToken, "token-old");
});

test("the long-term secret is never stored: entries without session token or expiration are rejected", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const key = sampleKey();
  const longTerm = { ...sampleEntry(), credentials: { accessKeyId: "AKIA", secretAccessKey: "s" } } as unknown as CacheEntry;
  await assert.rejects(c.open().put(key, longTerm), /long-term keys are never cached/);
  const noExpiry = sampleEntry();
  (noExpiry.credentials as { expiration?: Date }).expiration = undefined;
  await assert.rejects(c.open().put(key, noExpiry), /session token and expiration/);
  await assert.rejects(c.open().put(sampleKey("mfa-session"), sampleEntry("role")), /does not match key kind/);
  await assert.rejects(c.open().put("../../etc/passwd", sampleEntry()), /invalid cache key/);
  assert.throws(() => statSync(join(c.dir, `${key}.json`)), /ENOENT/);
});

test("list shows valid entries only and ignores locks, temporary files and the state file", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const cache = c.open();
  const mfaKey = sampleKey("mfa-session");
  const roleKey = sampleKey("role");
  await cache.put(mfaKey, sampleEntry("mfa-session", "m"));
  await cache.put(roleKey, sampleEntry("role", "r"));
  mkdirSync(join(c.dir, `${roleKey}.lock`));
  writeFileSync(join(c.dir, `${roleKey}.json.123456`), "{", { mode: 0o600 });
  writeFileSync(join(c.dir, "README"), "hello", { mode: 0o600 });
  const listed = await c.open().list();
  assert.deepEqual(listed.map((l) => [l.key, l.entry.credentials.sessionToken, l.path]).sort(), [
    [mfaKey, "token-m", join(c.dir, `${mfaKey}.json`)],
    [roleKey, "token-r", join(c.dir, `${roleKey}.json`)],
  ]);
  assert.deepEqual(c.warnings, []);
});

test("delete and clear (with and without a filter) remove files and count them", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const cache = c.open();
  const keys = ["a", "b", "c"].map((r) => sampleKey("role", `arn:aws:iam::123456789012:role/${r}`));
  for (const [i, k] of keys.entries()) await cache.put(k, { ...sampleEntry("role", String(i)), meta: { ...sampleEntry().meta, roleName: `r${i}` } });
  await cache.put(sampleKey("mfa-session"), sampleEntry("mfa-session"));
  assert.equal(await cache.delete(keys[0] as string), true);
  assert.equal(await cache.delete(keys[0] as string), false);
  assert.equal(await cache.clear((e) => e.meta.roleName === "r1"), 1);
  assert.deepEqual((await cache.list()).map((l) => l.entry.meta.roleName).sort(), ["dev", "r2"]);
  writeFileSync(join(c.dir, `${sampleKey("role", "x")}.json`), "garbage", { mode: 0o600 });
  writeFileSync(join(c.dir, `${keys[2]}.json.99`), "partial", { mode: 0o600 });
  assert.equal(await cache.clear(), 3, "clear without filter removes unreadable entries too");
  assert.deepEqual(readdirSync(c.dir), ["state"], "and leftover temporary files");
});

test("the state file's mtime moves forward (by whole seconds) on put, delete and clear", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const cache = c.open();
  const key = sampleKey();
  const mtimes: number[] = [];
  const seconds = () => Math.floor(statSync(stateFile(c.dir)).mtimeMs / 1000);
  await cache.put(key, sampleEntry());
  mtimes.push(seconds());
  await cache.put(key, sampleEntry("role", "2"));
  mtimes.push(seconds());
  await cache.delete(key);
  mtimes.push(seconds());
  await cache.put(key, sampleEntry());
  mtimes.push(seconds());
  await cache.clear();
  mtimes.push(seconds());
  for (let i = 1; i < mtimes.length; i++) assert.ok((mtimes[i] as number) > (mtimes[i - 1] as number), `mtimes ${mtimes.join(",")}`);
  const before = seconds();
  assert.equal(await cache.delete(key), false);
  assert.equal(seconds(), before, "nothing changed, nothing touched");
});

test("cacheDir: $XDG_CACHE_HOME/switchrole, else ~/.cache/switchrole (a relative XDG value is ignored)", () => {
  assert.equal(cacheDir({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/a" }), "/x/cache/switchrole");
  assert.equal(cacheDir({ HOME: "/home/a" }), "/home/a/.cache/switchrole");
  assert.equal(cacheDir({ XDG_CACHE_HOME: "", HOME: "/home/a" }), "/home/a/.cache/switchrole");
  assert.equal(cacheDir({ XDG_CACHE_HOME: "rel/cache", HOME: "/home/a" }), "/home/a/.cache/switchrole");
  assert.equal(stateFile("/x/cache/switchrole"), "/x/cache/switchrole/state");
});

test("put sweeps temporary files a killed writer left over a minute ago, and keeps recent ones", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const key = sampleKey();
  await c.open().put(key, sampleEntry());
  const old = join(c.dir, `${key}.json.111`);
  const recent = join(c.dir, `${key}.json.222`);
  writeFileSync(old, "{", { mode: 0o600 });
  writeFileSync(recent, "{", { mode: 0o600 });
  const twoMinutesAgo = (Date.now() - 120_000) / 1000;
  utimesSync(old, twoMinutesAgo, twoMinutesAgo);
  await c.open().put(key, sampleEntry("role", "2"));
  assert.deepEqual(readdirSync(c.dir).sort(), [`${key}.json`, `${key}.json.222`, "state"]);
});

test("cacheDir: an empty or relative HOME never puts the cache in the current directory", async () => {
  const { homedir } = await import("node:os");
  for (const HOME of ["", "relative/home", "."]) {
    const dir = cacheDir({ HOME });
    assert.ok(dir.startsWith("/"), dir);
    assert.equal(dir, `${homedir()}/.cache/switchrole`);
  }
});
