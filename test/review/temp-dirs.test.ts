// The tests' temporary directories (test/helpers/tmp.ts) are removed when the test process
// that made them exits, however it exits, and kept on request for a look after a failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/home";

const MAKE_TWO_AND_EXIT_3 = `
const { mkdirSync, writeFileSync } = require("node:fs");
const { tempDir } = require(${JSON.stringify(join(ROOT, "test/helpers/tmp.ts"))});
const dirs = [tempDir("switchrole-tmp-check-"), tempDir("switchrole-tmp-check-")];
mkdirSync(dirs[0] + "/a/b", { recursive: true });
writeFileSync(dirs[0] + "/a/b/f", "kept?", { mode: 0o400 });
console.log(dirs.join("\\n"));
process.exit(3);
`;

function made(keep: string | undefined): string[] {
  const env = { ...process.env };
  if (keep === undefined) delete env.SWITCHROLE_TEST_KEEP_TMP;
  else env.SWITCHROLE_TEST_KEEP_TMP = keep;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", MAKE_TWO_AND_EXIT_3], { env, encoding: "utf8" });
  assert.equal(r.status, 3, r.stderr);
  const dirs = r.stdout.trim().split("\n");
  assert.equal(dirs.length, 2);
  for (const d of dirs) assert.match(d, /switchrole-tmp-check-[A-Za-z0-9]{6}$/);
  assert.notEqual(dirs[0], dirs[1]);
  return dirs;
}

test("temporary directories are removed, with what is in them, when the process exits", () => {
  for (const d of made(undefined)) assert.equal(existsSync(d), false, `${d} is still there`);
});

test("SWITCHROLE_TEST_KEEP_TMP=1 keeps them", () => {
  const dirs = made("1");
  try {
    assert.equal(readFileSync(join(dirs[0]!, "a/b/f"), "utf8"), "kept?");
    assert.equal(existsSync(dirs[1]!), true);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
