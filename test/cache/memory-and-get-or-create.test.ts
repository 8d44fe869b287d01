// In-process behaviour of getOrCreate, the memory cache and the disabled store.
import { test } from "node:test";
import assert from "node:assert/strict";
import { getOrCreate, memoryCache, openCache, type CacheEntry, type CredentialCache } from "../../src/cache";
import { sampleEntry, sampleKey, tempCache } from "./helpers";

function counting(tag = "new") {
  let calls = 0;
  return {
    calls: () => calls,
    create: async (): Promise<CacheEntry> => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return sampleEntry("role", `${tag}${calls}`);
    },
  };
}

const stores: Array<[string, () => { cache: CredentialCache; cleanup(): void }]> = [
  ["memory cache", () => ({ cache: memoryCache(), cleanup: () => undefined })],
  ["file cache", () => { const c = tempCache(); return { cache: c.open(), cleanup: c.cleanup }; }],
];

for (const [name, make] of stores) {
  test(`${name}: getOrCreate misses, then hits; an unusable entry is replaced`, async (t) => {
    const { cache, cleanup } = make();
    t.after(cleanup);
    const key = sampleKey();
    const c = counting();
    const first = await getOrCreate(cache, key, () => true, c.create);
    assert.deepEqual([first.hit, first.entry.credentials.sessionToken], [false, "token-new1"]);
    const second = await getOrCreate(cache, key, () => true, c.create);
    assert.deepEqual([second.hit, second.entry.credentials.sessionToken], [true, "token-new1"]);
    const third = await getOrCreate(cache, key, (e) => e.credentials.sessionToken !== "token-new1", c.create);
    assert.deepEqual([third.hit, third.entry.credentials.sessionToken], [false, "token-new2"]);
    assert.equal(c.calls(), 2);
  });

  test(`${name}: concurrent getOrCreate in one process creates once`, async (t) => {
    const { cache, cleanup } = make();
    t.after(cleanup);
    const c = counting();
    const results = await Promise.all(Array.from({ length: 10 }, () => getOrCreate(cache, sampleKey(), () => true, c.create)));
    assert.equal(c.calls(), 1);
    assert.equal(results.filter((r) => !r.hit).length, 1);
    assert.ok(results.every((r) => r.entry.credentials.sessionToken === "token-new1"));
  });

  test(`${name}: a failing create releases the lock and stores nothing`, async (t) => {
    const { cache, cleanup } = make();
    t.after(cleanup);
    await assert.rejects(getOrCreate(cache, sampleKey(), () => true, async () => { throw new Error("AccessDenied"); }), /AccessDenied/);
    assert.equal(await cache.get(sampleKey()), undefined);
    const ok = await getOrCreate(cache, sampleKey(), () => true, counting().create);
    assert.equal(ok.hit, false);
  });
}

test("memory cache returns copies: mutating a result does not change the store", async () => {
  const cache = memoryCache();
  await cache.put(sampleKey(), sampleEntry());
  const got = (await cache.get(sampleKey())) as CacheEntry;
  got.credentials.sessionToken = "changed";
  assert.equal((await cache.get(sampleKey()))?.credentials.sessionToken, "token-1");
});

test("disabled (--no-cache): nothing read or written, create runs every time", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  await c.open().put(sampleKey(), sampleEntry());
  const cache = openCache(c.env, { disabled: true, warn: (l) => c.warnings.push(l) });
  assert.equal(await cache.get(sampleKey()), undefined);
  const counter = counting();
  await getOrCreate(cache, sampleKey(), () => true, counter.create);
  await getOrCreate(cache, sampleKey(), () => true, counter.create);
  assert.equal(counter.calls(), 2);
  assert.equal((await c.open().get(sampleKey()))?.credentials.sessionToken, "token-1", "the file was not touched");
  assert.deepEqual(c.warnings, []);
});
