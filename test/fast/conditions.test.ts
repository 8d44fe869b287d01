// Every condition of the fast path, broken one at a time: the shell then runs the Node
// path (a recorded `node env` call) and the result is still Node's. Each case starts from
// a snapshot that serves (checked: no call), breaks one thing, runs sr, and repairs it.
// bash for all of them; zsh and fish for the ones their code checks differently.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Emulator } from "../helpers/emulator";
import { skipUnless } from "../helpers/programs";
import { inShell, primedWorld, SHELLS, type Recorder, type ShellName } from "./world";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
let rec: Recorder;
const cache = () => join(home, ".cache/switchrole");
const snapshot = (shell: ShellName) => join(cache(), `fast-sr-${shell}+private_aws+sample_switch_role`);
const NOBODY = 65534;
let stateMoves = 0;

before(async () => {
  ({ emu, home, env, rec } = await primedWorld());
});
after(async () => {
  await emu.stop();
});

/** sr in a fresh shell: its status, the role it exported, and whether node ran. */
async function sr(shell: ShellName, extraEnv: NodeJS.ProcessEnv = {}, args = "private_aws sample_switch_role"): Promise<{ rc: string; role: string; node: boolean; stderr: string }> {
  const c = SHELLS[shell];
  rec.take();
  const r = await inShell(shell, `${c.load}\nsr ${args}\necho "rc=${c.status}"\necho "role=$AWS_ACCOUNT_ROLE key=$AWS_ACCESS_KEY_ID"`, { ...env, ...extraEnv }, rec);
  const calls = rec.take().filter((l) => !l.includes("shell-init"));
  const [rc = "", role = ""] = r.stdout.split("\n");
  return { rc, role, node: calls.length > 0, stderr: r.stderr };
}

/** Node served (and wrote the snapshot); then the shell serves alone. */
async function served(shell: ShellName): Promise<void> {
  await sr(shell);
  const again = await sr(shell);
  assert.equal(again.node, false, `the fast path serves before the case (${again.stderr})`);
  assert.equal(again.rc, "rc=0");
}

/** Moves the snapshot's mtime 5 s back, so a file touched now is newer in whole seconds. */
function olderSnapshot(shell: ShellName): void {
  const t = Date.now() / 1000 - 5;
  utimesSync(snapshot(shell), t, t);
}

interface Case {
  name: string;
  shells: readonly ShellName[];
  /** Breaks the condition; returns the repair. */
  breakIt: (shell: ShellName) => () => void;
  env?: NodeJS.ProcessEnv;
  /** When Node itself refuses (an untrusted cache directory), sr fails as Node fails. */
  nodeRefuses?: boolean;
}

const ALL: readonly ShellName[] = ["bash", "zsh", "fish"];
const CASES: Case[] = [
  {
    name: "a snapshot owned by another user",
    shells: ALL,
    breakIt: (s) => (chownSync(snapshot(s), NOBODY, NOBODY), () => unlinkSync(snapshot(s))),
  },
  {
    name: "a group/world-writable snapshot",
    shells: ALL,
    breakIt: (s) => (chmodSync(snapshot(s), 0o666), () => chmodSync(snapshot(s), 0o600)),
  },
  {
    name: "a group-writable snapshot",
    shells: ALL,
    breakIt: (s) => (chmodSync(snapshot(s), 0o620), () => chmodSync(snapshot(s), 0o600)),
  },
  {
    name: "a snapshot that is a symlink to a good copy",
    shells: ALL,
    breakIt: (s) => {
      const copy = join(home, "copy");
      copyFileSync(snapshot(s), copy);
      chmodSync(copy, 0o600);
      unlinkSync(snapshot(s));
      symlinkSync(copy, snapshot(s));
      return () => unlinkSync(snapshot(s));
    },
  },
  {
    name: "a snapshot planted by another user (a writable directory)",
    shells: ALL,
    nodeRefuses: true,
    breakIt: (s) => {
      chmodSync(cache(), 0o777);
      const planted = `${snapshot(s)}.planted`;
      copyFileSync(snapshot(s), planted);
      chownSync(planted, NOBODY, NOBODY);
      renameSync(planted, snapshot(s));
      return () => (chmodSync(cache(), 0o700), unlinkSync(snapshot(s)));
    },
  },
  {
    name: "a group-writable cache directory",
    shells: ALL,
    nodeRefuses: true,
    breakIt: () => (chmodSync(cache(), 0o770), () => chmodSync(cache(), 0o700)),
  },
  {
    name: "a cache directory that is a symlink",
    shells: ["bash", "zsh", "fish"],
    breakIt: () => {
      const real = join(home, ".cache/real-switchrole");
      renameSync(cache(), real);
      symlinkSync(real, cache());
      return () => (unlinkSync(cache()), renameSync(real, cache()));
    },
  },
  {
    name: "the AWS config touched after the snapshot",
    shells: ALL,
    // Newer in whole seconds too (fish compares seconds), and never in the future.
    breakIt: (s) => {
      olderSnapshot(s);
      const t = Date.now() / 1000 - 2;
      utimesSync(join(home, ".aws/config"), t, t);
      return () => undefined;
    },
  },
  {
    name: "keys.json written after the snapshot (keys add, rotate or remove)",
    shells: ALL,
    breakIt: () => {
      const dir = join(home, ".config/switchrole");
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(join(dir, "keys.json"), JSON.stringify({ version: 1, profiles: {}, rotations: {} }), { mode: 0o600 });
      return () => rmSync(join(dir, "keys.json"));
    },
  },
  {
    name: "the accounts file replaced",
    shells: ALL,
    breakIt: (s) => {
      const p = join(home, ".aws/accounts");
      writeFileSync(`${p}.new`, `${JSON.stringify({ private_aws: "123456789012", other: "111111111111" })}\n`);
      // Newer than the snapshot, but seconds older than the next shell's snapshot (fish compares whole seconds).
      utimesSync(`${p}.new`, Date.now() / 1000 - 2, Date.now() / 1000 - 2);
      olderSnapshot(s);
      renameSync(`${p}.new`, p);
      return () => undefined;
    },
  },
  {
    name: "a variable resolution reads, changed (SWITCHROLE_TIMEOUT)",
    shells: ALL,
    env: { SWITCHROLE_TIMEOUT: "45" },
    breakIt: () => () => undefined,
  },
  {
    name: "a variable resolution reads, newly set (AWS_ROLE_SESSION_TIMEOUT)",
    shells: ALL,
    env: { AWS_ROLE_SESSION_TIMEOUT: "3600" },
    breakIt: () => () => undefined,
  },
  {
    name: "another minimum lifetime (SWITCHROLE_MIN_TTL)",
    shells: ALL,
    env: { SWITCHROLE_MIN_TTL: "10m" },
    breakIt: () => () => undefined,
  },
  {
    name: "another region exported (AWS_REGION, which sr exports too)",
    shells: ALL,
    env: { AWS_REGION: "us-east-1" },
    breakIt: () => () => undefined,
  },
  {
    name: "another cache write since (the state file moved)",
    shells: ALL,
    breakIt: () => {
      // A second no earlier case left there.
      const t = Date.now() / 1000 - 100 - 10 * ++stateMoves;
      utimesSync(join(cache(), "state"), t, t);
      return () => undefined;
    },
  },
  {
    name: "bash without the stat loadable (BASH_LOADABLES_PATH elsewhere)",
    shells: ["bash"],
    env: { BASH_LOADABLES_PATH: "/nonexistent" },
    breakIt: () => () => undefined,
  },
  {
    name: "a snapshot whose deadline has passed",
    shells: ALL,
    breakIt: (s) => {
      // What the file says once its time is up (the real expiry is test/fast/expiry.test.ts).
      const p = snapshot(s);
      const text = readFileSync(p, "utf8");
      const fields = text.split("\0");
      fields[1] = String(Math.floor(Date.now() / 1000) - 1);
      writeFileSync(p, fields.join("\0"), { mode: 0o600 });
      return () => undefined;
    },
  },
];

for (const c of CASES) {
  for (const shell of c.shells) {
    test(`${shell}: ${c.name} sends sr to Node`, { skip: skipUnless(shell) }, async () => {
      await served(shell);
      const repair = c.breakIt(shell);
      try {
        const r = await sr(shell, c.env);
        assert.equal(r.node, true, `Node ran (${r.stderr})`);
        if (c.nodeRefuses) {
          assert.match(r.stderr, /not using the credential cache/);
          assert.notEqual(r.rc, "rc=0");
        } else {
          assert.equal(r.rc, "rc=0", r.stderr);
          assert.match(r.role, /^role=sample_switch_role key=ASIA/);
        }
      } finally {
        repair();
      }
    });
  }
}

for (const shell of ALL) {
  test(`${shell}: the region one sr exported does not send the next sr, in the same shell, to Node`, { skip: skipUnless(shell) }, async () => {
    await served(shell);
    const c = SHELLS[shell];
    rec.take();
    const r = await inShell(shell, `${c.load}\nsr private_aws sample_switch_role 2>/dev/null\necho "$AWS_REGION"\nsr private_aws sample_switch_role 2>/dev/null\necho "rc=${c.status}"`, env, rec);
    assert.equal(r.stdout, "ap-northeast-1\nrc=0\n", r.stderr);
    assert.deepEqual(rec.take().filter((l) => !l.includes("shell-init")), []);
  });
}

test("fish, in one shell: same bytes skip the stat, fields that only join alike do not (a group-writable one is refused)", { skip: skipUnless("fish") }, async () => {
  await served("fish");
  const p = snapshot("fish");
  const text = readFileSync(p, "utf8");
  const fields = text.split("\0");
  // sr's say is empty and its who "private_aws (123456789012) as sample_switch_role":
  // moving the first word into say, behind a space, keeps the fields' space-joined text.
  assert.equal(fields[4], "");
  const [first = "", ...rest] = (fields[5] ?? "").split(" ");
  const forged = [...fields.slice(0, 4), ` ${first}`, rest.join(" "), ...fields.slice(6)].join("\0");
  assert.notEqual(forged, text);
  assert.equal(forged.split("\0").join(" "), fields.join(" "));
  const same = join(home, "same");
  const bad = join(home, "forged");
  writeFileSync(same, text);
  writeFileSync(bad, forged);
  const log = join(rec.dir, "calls.log");
  const step = (name: string, from?: string) =>
    `${from ? `command cp ${from} ${p}; command chmod 620 ${p}\n` : ""}sr private_aws sample_switch_role 2>/dev/null; echo "${name} rc=$status node=" (count (string match -e -- "node env" < ${log}))`;
  rec.take();
  try {
    const r = await inShell("fish", [SHELLS.fish.load, step("first"), step("same", same), step("forged", bad)].join("\n"), env, rec);
    assert.deepEqual(r.stdout.trim().split("\n"), ["first rc=0 node= 0", "same rc=0 node= 0", "forged rc=0 node= 1"], r.stderr);
  } finally {
    chmodSync(p, 0o600);
    rmSync(same);
    rmSync(bad);
  }
});

test("clear removes every snapshot", async () => {
  await served("bash");
  assert.ok(readdirSync(cache()).some((n) => n.startsWith("fast-")));
  const r = await inShell("bash", "switchrole clear --all", env, rec);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(cache()).filter((n) => n.startsWith("fast-")), []);
  // The cache is empty now: prime it again for any case that runs after.
  const code = await emu.freshMfaCode();
  const again = await inShell("bash", `switchrole env private_aws sample_switch_role --mfa-code ${code} >/dev/null`, env, rec);
  assert.equal(again.code, 0, again.stderr);
  mkdirSync(cache(), { recursive: true });
  rmSync(join(home, "copy"), { force: true });
});
