// The `sr` function from `switchrole shell-init`, loaded into real bash, zsh and fish with a
// fake `switchrole` that prints rendered assignments or fails: variables are set only when
// the command exits 0, its stderr reaches the terminal, and nothing stays behind.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { render } from "../../src/shells/index";
import { shellInit } from "../../src/shells/init";
import type { EnvVars } from "../../src/types";
import { skipUnless } from "../helpers/programs";
import { HOSTILE } from "./hostile";
import { parseEnv0, runShell, type RealShell } from "./run-shell";
import { tempDir } from "../helpers/tmp";

const VARS: EnvVars = [
  ["AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY"],
  ...HOSTILE.map(([, v], i): [string, string] => [`H${i}`, v]),
  ["DROPPED", null],
];

// argv: env --shell <shell> --verbose <mode> [args...]
const FAKE = `#!/bin/sh
printf '%s\\0' "$@" > "$FAKE_DIR/args"
echo "switchrole: fake prompt on stderr" >&2
case "$5" in
  ok) cat "$FAKE_DIR/out.$3" ;;
  fail) echo "switchrole: MFA code rejected" >&2; exit 3 ;;
  partial) cat "$FAKE_DIR/out.$3"; exit 3 ;;
esac
`;

let dir = "";
let oddPath = "";
before(() => {
  dir = tempDir("switchrole-init-");
  mkdirSync(join(dir, "bin"));
  mkdirSync(join(dir, "odd dir", "it's $x"), { recursive: true });
  oddPath = join(dir, "odd dir", "it's $x", "switchrole");
  for (const p of [join(dir, "bin", "switchrole"), oddPath]) {
    writeFileSync(p, FAKE);
    chmodSync(p, 0o755);
  }
  for (const shell of ["bash", "zsh", "fish"] as const) writeFileSync(join(dir, `out.${shell}`), render(shell, VARS));
});

const env = () => ({ PATH: `${dir}/bin:${process.env.PATH ?? "/usr/bin:/bin"}`, FAKE_DIR: dir, DROPPED: "before" });
const args = () => readFileSync(join(dir, "args"), "utf8").split("\0").slice(0, -1);
const load = (shell: RealShell, command?: string) => {
  writeFileSync(join(dir, `init.${shell}`), shellInit(shell, command));
  return shell === "fish" ? `source $FAKE_DIR/init.fish\n` : `eval "$(cat "$FAKE_DIR/init.${shell}")"\n`;
};

const SUCCESS: Record<RealShell, string> = {
  bash: `set -eu\nsr ok 'a b' ''\n[ -z "\${__sr_out+x}\${__sr_rc+x}" ] || exit 8\nenv -0\n`,
  zsh: `set -eu\nsr ok 'a b' ''\n[ -z "\${__sr_out+x}\${__sr_rc+x}" ] || exit 8\nenv -0\n`,
  fish: `sr ok 'a b' ''\nor exit 9\nset -q __sr_out __sr_rc; and exit 8\nenv -0\n`,
};
const FAILURE: Record<RealShell, string> = {
  bash: `set -eu\nrc=0; sr fail || rc=$?\nrc2=0; sr partial || rc2=$?\nexport SR_RC="$rc,$rc2"\nenv -0\n`,
  zsh: `set -eu\nrc=0; sr fail || rc=$?\nrc2=0; sr partial || rc2=$?\nexport SR_RC="$rc,$rc2"\nenv -0\n`,
  fish: `sr fail; set -l rc $status\nsr partial; set -l rc2 $status\nset -gx SR_RC "$rc,$rc2"\nenv -0\n`,
};

for (const shell of ["bash", "zsh", "fish"] as const) {
  test(`${shell}: sr sets every variable exactly when switchrole succeeds`, { skip: skipUnless(shell) }, () => {
    const run = runShell(shell, load(shell) + SUCCESS[shell], env());
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "switchrole: fake prompt on stderr\n");
    assert.deepEqual(args(), ["env", "--shell", shell, "--verbose", "ok", "a b", ""]);
    const got = parseEnv0(run.stdout);
    for (const [name, value] of VARS) assert.equal(got.get(name), value ?? undefined, name);
  });

  test(`${shell}: sr changes nothing and returns the status when switchrole fails`, { skip: skipUnless(shell) }, () => {
    const run = runShell(shell, load(shell, oddPath) + FAILURE[shell], env());
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /switchrole: MFA code rejected\n/);
    // The fake at the odd path really ran (not "command not found"), last with `partial`.
    assert.deepEqual(args(), ["env", "--shell", shell, "--verbose", "partial"]);
    const got = parseEnv0(run.stdout);
    assert.equal(got.get("SR_RC"), "3,3");
    assert.equal(got.get("DROPPED"), "before");
    for (const [name] of VARS.slice(0, -1)) assert.equal(got.has(name), false, name);
  });
}

test("bash: shellcheck finds nothing in the snippet", { skip: skipUnless("shellcheck") }, () => {
  for (const command of ["switchrole", "/opt/it's here/switchrole"]) {
    execFileSync("shellcheck", ["--shell=bash", "--severity=style", "-"], { input: shellInit("bash", command) });
  }
});

// An interactive shell records what the user typed, never what eval runs.
const HISTORY: Array<[RealShell, string, (home: string, out: string) => string]> = [
  ["bash", "", (home) => readFileSync(join(home, ".bash_history"), "utf8")],
  ["zsh", "fc -ln 1\n", (_home, out) => out],
];
for (const [shell, show, history] of HISTORY) {
  test(`${shell}: the credentials never reach the history`, { skip: skipUnless(shell) }, () => {
    const home = mkdtempSync(join(dir, "home-"));
    const input = `${load(shell)}sr ok\necho "got=$AWS_SECRET_ACCESS_KEY"\n${show}`;
    const r = spawnSync(shell, shell === "bash" ? ["--norc", "-i"] : ["-f", "-i"], {
      input,
      env: { ...env(), HOME: home, HISTFILE: join(home, ".bash_history"), PS1: "" },
      encoding: "utf8",
    });
    const secret = VARS[0]![1]!;
    assert.ok(r.stdout.includes(`got=${secret}`), "sr ran in the interactive shell");
    const text = history(home, r.stdout.replace(`got=${secret}`, ""));
    assert.match(text, /^sr ok$/m);
    assert.equal(text.includes(secret), false);
  });
}
