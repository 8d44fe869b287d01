// The cache directory must not be replaceable by another user after it was checked: a
// symlink someone else owns, or a parent directory someone else owns or can write (without
// the sticky bit), lets them swap the directory between the check and the write (during
// an MFA prompt, say) and collect the credentials or plant entries and server.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, lchownSync, mkdirSync, readdirSync, rmSync, symlinkSync, chownSync } from "node:fs";
import { join } from "node:path";
import { openCache } from "../../src/cache";
import { ensureServerDir, readState } from "../../src/server/state";
import { sampleEntry, sampleKey } from "../cache/helpers";
import { tempDir } from "../helpers/tmp";

const ATTACKER = 65534; // nobody
const notRoot = process.getuid?.() !== 0 ? "needs root, to make files owned by another user" : false;

function setup() {
  const root = tempDir("sr-sec-chain-");
  const shared = join(root, "shared"); // like /tmp: world-writable, sticky
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  const mine = join(root, "mine"); // a directory of the victim's own
  mkdirSync(mine, { mode: 0o700 });
  return { root, shared, mine, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

async function expectRefused(xdg: string, victimDir: string) {
  const warnings: string[] = [];
  const env = { HOME: "/nonexistent", XDG_CACHE_HOME: xdg };
  const cache = openCache(env, { warn: (l) => warnings.push(l) });
  const key = sampleKey();
  await cache.withLock(key, () => cache.put(key, sampleEntry()));
  assert.equal(await cache.get(key), undefined, "nothing cached");
  assert.equal(warnings.length, 1, `one warning: ${warnings.join(" / ")}`);
  assert.match(warnings[0] as string, /not using the credential cache/);
  assert.deepEqual(readdirSync(victimDir), [], "nothing written through the other user's path");
  assert.throws(() => ensureServerDir(env), /could|owned|writable/);
  assert.equal(readState(env), undefined);
}

test("a cache directory that is a symlink owned by another user is refused", { skip: notRoot }, async (t) => {
  const s = setup();
  t.after(s.cleanup);
  const link = join(s.shared, "switchrole");
  symlinkSync(s.mine, link); // points at a directory the victim owns, 0700: passes a stat()
  lchownSync(link, ATTACKER, ATTACKER);
  await expectRefused(s.shared, s.mine);
});

test("a cache directory inside a directory another user owns is refused", { skip: notRoot }, async (t) => {
  const s = setup();
  t.after(s.cleanup);
  const theirs = join(s.shared, "theirs");
  mkdirSync(theirs, { mode: 0o755 });
  chownSync(theirs, ATTACKER, ATTACKER); // they can rename our directory away and put theirs
  const dir = join(theirs, "switchrole");
  mkdirSync(dir, { mode: 0o700 });
  await expectRefused(theirs, dir);
});

test("a cache directory inside a world-writable directory without the sticky bit is refused", async (t) => {
  const s = setup();
  t.after(s.cleanup);
  const open = join(s.root, "open");
  mkdirSync(open);
  chmodSync(open, 0o777);
  const dir = join(open, "switchrole");
  mkdirSync(dir, { mode: 0o700 });
  await expectRefused(open, dir);
});

test("our own directory in a sticky shared directory, or reached through our own symlink, is used", async (t) => {
  const s = setup();
  t.after(s.cleanup);
  for (const xdg of [s.shared, join(s.root, "link-to-mine")]) {
    if (xdg !== s.shared) symlinkSync(s.mine, xdg);
    const warnings: string[] = [];
    const env = { HOME: "/nonexistent", XDG_CACHE_HOME: xdg };
    const cache = openCache(env, { warn: (l) => warnings.push(l) });
    const key = sampleKey();
    await cache.withLock(key, () => cache.put(key, sampleEntry()));
    assert.ok(await cache.get(key), `cached under ${xdg}`);
    assert.deepEqual(warnings, []);
    assert.ok(existsSync(ensureServerDir(env)));
  }
});
