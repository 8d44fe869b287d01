// The snapshot's values are data in every shell: a snapshot written by src/cache/fast.ts
// with hostile values (exports, arguments, a recorded variable, the stderr text) is read
// by the real bash, zsh and fish functions, which export exactly those values (read back
// with `env -0`), say exactly that text, and never run any of it. Then random values from
// fast-check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { fastName, snapshotText, type Front } from "../../src/cache/fast";
import { bashFast, fishFast, zshFast } from "../../src/shells/fast";
import { quote as posixQuote } from "../../src/shells/posix";
import { quote as fishQuote } from "../../src/shells/fish";
import { skipUnless } from "../helpers/programs";
import { HOSTILE } from "../shells/hostile";
import { parseEnv0 } from "../shells/run-shell";
import { tempDir } from "../helpers/tmp";

const SHELLS = {
  bash: { argv: ["bash", "--norc", "--noprofile"], fn: bashFast, quote: posixQuote, front: "sr-bash" },
  zsh: { argv: ["zsh", "-f"], fn: zshFast, quote: posixQuote, front: "sr-zsh" },
  fish: { argv: ["fish", "--no-config"], fn: fishFast, quote: fishQuote, front: "sr-fish" },
} as const;

interface Case {
  values: readonly string[];
  args: readonly string[];
  recorded: string;
  say: string;
}

function roundTrip(shell: keyof typeof SHELLS, c: Case): void {
  const s = SHELLS[shell];
  const home = tempDir("switchrole-fastrt-");
  try {
    const cache = join(home, "cache");
    mkdirSync(join(cache, "switchrole"), { recursive: true, mode: 0o700 });
    chmodSync(join(cache, "switchrole"), 0o700);
    const env = { HOME: home, XDG_CACHE_HOME: cache, SWITCHROLE_HOSTILE: c.recorded };
    const vars: Array<[string, string | null]> = c.values.map((v, i) => [`V${i}`, v]);
    vars.push(["PRESET", null]);
    const now = Date.now();
    const outcome = { front: s.front as Front, args: c.args, vars, expiresAt: now + 3_600_000, deadline: now + 3_300_000, say: c.say, who: "" };
    const name = fastName(outcome.front, c.args);
    assert.ok(name, "the arguments fit in a file name");
    writeFileSync(join(cache, "switchrole", name), snapshotText(outcome, env, ["HOME", "XDG_CACHE_HOME", "SWITCHROLE_HOSTILE"]), { mode: 0o600 });
    const script = `${s.fn()}\n__switchrole_fast ${s.front} ${c.args.map((a) => s.quote(a)).join(" ")} || exit 9\nenv -0\n`;
    const file = join(home, "script");
    writeFileSync(file, script);
    const r = spawnSync(s.argv[0], [...s.argv.slice(1), file], {
      cwd: home,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env, LC_ALL: "C.UTF-8", PRESET: "must be removed" },
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(r.status, 0, `the fast path served it: ${r.stderr.toString()}`);
    assert.equal(r.stderr.toString(), c.say, "says exactly the snapshot's text");
    const got = parseEnv0(r.stdout);
    c.values.forEach((v, i) => assert.equal(got.get(`V${i}`), v, `V${i}`));
    assert.equal(got.has("PRESET"), false, "PRESET is unset");
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

// Arguments become the file's name: the hostile ones that fit (not the 60 000-character one).
const ARGS = HOSTILE.map(([, v]) => v).filter((v) => fastName("sr-bash", [v]) !== undefined);
const wellFormed = (s: string) => !s.includes("\0") && Buffer.from(s, "utf8").toString("utf8") === s;
const value = fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 })).filter(wellFormed);

for (const shell of Object.keys(SHELLS) as Array<keyof typeof SHELLS>) {
  test(`${shell}: hostile values, arguments and text round-trip through the fast path as data`, { skip: skipUnless(shell) }, () => {
    const values = HOSTILE.map(([, v]) => v);
    // Several arguments at a time (a name is at most 200 bytes).
    for (let i = 0; i < ARGS.length; i += 3) {
      const args = ARGS.slice(i, i + 3).filter((_, j, all) => fastName("sr-bash", all.slice(0, j + 1)) !== undefined);
      roundTrip(shell, { values, args, recorded: ARGS[i] ?? "", say: "a'b $(touch pwned) `id`\n%s\\n" });
    }
  });

  test(`${shell}: random values round-trip through the fast path`, { skip: skipUnless(shell) }, () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 20 }), fc.array(value.filter((v) => !v.includes("\n")), { maxLength: 3 }), value, (values, args, recorded) => {
        fc.pre(fastName("sr-bash", args) !== undefined && !recorded.includes("\n"));
        roundTrip(shell, { values, args, recorded, say: "" });
      }),
      { numRuns: 15 },
    );
  });
}
