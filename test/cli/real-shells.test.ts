// `eval "$(switchrole env ...)"` in real bash and zsh, `switchrole env ... | source` in fish
// (and pwsh when installed): in the SAME shell, the AWS CLI v2 then runs as the role. A
// failing `switchrole env` leaves the shell's variables exactly as they were.
// Cases run one after another: each MFA code is accepted once.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { AWS_CLI_V2, skipUnless, which } from "../helpers/programs";
import { cliHome, cliWorld } from "./fixture";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
before(async () => {
  emu = await startEmulator(cliWorld());
  env = { ...cliHome(emu).env, AWS_PAGER: "", AWS_ACCESS_KEY_ID: "AKIAPREVIOUSVALUE000", AWS_SESSION_TOKEN: "previous" };
});
after(async () => {
  await emu.stop();
});

const ROLE_ARN = "arn:aws:sts::123456789012:assumed-role/sample_switch_role/bastion";
const identity = () => `${AWS_CLI_V2} sts get-caller-identity --endpoint-url ${emu.url} --query Arn --output text`;

interface ShellCase {
  shell: string;
  /** argv of the shell running one script. */
  argv: string[];
  /** A script that loads `switchrole env <args>` into the shell, then runs `after`. */
  script: (envArgs: string, after: string) => string;
}

const shells: ShellCase[] = [
  { shell: "bash", argv: ["bash", "--norc", "--noprofile", "-c"], script: (a, then) => `eval "$(switchrole env ${a} --shell bash)"\n${then}` },
  { shell: "zsh", argv: ["zsh", "-f", "-c"], script: (a, then) => `eval "$(switchrole env ${a} --shell zsh)"\n${then}` },
  { shell: "fish", argv: ["fish", "--no-config", "-c"], script: (a, then) => `switchrole env ${a} --shell fish | source\n${then}` },
  { shell: "pwsh", argv: ["pwsh", "-NoProfile", "-NonInteractive", "-Command"], script: (a, then) => `switchrole env ${a} --shell pwsh | Out-String | Invoke-Expression\n${then}` },
];

const show = "echo \"[$AWS_ACCESS_KEY_ID] [$AWS_SESSION_TOKEN] [$AWS_ACCOUNT_NAME]\"";
const showPwsh = 'Write-Output "[$env:AWS_ACCESS_KEY_ID] [$env:AWS_SESSION_TOKEN] [$env:AWS_ACCOUNT_NAME]"';

// pwsh is optional (issue 3: "and pwsh if installed"): its cases exist only where it is.
for (const c of shells.filter((x) => x.shell !== "pwsh" || which("pwsh"))) {
  const skip = skipUnless(c.shell, AWS_CLI_V2);

  test(`${c.shell}: the role's credentials work in the AWS CLI in the same shell`, { skip }, async () => {
    const code = await emu.freshMfaCode();
    const [program, ...args] = c.argv as [string, ...string[]];
    const r = await run([...args, c.script(`private_aws sample_switch_role --mfa-code ${code} --no-cache`, identity())], env, { program });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${ROLE_ARN}\n`);
    assert.equal(r.stderr, "");
  });

  test(`${c.shell}: a failing switchrole env changes nothing`, { skip }, async () => {
    const [program, ...args] = c.argv as [string, ...string[]];
    const r = await run([...args, c.script("private_aws sample_switch_role --mfa-code 000000 --no-cache", c.shell === "pwsh" ? showPwsh : show)], env, { program });
    assert.equal(r.stdout, "[AKIAPREVIOUSVALUE000] [previous] []\n");
    assert.match(r.stderr, /^switchrole: the MFA code given with --mfa-code was refused$/m);
  });
}
