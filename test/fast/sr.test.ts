// `sr` in real bash, zsh and fish: once Node has served a role (and left its snapshot),
// the next `sr` for the same target exports the same variables and says the same line
// without starting node or switchrole (a PATH whose `node` and `switchrole` record calls).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { type Emulator } from "../helpers/emulator";
import { skipUnless } from "../helpers/programs";
import { exportedNames } from "../../src/report/exported-names";
import { dumpVars, inShell, primedWorld, SHELLS, type Recorder, type ShellName } from "./world";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run, SWITCHROLE } from "../helpers/home";
import { init as posixInit } from "../../src/shells/posix";
import { init as fishInit } from "../../src/shells/fish";
import { tempDir } from "../helpers/tmp";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let rec: Recorder;
before(async () => {
  // One role in the cache, from one MFA code: every sr below is served from it.
  ({ emu, env, rec } = await primedWorld());
});
after(async () => {
  await emu.stop();
});

const SAID = /^switchrole: private_aws \(123456789012\) as sample_switch_role, (\d+h \d+m|\d+m \d+s) left\n$/;

for (const shell of Object.keys(SHELLS) as ShellName[]) {
  const c = SHELLS[shell];
  test(`${shell}: a cached sr starts no node and exports what the Node path exported`, { skip: skipUnless(shell) }, async () => {
    const dump = dumpVars(shell, exportedNames());
    rec.take();
    const r = await inShell(shell, `${c.load}\nsr private_aws sample_switch_role\necho "rc=${c.status}"\n${dump}\necho ---\n${c.load}\nsr private_aws sample_switch_role\necho "rc=${c.status}"\n${dump}`, env, rec);
    assert.equal(r.code, 0, r.stderr);
    const [viaNode = "", viaShell = ""] = r.stdout.split("---\n");
    assert.match(viaNode, /^rc=0\n/);
    assert.equal(viaShell, viaNode, "the same variables, the same values");
    assert.match(viaNode, /AWS_SESSION_TOKEN=/);
    const lines = r.stderr.split(/(?<=\n)/);
    assert.equal(lines.length, 2, r.stderr);
    for (const line of lines) assert.match(line, SAID);
    const calls = rec.take();
    // The first sr (and shell-init, run through bin/switchrole's node) ran node; the second none.
    assert.ok(calls.includes("node env") || calls.some((l) => l.startsWith("node ")), calls.join("\n"));
    const r2 = await inShell(shell, `${c.load}\nsr private_aws sample_switch_role\necho "rc=${c.status}"\n${dump}`, env, rec);
    // shell-init itself runs switchrole; sr after it must not.
    assert.deepEqual(rec.take().filter((l) => !l.includes("shell-init")), []);
    assert.equal(r2.stdout, viaNode);
  });
}

// Stronger than the recorder: no process at all (bash, zsh), one `stat` (fish), as strace sees it.
const PROCESSES: Record<ShellName, number> = { bash: 0, zsh: 0, fish: 1 };
for (const shell of Object.keys(SHELLS) as ShellName[]) {
  test(`${shell}: a cached sr starts ${PROCESSES[shell] === 0 ? "no process at all" : "one stat and nothing else"} (strace)`, { skip: skipUnless(shell, "strace") }, async () => {
    const dir = tempDir("switchrole-strace-");
    try {
      const init = join(dir, "init");
      writeFileSync(init, shell === "fish" ? fishInit(SWITCHROLE) : posixInit(shell, SWITCHROLE));
      // Node serves once (and leaves the snapshot), then the traced shell.
      const load = shell === "fish" ? `source ${init}` : `. ${init}`;
      assert.equal((await inShell(shell, `${load}\nsr private_aws sample_switch_role`, env, rec)).code, 0);
      const log = join(dir, "trace");
      const [program, ...args] = SHELLS[shell].argv;
      const r = await run(["-f", "-qq", "-e", "trace=execve,fork,vfork,clone,clone3", "-o", log, program!, ...args, `${load}\nsr private_aws sample_switch_role\nprintf '%s\\n' "$AWS_ACCOUNT_ROLE"`], env, { program: "strace" });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "sample_switch_role\n");
      const lines = readFileSync(log, "utf8").split("\n").filter((l) => /execve\(|fork\(|clone3?\(/.test(l) && !/ = -1 /.test(l));
      const execs = lines.filter((l) => l.includes("execve("));
      // The shell's own execve, then nothing but what the fast path may spend.
      assert.equal(execs.length, 1 + PROCESSES[shell], lines.join("\n"));
      if (PROCESSES[shell] > 0) assert.match(execs[1]!, /"stat"/);
      // No subshell either (a fork without exec): threads aside (fish), no clone at all.
      else assert.deepEqual(lines.filter((l) => !l.includes("execve(")), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
