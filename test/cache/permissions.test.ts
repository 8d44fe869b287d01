// Modes at creation and refusal of directories and entries others could write or own.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stateFile } from "../../src/cache";
import { serializeEntry } from "../../src/cache/entry";
import { untrusted } from "../../src/cache/permissions";
import { sampleEntry, sampleKey, tempCache, type TempCache } from "./helpers";

let savedUmask = 0;
before(() => {
  savedUmask = process.umask(0); // nothing hides a wrong mode passed at creation
});
after(() => process.umask(savedUmask));

const mode = (p: string) => statSync(p).mode & 0o777;
const isRoot = process.getuid?.() === 0;

test("under umask 0 the directory is created 0700 and every file 0600", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const key = sampleKey();
  const cache = c.open();
  await cache.withLock(key, () => cache.put(key, sampleEntry()));
  assert.equal(mode(c.dir), 0o700);
  assert.equal(mode(join(c.dir, `${key}.json`)), 0o600);
  assert.equal(mode(stateFile(c.dir)), 0o600);
  assert.deepEqual(readdirSync(c.dir).sort(), [`${key}.json`, "state"], "no lock or temporary file left behind");
});

/** A cache with one good entry, then broken by `breakIt`; checks the refusal end to end. */
async function assertRefused(c: TempCache, breakIt: (entryPath: string) => void, expectInLine: RegExp, path: string) {
  const key = sampleKey();
  const entryPath = join(c.dir, `${key}.json`);
  await c.open().put(key, sampleEntry());
  breakIt(entryPath);
  const before = readdirSync(c.dir).sort();
  const cache = c.open();
  assert.equal(await cache.get(key), undefined, "a get is a miss");
  assert.equal(await cache.get(key), undefined);
  await cache.put(sampleKey("mfa-session"), sampleEntry("mfa-session"));
  assert.equal(await cache.withLock(key, async () => 42), 42, "withLock still runs the function");
  assert.deepEqual(await cache.list(), []);
  assert.deepEqual(readdirSync(c.dir).sort(), before, "nothing written");
  assert.equal(c.warnings.length, 1, `exactly one warning: ${c.warnings.join(" / ")}`);
  const line = c.warnings[0] as string;
  assert.ok(line.includes(path), `warning names ${path}: ${line}`);
  assert.match(line, expectInLine);
  assert.doesNotMatch(line, /\n/);
  assert.doesNotMatch(line, /secret-|token-/, "no secrets in the warning");
}

test("a world-writable directory is refused", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  await assertRefused(c, () => chmodSync(c.dir, 0o777), /writable by everyone.*chmod 700/, c.dir);
});

test("a group-writable entry is refused", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  await assertRefused(c, (p) => chmodSync(p, 0o620), /writable by its group.*chmod 600/, join(c.dir, `${sampleKey()}.json`));
});

test("a directory owned by another user is refused", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  if (isRoot) {
    await assertRefused(c, () => chownSync(c.dir, 65534, 65534), /owned by uid 65534, not you \(uid 0\)/, c.dir);
  } else {
    // Without root we cannot chown; a symlink to a root-owned directory is just as foreign.
    mkdirSync(join(c.root, "xdg"));
    symlinkSync("/usr", c.dir);
    assert.equal(await c.open().get(sampleKey()), undefined);
    await c.open().put(sampleKey(), sampleEntry());
    assert.equal(c.warnings.length, 1);
    assert.match(c.warnings[0] as string, /owned by uid 0, not you/);
  }
});

test("an entry owned by another user is refused", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const path = join(c.dir, `${sampleKey()}.json`);
  if (isRoot) {
    await assertRefused(c, (p) => chownSync(p, 65534, 65534), /owned by uid 65534/, path);
  } else {
    // Without root no file of ours can have another owner; check the decision the store makes on it.
    assert.match(untrusted(path, { uid: (process.getuid?.() ?? 0) + 1, mode: 0o100600 }, false)?.line ?? "", /is owned by uid/);
  }
});

test("the ownership check itself (any uid)", () => {
  const uid = process.getuid?.() ?? 0;
  assert.equal(untrusted("/x", { uid, mode: 0o40700 }, true), undefined);
  assert.equal(untrusted("/x", { uid, mode: 0o40755 }, true), undefined, "readable is fine, writable is not");
  assert.match(untrusted("/x", { uid: uid + 1, mode: 0o40700 }, true)?.line ?? "", /\/x is owned by uid/);
  assert.match(untrusted("/x/f", { uid, mode: 0o100602 }, false)?.line ?? "", /writable by everyone \(mode 602\); fix: chmod 600 \/x\/f/);
});

test("a directory that does not exist is a quiet miss and is not created by reads", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const cache = c.open();
  assert.equal(await cache.get(sampleKey()), undefined);
  assert.deepEqual(await cache.list(), []);
  assert.equal(await cache.clear(), 0);
  assert.throws(() => statSync(c.dir), /ENOENT/);
  assert.deepEqual(c.warnings, []);
});

test("an existing 0700 directory with a 0600 entry written by hand is trusted", async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  mkdirSync(c.dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(c.dir, `${sampleKey()}.json`), serializeEntry(sampleEntry()), { mode: 0o600 });
  assert.equal((await c.open().get(sampleKey()))?.credentials.sessionToken, "token-1");
  assert.deepEqual(c.warnings, []);
});
