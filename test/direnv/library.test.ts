// `switchrole direnv install | print | state-file`: where the library goes, that installing
// twice changes nothing, that print shows the same file, and that shellcheck passes it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { seedHome, run, SWITCHROLE } from "../helpers/home";
import { skipUnless } from "../helpers/programs";
import { tempDir } from "../helpers/tmp";

let emu: Emulator;
before(async () => (emu = await startEmulator()));
after(async () => emu?.stop());

test("install writes ~/.config/direnv/lib/switchrole.sh once, says so on stderr, and print shows the same text", async () => {
  const { home, env } = seedHome(emu);
  const first = await run(["direnv", "install"], env);
  const path = join(home, ".config/direnv/lib/switchrole.sh");
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, "");
  assert.match(first.stderr, new RegExp(`^switchrole: wrote ${path}$`, "m"));
  const text = readFileSync(path, "utf8");
  assert.match(text, /^use_switchrole\(\) \{$/m);
  assert.match(text, new RegExp(`^__switchrole_bin='${SWITCHROLE}'$`, "m"), "the switchrole that installed it");
  const mtime = statSync(path).mtimeMs;
  const second = await run(["direnv", "install"], env);
  assert.equal(second.code, 0);
  assert.equal(second.stderr, `switchrole: ${path} is up to date\n`);
  assert.equal(statSync(path).mtimeMs, mtime, "not rewritten");
  const printed = await run(["direnv", "print"], env);
  assert.equal(printed.code, 0);
  assert.equal(printed.stdout, text);
  assert.equal(printed.stderr, "");
});

test("install honours XDG_CONFIG_HOME and DIRENV_CONFIG, as direnv does", async () => {
  const { env } = seedHome(emu);
  const xdg = tempDir("xdg-");
  assert.equal((await run(["direnv", "install"], { ...env, XDG_CONFIG_HOME: xdg })).code, 0);
  assert.ok(existsSync(join(xdg, "direnv/lib/switchrole.sh")));
  const cfg = tempDir("direnv-config-");
  assert.equal((await run(["direnv", "install"], { ...env, XDG_CONFIG_HOME: xdg, DIRENV_CONFIG: cfg })).code, 0);
  assert.ok(existsSync(join(cfg, "lib/switchrole.sh")));
});

test("state-file prints the cache's state file; unknown subcommands are usage errors", async () => {
  const { home, env } = seedHome(emu);
  const r = await run(["direnv", "state-file"], env);
  assert.equal(r.stdout, `${join(home, ".cache/switchrole/state")}\n`);
  const x = await run(["direnv", "state-file"], { ...env, XDG_CACHE_HOME: "/somewhere" });
  assert.equal(x.stdout, "/somewhere/switchrole/state\n");
  const bad = await run(["direnv", "nope"], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^switchrole: direnv: unknown subcommand nope$/m);
});

test("the library passes shellcheck", { skip: skipUnless("shellcheck") }, async () => {
  const { env } = seedHome(emu);
  const text = (await run(["direnv", "print"], env)).stdout;
  // shellcheck exits non-zero (and this throws) on any finding, warnings and style notes included.
  execFileSync("shellcheck", ["--severity=style", "-"], { input: text, encoding: "utf8" });
  assert.match(text, /^# shellcheck shell=bash$/m);
});

test("help lists install and print", async () => {
  const { env } = seedHome(emu);
  const r = await run(["direnv", "--help"], env);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^ {2}install /m);
  assert.match(r.stdout, /^ {2}print /m);
  assert.match(r.stdout, /is taking a while/);
});
