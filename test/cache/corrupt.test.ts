// Bad entry files are misses with exactly one warning naming the file, never a crash.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serializeEntry } from "../../src/cache/entry";
import { sampleEntry, sampleKey, tempCache } from "./helpers";

const valid = serializeEntry(sampleEntry());
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of parsed JSON
const edit = (f: (o: Record<string, any>) => void) => {
  const o = JSON.parse(valid);
  f(o);
  return JSON.stringify(o);
};

const cases: Array<[string, string, RegExp]> = [
  ["garbage", "\u0000\u00ffnot json at all", /not valid JSON/],
  ["truncated", valid.slice(0, Math.floor(valid.length / 2)), /not valid JSON/],
  ["empty", "", /empty file/],
  ["whitespace only", "  \n", /empty file/],
  ["an array", "[1,2]", /not a JSON object/],
  ["unknown version", edit((o) => (o.version = 2)), /unknown version 2/],
  ["missing version", edit((o) => delete o.version), /unknown version/],
  ["wrong kind for the file name", edit((o) => (o.kind = "mfa-session")), /kind "mfa-session" does not match/],
  ["expiration a number", edit((o) => (o.credentials.expiration = 123)), /expiration is not a date/],
  ["expiration not a date", edit((o) => (o.credentials.expiration = "tomorrow")), /expiration is not a date/],
  ["accessKeyId a number", edit((o) => (o.credentials.accessKeyId = 5)), /accessKeyId/],
  ["missing sessionToken (long-term keys)", edit((o) => delete o.credentials.sessionToken), /sessionToken/],
  ["credentials null", edit((o) => (o.credentials = null)), /credentials are missing/],
  ["meta missing", edit((o) => delete o.meta), /meta is not an object/],
  ["meta.roleArn wrong type", edit((o) => (o.meta.roleArn = ["x"])), /meta.roleArn is not a string/],
];

for (const [name, content, reason] of cases) {
  test(`entry file: ${name} -> miss with one warning naming the file`, async (t) => {
    const c = tempCache();
    t.after(c.cleanup);
    const key = sampleKey();
    const path = join(c.dir, `${key}.json`);
    mkdirSync(c.dir, { recursive: true, mode: 0o700 });
    writeFileSync(path, content, { mode: 0o600 });
    const cache = c.open();
    assert.equal(await cache.get(key), undefined);
    assert.equal(await cache.get(key), undefined);
    assert.deepEqual(await cache.list(), []);
    assert.equal(c.warnings.length, 1, c.warnings.join(" / "));
    assert.ok(c.warnings[0]?.includes(path), c.warnings[0]);
    assert.match(c.warnings[0] as string, reason);
    assert.doesNotMatch(c.warnings[0] as string, /secret-1|token-1/, "never echo the file's secrets");
    // The cache is still usable: the next fetch replaces the bad entry.
    await cache.put(key, sampleEntry("role", "new"));
    assert.equal((await c.open().get(key))?.credentials.sessionToken, "token-new");
  });
}

test("an entry that is a symbolic link is not followed", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const key = sampleKey();
  mkdirSync(c.dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(c.root, "elsewhere.json"), valid, { mode: 0o600 });
  symlinkSync(join(c.root, "elsewhere.json"), join(c.dir, `${key}.json`));
  assert.equal(await c.open().get(key), undefined);
  assert.match(c.warnings.join("\n"), /is a symbolic link/);
});

test("an entry that is a directory is a miss, not a crash", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const key = sampleKey();
  mkdirSync(join(c.dir, `${key}.json`), { recursive: true, mode: 0o700 });
  assert.equal(await c.open().get(key), undefined);
  assert.equal(c.warnings.length, 1);
});
