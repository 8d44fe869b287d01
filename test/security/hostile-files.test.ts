// Issue 13: local files that used to hang switchrole or eat its memory. A FIFO nobody
// writes to blocked the open itself (before any "regular file" check); /dev/zero as the
// accounts file grew without end; a regular file at a lock path stalled the 120 s lock
// wait; a 60 MB config took most of a minute to parse. Each is now one line at once (or,
// for the cache, a warning and a miss), driven through bin/switchrole as a user meets it.
// No stopwatch: a hang is caught by the test's own timeout.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { brief, cliHome, cliWorld } from "../cli/fixture";

let emu: Emulator;
before(async () => {
  emu = await startEmulator(cliWorld());
});
after(async () => {
  await emu.stop();
});

const HANG_GUARD = { timeout: 30_000 };
// nomfa has no MFA device: no code is needed, so these run without a terminal.
const NO_MFA = ["env", "private_aws", "no_mfa_role", "--shell", "json"];

function mkfifo(path: string): void {
  rmSync(path, { force: true });
  execFileSync("mkfifo", [path]);
}

/** Runs `args`; asserts an empty stdout, the exit code and exactly these stderr lines. */
async function expectLines(args: string[], env: NodeJS.ProcessEnv, code: number, lines: string[]): Promise<void> {
  const r = await run(args, env);
  assert.equal(r.stdout, "", "nothing on stdout");
  assert.deepEqual(r.stderr.split("\n").filter(Boolean), lines);
  assert.equal(r.code, code);
}

const home = (): { env: NodeJS.ProcessEnv; home: string } => {
  const h = cliHome(emu);
  return { home: h.home, env: { ...h.env, AWS_PROFILE_ASSUME_ROLE: "nomfa" } };
};

for (const [file, variable] of [
  [".aws/config", "AWS_CONFIG_FILE"],
  [".aws/credentials", "AWS_SHARED_CREDENTIALS_FILE"],
  [".aws/accounts", "ACCOUNTS_FILE"],
] as const) {
  test(`a FIFO at ~/${file} is one line at once, naming the file and ${variable}`, HANG_GUARD, async () => {
    const h = home();
    mkfifo(join(h.home, file));
    await emu.reset();
    await expectLines(NO_MFA, h.env, 2, [
      `switchrole: ~/${file} is a named pipe (FIFO), not a regular file`,
      `  hint: replace it with a regular file, or point ${variable} at another file`,
    ]);
    assert.deepEqual(await emu.calls(), [], "nothing was sent");
  });
}

test("ACCOUNTS_FILE=/dev/zero is refused at once, not read without end", HANG_GUARD, async () => {
  const h = home();
  await expectLines(NO_MFA, { ...h.env, ACCOUNTS_FILE: "/dev/zero" }, 2, [
    "switchrole: /dev/zero is a character device, not a regular file",
    "  hint: replace it with a regular file, or point ACCOUNTS_FILE at another file",
  ]);
});

test("a 60 MB ~/.aws/config (and a 5 MiB accounts file) is one line, not a minute of parsing", HANG_GUARD, async () => {
  const h = home();
  truncateSync(join(h.home, ".aws/config"), 60 * 1024 * 1024); // sparse: no disk, no time to write
  await expectLines(NO_MFA, h.env, 2, [
    "switchrole: ~/.aws/config is larger than 4 MiB, the most switchrole reads of it",
    "  hint: is it the right file? trim it, or point AWS_CONFIG_FILE at another file",
  ]);
  const h2 = home();
  truncateSync(join(h2.home, ".aws/accounts"), 5 * 1024 * 1024);
  await expectLines(NO_MFA, h2.env, 2, [
    "switchrole: ~/.aws/accounts is larger than 4 MiB, the most switchrole reads of it",
    "  hint: is it the right file? trim it, or point ACCOUNTS_FILE at another file",
  ]);
});

test("what the AWS loader accepted still works: /dev/null as the config file, a config of just under 4 MiB", HANG_GUARD, async () => {
  const h = home();
  const r = await run(NO_MFA, { ...h.env, AWS_CONFIG_FILE: "/dev/null" });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.match((JSON.parse(r.stdout) as Record<string, string>).AWS_ACCESS_KEY_ID ?? "", /^ASIA/);
  const h2 = home();
  const filler = `# ${"x".repeat(1000)}\n`.repeat(4000); // ~3.8 MiB of comments
  writeFileSync(join(h2.home, ".aws/config"), `${filler}[profile nomfa]\nregion = eu-west-1\n`);
  const big = await run(NO_MFA, h2.env);
  assert.equal(big.code, 0, big.stderr);
  assert.equal((JSON.parse(big.stdout) as Record<string, string>).AWS_REGION, "eu-west-1", "the profile after the filler was read");
});

/** A home whose cache holds the role's entry (made by one run), and that entry's file name. */
async function cachedRole(): Promise<{ env: NodeJS.ProcessEnv; dir: string; entry: string }> {
  const h = home();
  const first = await run(NO_MFA, h.env);
  assert.equal(first.code, 0, first.stderr);
  const dir = join(h.home, ".cache/switchrole");
  const entry = readdirSync(dir).find((n) => /^role-[0-9a-f]{32}\.json$/.test(n));
  assert.ok(entry, `a role entry in ${readdirSync(dir).join(" ")}`);
  return { env: h.env, dir, entry };
}

test("a FIFO in place of a cache entry is a miss with one warning, not a hang", HANG_GUARD, async () => {
  const c = await cachedRole();
  mkfifo(join(c.dir, c.entry));
  await emu.reset();
  const r = await run(NO_MFA, c.env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stderr.split("\n").filter(Boolean), [
    `switchrole: warning: ignoring cache entry ${join(c.dir, c.entry)}: is a named pipe (FIFO), not a regular file; it is replaced on the next fetch (or run \`switchrole clear --all\`)`,
  ]);
  assert.deepEqual((await emu.calls()).map(brief), ["GetUser 200", "ListMFADevices 200", "AssumeRole 200"]);
  const again = await run(NO_MFA, c.env);
  assert.deepEqual([again.code, again.stderr], [0, ""], "the fetch replaced it with an entry");
});

test("a FIFO in place of the cache's state file does not hang a fetch", HANG_GUARD, async () => {
  const c = await cachedRole();
  mkfifo(join(c.dir, "state"));
  const r = await run([...NO_MFA, "--refresh"], c.env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
});

test("a regular file at a lock path is one line at once, not a 120 s wait", HANG_GUARD, async () => {
  const c = await cachedRole();
  const lock = join(c.dir, c.entry.replace(/\.json$/, ".lock"));
  writeFileSync(lock, "not a lock\n");
  await emu.reset();
  // --refresh skips the cached role, so the role's lock is taken.
  await expectLines([...NO_MFA, "--refresh"], c.env, 1, [
    `switchrole: cannot lock the credential cache: ${lock} is a regular file, not a lock (an empty directory switchrole makes)`,
    `  hint: remove it (rm -r ${lock}) and run again`,
  ]);
  assert.deepEqual(await emu.calls(), []);
  // A directory with something in it is as foreign, and as quick.
  rmSync(lock);
  mkdirSync(join(lock, "x"), { recursive: true });
  await expectLines([...NO_MFA, "--refresh"], c.env, 1, [
    `switchrole: cannot lock the credential cache: ${lock} is a directory with files in it, not a lock (an empty directory switchrole makes)`,
    `  hint: remove it (rm -r ${lock}) and run again`,
  ]);
  // Removed as the hint says, it works again.
  rmSync(lock, { recursive: true });
  const r = await run([...NO_MFA, "--refresh"], c.env);
  assert.equal(r.code, 0, r.stderr);
});

test("a FIFO where `direnv install` writes its library is replaced at once, not read", HANG_GUARD, async () => {
  const h = home();
  const lib = join(h.home, "direnv-config/lib/switchrole.sh");
  mkdirSync(join(lib, ".."), { recursive: true });
  mkfifo(lib);
  const r = await run(["direnv", "install"], { ...h.env, DIRENV_CONFIG: join(h.home, "direnv-config") });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, `switchrole: updated ${lib}\n  in an .envrc: use switchrole <account> <role>\n`);
  assert.ok(statSync(lib).isFile());
});
