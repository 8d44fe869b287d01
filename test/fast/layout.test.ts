// The two snapshot layouts (src/cache/fast.ts): bash's and zsh's, walked in order, and
// fish's, sliced where its header says. Both hold the same facts, and parseSnapshot (what
// `switchrole plan` reads) reads them back alike: with and without a state file, with
// empty lists and hostile values. The shells reading them: roundtrip.test.ts, sr.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAST_MAGIC, FAST_MAGIC_FISH, fastName, parseSnapshot, snapshotText, type FastOutcome, type Front, type SnapshotFields } from "../../src/cache/fast";
import { bashFast, fishFast } from "../../src/shells/fast";
import { skipUnless } from "../helpers/programs";
import { HOSTILE } from "../shells/hostile";
import { tempDir } from "../helpers/tmp";

function world(withState: boolean): { home: string; env: NodeJS.ProcessEnv; cache: string } {
  const home = tempDir("switchrole-layout-");
  const cache = join(home, ".cache", "switchrole");
  mkdirSync(cache, { recursive: true, mode: 0o700 });
  mkdirSync(join(home, ".aws"));
  writeFileSync(join(home, ".aws", "config"), "[default]\n");
  writeFileSync(join(home, ".aws", "credentials"), "");
  if (withState) writeFileSync(join(cache, "state"), "");
  return { home, cache, env: { HOME: home, AWS_PROFILE_ASSUME_ROLE: "bastion" } };
}

const outcome = (front: Front, args: string[], vars: FastOutcome["vars"]): FastOutcome => ({
  front,
  args,
  vars,
  expiresAt: 1_800_000_000_000,
  deadline: 1_799_999_700_000,
  say: "said\n",
  who: "private_aws (123456789012) as sample_switch_role",
});

const HOSTILE_VALUES = HOSTILE.map(([, v]) => v).filter((v) => !v.includes("\0"));

for (const withState of [true, false]) {
  for (const [label, args, vars] of [
    ["a role", ["private_aws", "sample_switch_role"], [["AWS_ACCESS_KEY_ID", "ASIA1"], ["AWS_REGION", "eu-west-1"], ["AWS_PROFILE", null]]],
    ["no arguments, nothing to unset", [], [["AWS_ACCESS_KEY_ID", "ASIA1"]]],
    ["hostile values", ["a b", "c"], HOSTILE_VALUES.map((v, i): [string, string] => [`V${i}`, v])],
  ] as const) {
    test(`${withState ? "with" : "without"} a state file, ${label}: both layouts say the same`, () => {
      const w = world(withState);
      try {
        const reads = ["AWS_PROFILE_ASSUME_ROLE", "AWS_REGION", "AWS_ROLE_SESSION_TIMEOUT"];
        const read = (front: Front): SnapshotFields => {
          const text = snapshotText(outcome(front, [...args], vars as FastOutcome["vars"]), w.env, reads, w.cache);
          assert.ok(text.endsWith("end\0"));
          const got = parseSnapshot(text);
          assert.ok(got, `${front}: read back`);
          return got;
        };
        const posix = read("sr-bash");
        const fish = read("sr-fish");
        assert.equal(posix.magic, FAST_MAGIC);
        assert.equal(fish.magic, FAST_MAGIC_FISH);
        assert.deepEqual({ ...fish, magic: "" }, { ...posix, magic: "" });
        assert.deepEqual(posix.args, args);
        assert.equal(posix.state === "-", !withState);
        assert.deepEqual(posix.present, [join(w.home, ".aws", "config"), join(w.home, ".aws", "credentials")]);
        assert.ok(posix.absent.includes(join(w.home, ".aws", "accounts")));
        // AWS_REGION, unset here, is a condition "unset or the one exported" when the role exports it.
        const region = vars.find(([n]) => n === "AWS_REGION");
        assert.deepEqual(posix.unset, region ? ["AWS_ROLE_SESSION_TIMEOUT"] : ["AWS_REGION", "AWS_ROLE_SESSION_TIMEOUT"]);
        assert.deepEqual(posix.either, region ? [region] : []);
        assert.deepEqual(posix.exact, [["AWS_PROFILE_ASSUME_ROLE", "bastion"]]);
        assert.deepEqual(posix.exports, vars.filter(([, v]) => v !== null));
        assert.deepEqual(posix.removes, vars.filter(([, v]) => v === null).map(([n]) => n));
      } finally {
        rmSync(w.home, { recursive: true, force: true });
      }
    });
  }
}

test("a fish snapshot cut short, or its header off by one, is not read", () => {
  const w = world(true);
  try {
    const text = snapshotText(outcome("sr-fish", ["x"], [["A", "1"]]), w.env, [], w.cache);
    assert.ok(parseSnapshot(text));
    assert.equal(parseSnapshot(text.slice(0, text.lastIndexOf("end"))), undefined);
    const fields = text.split("\0");
    fields[6] = String(Number(fields[6]) + 1);
    assert.equal(parseSnapshot(fields.join("\0")), undefined);
  } finally {
    rmSync(w.home, { recursive: true, force: true });
  }
});

test("fish and bash: a snapshot written when there was no state file serves until one appears", { skip: skipUnless("fish") }, () => {
  const w = world(false);
  try {
    for (const [front, argv, fn] of [
      ["sr-fish", ["fish", "--no-config"], fishFast],
      ["sr-bash", ["bash", "--norc", "--noprofile"], bashFast],
    ] as const) {
      const name = fastName(front, ["x"])!;
      writeFileSync(join(w.cache, name), snapshotText(outcome(front, ["x"], [["A", "1"]]), w.env, [], w.cache), { mode: 0o600 });
      // The AWS files older than the snapshot in whole seconds (fish's clock).
      for (const f of ["config", "credentials"]) utimesSync(join(w.home, ".aws", f), Date.now() / 1000 - 10, Date.now() / 1000 - 10);
      const script = join(w.home, "script");
      writeFileSync(script, `${fn()}\n__switchrole_fast ${front} x 2>/dev/null; echo "$A"\n`);
      const run = () => spawnSync(argv[0], [...argv.slice(1), script], { env: { PATH: process.env.PATH, ...w.env }, encoding: "utf8" }).stdout;
      assert.equal(run(), "1\n", `${front}: served`);
      writeFileSync(join(w.cache, "state"), "");
      assert.equal(run(), "\n", `${front}: a state file since sends it to Node`);
      rmSync(join(w.cache, "state"));
    }
  } finally {
    rmSync(w.home, { recursive: true, force: true });
  }
});
