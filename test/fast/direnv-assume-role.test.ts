// `use switchrole` under the real direnv, and the seed's sourced `assume-role` in bash and
// zsh: once Node has served the role, the next `cd` (direnv export) and the next
// `assume-role` give the same variables and the same lines without starting node.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { BIN_DIR, run } from "../helpers/home";
import { skipUnless } from "../helpers/programs";
import { exportedNames } from "../../src/report/exported-names";
import { direnvHome, type DirenvHome } from "../direnv/setup";
import { cliWorld } from "../cli/fixture";
import { dumpVars, inShell, recorder, type Recorder } from "./world";

let emu: Emulator;
let h: DirenvHome;
let rec: Recorder;
before(async () => {
  emu = await startEmulator(cliWorld());
  h = await direnvHome(emu);
  rec = recorder();
  const code = await emu.freshMfaCode();
  const r = await inShell("bash", `switchrole env private_aws sample_switch_role --mfa-code ${code} >/dev/null`, h.env, rec);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  await emu.stop();
});

const withRecorder = () => ({ ...h.env, PATH: `${rec.dir}:${h.env.PATH}` });

test("direnv: a cached `use switchrole` exports the same without starting node", { skip: skipUnless("direnv") }, async () => {
  const dir = await h.project("fastproj", "use switchrole private_aws sample_switch_role\n");
  const exportIn = async () => {
    rec.take();
    const json = await run(["export", "json"], withRecorder(), { program: "direnv", cwd: dir });
    const calls = rec.take();
    const bash = await run(["export", "bash"], { ...h.env }, { program: "direnv", cwd: dir });
    return { json, calls, line: bash.stderr.split("\n").find((l) => l.startsWith("direnv: export")) };
  };
  const first = await exportIn();
  assert.equal(first.json.code, 0, first.json.stderr);
  assert.ok(first.calls.includes("node direnv"), `the first entry runs switchrole: ${first.calls.join(", ")}`);
  const second = await exportIn();
  assert.equal(second.json.code, 0, second.json.stderr);
  assert.deepEqual(second.calls, [], "no node, no switchrole");
  const aws = (out: string) => Object.fromEntries(Object.entries(JSON.parse(out) as Record<string, string | null>).filter(([k]) => !k.startsWith("DIRENV_")));
  assert.deepEqual(aws(second.json.stdout), aws(first.json.stdout));
  assert.match(String(aws(second.json.stdout).AWS_SESSION_TOKEN), /./);
  assert.equal(second.line, first.line, "the same `direnv: export ...` line");
  assert.match(String(second.line), /\+AWS_ACCESS_KEY_ID .*\+AWS_SESSION_TOKEN/);
  // The state file is still watched (a clear elsewhere reloads the directory): the third
  // entry takes watch_file's answer from the memo the second left, and it is the same.
  const watches = (out: string) => String((JSON.parse(out) as Record<string, string>).DIRENV_WATCHES);
  assert.equal(watches(second.json.stdout), watches(first.json.stdout));
  const third = await exportIn();
  assert.deepEqual(third.calls, []);
  assert.equal(watches(third.json.stdout), watches(second.json.stdout));
  assert.deepEqual(aws(third.json.stdout), aws(first.json.stdout));
});

for (const shell of ["bash", "zsh"] as const) {
  test(`${shell}: a cached assume-role (the seed's sourced function) says and exports the same without starting node`, { skip: skipUnless(shell) }, async () => {
    const dump = dumpVars(shell, exportedNames());
    const argv = shell === "bash" ? ["bash", "--norc", "--noprofile", "-c"] : ["zsh", "-f", "-c"];
    const once = async () => {
      rec.take();
      const r = await run([...argv.slice(1), `source ${join(BIN_DIR, "assume-role")}\nassume-role private_aws sample_switch_role\necho "rc=$?"\n${dump}`], withRecorder(), { program: argv[0] });
      return { r, calls: rec.take() };
    };
    const first = await once();
    assert.equal(first.r.code, 0, first.r.stderr);
    const second = await once();
    assert.deepEqual(second.calls, [], `no node: ${second.r.stderr}`);
    assert.equal(second.r.stdout, first.r.stdout);
    assert.match(second.r.stdout, /^rc=0\n[\s\S]*AWS_SESSION_ACCESS_KEY_ID=/);
    assert.equal(second.r.stderr, "Using assume-role default profile: bastion\nSuccess! IAM session envars are exported.\n");
    assert.equal(second.r.stderr, first.r.stderr);
  });
}
