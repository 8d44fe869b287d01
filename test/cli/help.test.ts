// --help and --version answer without the network and without loading the AWS SDK
// (test/cli/loaded-modules.cjs reports what was loaded; the emulator's log stays empty).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { version } from "../../package.json";
import { cliHome, cliWorld } from "./fixture";

const HOOK = join(__dirname, "loaded-modules.cjs");
let emu: Emulator;
let env: NodeJS.ProcessEnv;
before(async () => {
  emu = await startEmulator(cliWorld());
  env = { ...cliHome(emu).env, NODE_OPTIONS: `--require ${HOOK}` };
});
after(async () => {
  await emu.stop();
});

const cases: Array<[args: string[], stream: "stdout" | "stderr", starts: string]> = [
  [["--version"], "stdout", `${version}\n`],
  [["-V"], "stdout", `${version}\n`],
  [["--help"], "stdout", "Usage: switchrole <command> [options]\n"],
  [["env", "--help"], "stdout", "Usage: switchrole env <target> [options]\n"],
  [["env", "private_aws", "sample_switch_role", "--help"], "stdout", "Usage: switchrole env <target> [options]\n"],
  [["exec", "--help"], "stdout", "Usage: switchrole exec <target> [options] -- <command> [args...]\n"],
  // `help <command>` is `<command> --help`.
  [["help", "env"], "stdout", "Usage: switchrole env <target> [options]\n"],
  [["help", "exec"], "stdout", "Usage: switchrole exec <target> [options] -- <command> [args...]\n"],
  // The seed's tool prints its help on stderr, so `eval $(assume-role --help)` stays harmless.
  [["assume-role", "--help"], "stderr", "Usage: assume-role <account> <role> [mfa_token] [region]\n"],
];

describe("help and version", { concurrency: true }, () => {
  for (const [args, stream, starts] of cases) {
    test(args.join(" "), async () => {
      const r = await run(args, env);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r[stream].startsWith(starts), r[stream]);
      assert.ok(r.stderr.endsWith("[loaded-sdk-modules: 0]\n"), `the SDK was loaded:\n${r.stderr}`);
      if (stream === "stderr") assert.equal(r.stdout, "");
    });
  }
  test("the hook does see the SDK when it is loaded (so the checks above can fail)", async () => {
    const r = await run(["env", "private_aws", "no_mfa_role", "--no-cache", "--shell", "bash"], { ...env, AWS_PROFILE_ASSUME_ROLE: "nomfa" });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.endsWith("[loaded-sdk-modules: 1]\n"), r.stderr);
  });
});

test("no call reached the emulator for any help or version", async () => {
  const calls = await emu.calls();
  assert.ok(calls.every((c) => c.accessKeyId === "AKIAEMULATORNOMFA001"), JSON.stringify(calls));
});

test("help for every command is that command's --help", async () => {
  for (const name of ["env", "exec", "credential-process", "status", "login", "clear", "list", "plan", "shell-init", "completion", "direnv", "serve"]) {
    const [viaHelp, viaFlag] = await Promise.all([run(["help", name], env), run([name, "--help"], env)]);
    assert.equal(viaHelp.code, 0, `${name}: ${viaHelp.stderr}`);
    assert.equal(viaHelp.stdout, viaFlag.stdout, name);
    assert.ok(viaHelp.stdout.length > 0, name);
  }
});

test("top-level help names how the seed's assume-role is used, not a source path", async () => {
  const r = await run(["--help"], env);
  assert.match(r.stdout, /assume-role <acct> <role> {2}the seed's assume-role \(`source "\$\(which assume-role\)"`\)/);
  assert.doesNotMatch(r.stdout, /bin\/assume-role/);
});

const usage: Array<[args: string[], line: string, hint: string]> = [
  [["help", "nosuch"], 'switchrole: help: unknown command "nosuch"', "  hint: run `switchrole --help` for the list"],
  [["shell-init"], "switchrole: shell-init needs the name of your shell: `switchrole shell-init <shell>`", '  hint: use one of: bash, zsh, fish, pwsh (e.g. eval "$(switchrole shell-init bash)" in ~/.bashrc)'],
  [["completion"], "switchrole: completion needs the name of your shell: `switchrole completion <shell>`", "  hint: use one of: bash, zsh, fish"],
];
for (const [args, line, hint] of usage) {
  test(`${args.join(" ")}: one line and a hint, exit 2, nothing on stdout`, async () => {
    const r = await run(args, { ...env, NODE_OPTIONS: "" });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, `${line}\n${hint}\n`);
  });
}
