// Tab completion in the real shells, loaded as a user loads it (`switchrole shell-init`,
// or `switchrole completion`), against a HOME with the seed's files, a role profile and a
// credential cache the emulator filled:
// - bash: the function `complete -p` names, called with COMP_LINE/COMP_POINT as readline
//   sets them; then Tab typed at an interactive bash in tmux;
// - fish: `complete -C '<line>'`, fish's own completion of a command line; then Tab in tmux;
// - zsh: Tab in an interactive zsh (tmux), with compinit run before or after shell-init.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { ROOT, run, seedHome } from "../helpers/home";
import { skipUnless } from "../helpers/programs";
import { startTmux, type Tmux } from "../helpers/tmux";
import { rmSync } from "node:fs";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home = "";
const panes: Tmux[] = [];
/** The prompts ("% " or "$ " at the start of a line) on the screen so far. */
const prompts = (pane: string) => (pane.match(/^[%$] /gm) ?? []).length;

before(async () => {
  emu = await startEmulator();
  const seed = seedHome(emu, {
    accounts: { private_aws: "123456789012", other_aws: "210987654321" },
    config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/team/deployer\nsource_profile = bastion\n",
  });
  ({ env, home } = seed);
  // sample_switch_role is known only from the cache: used once before.
  const r = await run(["env", "private_aws", "sample_switch_role", "--shell", "json", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  await Promise.all(panes.map((p) => p.kill()));
  await emu?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const COMMANDS = "env exec credential-process status login clear logout list plan shell-init completion direnv keys serve assume-role".split(" ");

// [line up to the cursor, what is offered]
const CASES: Array<[string, string[]]> = [
  ["switchrole ", COMMANDS],
  ["switchrole e", ["env", "exec"]],
  ["switchrole env --sh", ["--shell"]],
  ["switchrole env --shell ", ["bash", "zsh", "fish", "pwsh", "json", "dotenv"]],
  ["switchrole env ", ["private_aws", "other_aws", "dev"]],
  ["switchrole env private_aws ", ["team/deployer", "sample_switch_role"]],
  ["switchrole exec --server private_aws s", ["sample_switch_role"]],
  ["sr ", ["private_aws", "other_aws", "dev"]],
  ["sr private_aws t", ["team/deployer"]],
  ["sr dev --dur", ["--duration"]],
  ["assume-role priv", ["private_aws"]],
  ["switchrole shell-init ", ["bash", "zsh", "fish", "pwsh"]],
  ["switchrole completion ", ["bash", "zsh", "fish"]],
  ["switchrole login ", ["bastion"]],
];

describe("bash", { skip: skipUnless("bash") }, () => {
  // What readline would insert: COMPREPLY as the registered function leaves it.
  const script = (lines: string[]) => `eval "$(switchrole shell-init bash)"
for p in switchrole sr assume-role; do complete -p "$p"; done
fn=$(complete -p switchrole); fn=\${fn#* -F }; fn=\${fn%% *}
c() {
  COMP_LINE=$1; COMP_POINT=\${#1}
  read -r -a COMP_WORDS <<< "$1"; [[ $1 == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
  "$fn" "\${COMP_WORDS[0]}" "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]:-}"
  printf '== %s\\n' "$1"; printf '%s\\n' "\${COMPREPLY[@]}"
}
${lines.map((l) => `c '${l}'`).join("\n")}
`;

  function replies(lines: string[]): { registered: string; got: Map<string, string[]> } {
    const r = spawnSync("bash", ["--norc", "--noprofile", "-c", script(lines)], { env, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    const [registered = "", ...blocks] = r.stdout.split(/^== /m);
    const got = new Map(blocks.map((b) => {
      const [line = "", ...values] = b.split("\n");
      return [line, values.filter((v) => v !== "")];
    }));
    return { registered, got };
  }

  test("shell-init registers one function for switchrole, sr and assume-role; each line gets what fits", () => {
    const { registered, got } = replies(CASES.map(([l]) => l));
    assert.equal(registered, ["switchrole", "sr", "assume-role"].map((p) => `complete -o nosort -F _switchrole_complete ${p}\n`).join(""));
    for (const [line, expected] of CASES) assert.deepEqual(got.get(line), expected, line);
  });

  test("= and : split bash's words: the answer is the part readline replaces", () => {
    const { got } = replies(["switchrole env --shell=z", "sr arn:aws:iam::123456789012:role/t"]);
    assert.deepEqual(got.get("switchrole env --shell=z"), ["zsh"]);
    assert.deepEqual(got.get("sr arn:aws:iam::123456789012:role/t"), ["role/team/deployer"]);
  });

  test("after exec's --, the command's name is a command", () => {
    const { got } = replies(["switchrole exec dev -- printen"]);
    // (compgen -c names printenv once per directory on PATH that has it; readline shows it once.)
    assert.deepEqual([...new Set(got.get("switchrole exec dev -- printen"))], ["printenv"]);
  });

  test("Tab at an interactive bash: sr pri<Tab> sa<Tab>, Enter: the role is set", { skip: skipUnless("tmux") }, async () => {
    const t = await startTmux(["bash", "--norc", "--noprofile", "-i"], { env: { ...env, PS1: "$ " }, cwd: home });
    panes.push(t);
    await t.waitFor(/\$ $/m);
    await t.send('eval "$(switchrole shell-init bash)"', true);
    await t.waitFor((p) => prompts(p) >= 2);
    await t.send("sr pri");
    await t.keys("Tab");
    await t.waitFor(/^\$ sr private_aws $/m);
    await t.send("sa");
    await t.keys("Tab");
    await t.waitFor(/^\$ sr private_aws sample_switch_role $/m);
    await t.keys("Enter");
    await t.waitFor(/^switchrole: private_aws \(123456789012\) as sample_switch_role, .* left$/m);
    await t.send("switchrole env ");
    await t.keys("Tab", "Tab");
    const pane = await t.waitFor(/dev\s+other_aws\s+private_aws|private_aws\s+other_aws\s+dev/);
    assert.ok(pane.includes("$ switchrole env "), pane);
  });
});

describe("fish", { skip: skipUnless("fish") }, () => {
  function completions(lines: string[], load = "switchrole shell-init fish | source"): Map<string, string[]> {
    const script = `${load}\n${lines.map((l) => `echo '== ${l}'; complete -C '${l}'`).join("\n")}\n`;
    const r = spawnSync("fish", ["--no-config", "-c", script], { env, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    return new Map(r.stdout.split(/^== /m).filter(Boolean).map((b) => {
      const [line = "", ...values] = b.split("\n");
      return [line, values.filter((v) => v !== "")];
    }));
  }

  test("complete -C gives what fits, with descriptions", () => {
    const got = completions(CASES.map(([l]) => l));
    for (const [line, expected] of CASES) assert.deepEqual(got.get(line)?.map((v) => v.split("\t")[0]).sort(), [...expected].sort(), line);
    assert.ok(got.get("switchrole env ")?.includes("private_aws\taccount 123456789012"), String(got.get("switchrole env ")));
    assert.ok(got.get("switchrole env private_aws ")?.includes("team/deployer\trole of profile dev"));
  });

  test("switchrole completion fish alone does the same; after exec's -- fish completes the command", () => {
    const got = completions(["switchrole env private_aws s", "switchrole exec dev -- printen"], "switchrole completion fish | source");
    assert.deepEqual(got.get("switchrole env private_aws s")?.map((v) => v.split("\t")[0]), ["sample_switch_role"]);
    assert.ok(got.get("switchrole exec dev -- printen")?.some((v) => v.startsWith("printenv")), String(got.get("switchrole exec dev -- printen")));
  });

  test("Tab at an interactive fish: sr pri<Tab> sa<Tab>", { skip: skipUnless("tmux") }, async () => {
    const t = await startTmux(["fish", "--no-config", "-C", "set -g fish_greeting; function fish_prompt; printf '$ '; end"], { env, cwd: home });
    panes.push(t);
    await t.waitFor(/\$ $/m);
    await t.send("switchrole shell-init fish | source", true);
    await t.waitFor((p) => prompts(p) >= 2);
    await t.send("sr pri");
    await t.keys("Tab");
    await t.waitFor(/^\$ sr private_aws $/m);
    await t.send("sa");
    await t.keys("Tab");
    await t.waitFor(/^\$ sr private_aws sample_switch_role $/m);
  });
});

describe("zsh", { skip: skipUnless("zsh", "tmux") }, () => {
  async function zsh(setup: string[]): Promise<Tmux> {
    const t = await startTmux(["zsh", "-f", "-i"], { env: { ...env, PS1: "%% " }, cwd: home });
    panes.push(t);
    await t.waitFor(/^% $/m);
    for (const [i, line] of setup.entries()) {
      await t.send(line, true);
      await t.waitFor((p) => prompts(p) >= i + 2);
    }
    return t;
  }
  const COMPINIT = `autoload -Uz compinit && compinit -u -d ${join(home || "/tmp", ".zcompdump")}`;

  for (const [order, setup] of [
    ["compinit, then shell-init", () => [COMPINIT, 'eval "$(switchrole shell-init zsh)"']],
    ["shell-init before compinit (registered at the next prompt)", () => ['eval "$(switchrole shell-init zsh)"', COMPINIT]],
  ] as const) {
    test(`Tab at an interactive zsh, ${order}: sr pri<Tab> sa<Tab>, Enter; the list for switchrole env <Tab>`, async () => {
      const t = await zsh(setup());
      await t.send("sr pri");
      await t.keys("Tab");
      await t.waitFor(/^% sr private_aws $/m);
      await t.send("sa");
      await t.keys("Tab");
      await t.waitFor(/^% sr private_aws sample_switch_role $/m);
      await t.keys("Enter");
      await t.waitFor(/^switchrole: private_aws \(123456789012\) as sample_switch_role, .* left$/m);
      await t.send("switchrole env ");
      await t.keys("Tab");
      const pane = await t.waitFor(/private_aws\s+-- account 123456789012/);
      assert.match(pane, /other_aws\s+-- account 210987654321/);
      assert.match(pane, /dev\s+-- arn:aws:iam::123456789012:role\/team\/deployer/);
    });
  }
});

// It runs on every Tab: the dispatcher and the completion bundle only, the files it reads,
// nothing from node_modules, never the AWS SDK (dist/sts.js).
test("completing a target reads the accounts file, the AWS config and the cache without loading the SDK or any package", () => {
  const cli = join(ROOT, "dist/switchrole.js");
  const hook = (args: string[]) =>
    `const M=require("module");const o=M._load;const n=[];M._load=function(r,...x){n.push(r);return o.call(this,r,...x)};` +
    `process.on("exit",()=>process.stderr.write("LOADED "+JSON.stringify(n)+"\\n"));process.argv=[process.argv[0],...${JSON.stringify([cli, ...args])}];require(${JSON.stringify(cli)})`;
  for (const args of [["__complete", "bash", " =:", "switchrole env private_aws "], ["__complete", "zsh", "--", "sr", "private_aws", "s"], ["completion", "fish"]]) {
    const r = spawnSync(process.execPath, ["-e", hook(args)], { env, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const loaded = JSON.parse(r.stderr.split("\n").find((l) => l.startsWith("LOADED "))?.slice(7) ?? "[]") as string[];
    assert.ok(loaded.some((m) => m.endsWith("commands/completion.js")), `the completion bundle ran: ${loaded.join(" ")}`);
    assert.deepEqual(loaded.filter((m) => !m.startsWith("node:") && !m.startsWith(".") && !m.startsWith("/")), [], `no package was loaded for ${args.join(" ")}`);
    assert.deepEqual(loaded.filter((m) => /sts\.js/.test(m)), []);
    if (args[0] === "__complete") assert.match(r.stdout, /sample_switch_role/, "and the cache was read");
  }
});
