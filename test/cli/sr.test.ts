// `sr` from the real `switchrole shell-init`, in real bash, zsh and fish, against the
// emulator: `sr <target>` sets the role in this shell and says so in one stderr line
// (account, role, time left); the AWS CLI then runs as the role; `sr -u` / `sr --unset`
// removes every variable switchrole sets and nothing else. Cases run one after another
// (each MFA code is accepted once).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { AWS_CLI_V2, skipUnless } from "../helpers/programs";
import { exportedNames } from "../../src/report/exported-names";
import { formatRemaining } from "../../src/report/time-text";
import { cliHome, cliWorld } from "./fixture";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
before(async () => {
  emu = await startEmulator(cliWorld());
  env = { ...cliHome(emu).env, AWS_PAGER: "", KEEP_ME: "mine" };
});
after(async () => {
  await emu.stop();
});

const ROLE_ARN = "arn:aws:sts::123456789012:assumed-role/sample_switch_role/bastion";
const SAID = /^switchrole: private_aws \(123456789012\) as sample_switch_role, (\d+h \d+m|\d+m \d+s) left\n$/;

/** Every way formatRemaining may show the time from a moment in [from, to] (ms) to `expiration`. */
function shownLeft(expiration: number, from: number, to: number): Set<string> {
  const shown = new Set<string>();
  for (let t = from; t <= to + 1000; t += 250) shown.add(formatRemaining(expiration - Math.min(t, to)));
  return shown;
}

const SHELLS = {
  bash: { argv: ["bash", "--norc", "--noprofile", "-c"], load: 'eval "$(switchrole shell-init bash)"', names: "compgen -e", status: "$?" },
  zsh: { argv: ["zsh", "-f", "-c"], load: 'eval "$(switchrole shell-init zsh)"', names: "print -rl -- ${(k)parameters[(R)*export*]}", status: "$?" },
  fish: { argv: ["fish", "--no-config", "-c"], load: "switchrole shell-init fish | source", names: "set -xn", status: "$status" },
} as const;

for (const [shell, c] of Object.entries(SHELLS)) {
  const [program, ...args] = c.argv;
  const inShell = (script: string) => run([...args, script], env, { program });

  test(`${shell}: sr sets the role, says so on stderr, and the AWS CLI runs as it`, { skip: skipUnless(shell, AWS_CLI_V2) }, async () => {
    const code = await emu.freshMfaCode();
    const before = Date.now();
    const r = await inShell(
      `${c.load}\nsr private_aws sample_switch_role --mfa-code ${code} --no-cache\necho "sr=${c.status}"\n${AWS_CLI_V2} sts get-caller-identity --endpoint-url ${emu.url} --query Arn --output text 2>&1\necho "$AWS_CREDENTIAL_EXPIRATION"`,
    );
    const after = Date.now();
    assert.equal(r.code, 0, r.stderr);
    const [status, arn, expiration = ""] = r.stdout.split("\n");
    assert.deepEqual([status, arn], ["sr=0", ROLE_ARN], "sr itself prints nothing on stdout");
    assert.match(r.stderr, SAID);
    // The time left, as switchrole's clock saw it at some moment while sr ran (the emulator's may be ahead).
    const left = SAID.exec(r.stderr)![1]!;
    const possible = shownLeft(Date.parse(expiration), before, after);
    assert.ok(possible.has(`${left} left`), `"${left} left" is the time from [${new Date(before).toISOString()}, ${new Date(after).toISOString()}] to ${expiration}: ${[...possible].join(", ")}`);
  });

  for (const flag of ["-u", "--unset"]) {
    test(`${shell}: sr ${flag} removes what sr set, and nothing else`, { skip: skipUnless(shell) }, async () => {
      const code = await emu.freshMfaCode();
      const r = await inShell(
        `${c.load}\nsr private_aws sample_switch_role --mfa-code ${code} --no-cache\n${c.names} > /dev/null\necho "--- set"\n${c.names}\nsr ${flag}\necho "--- unset ${c.status}"\n${c.names}`,
      );
      assert.equal(r.code, 0, r.stderr);
      const [, whileSet = "", afterUnset = ""] = r.stdout.split(/^--- (?:set|unset \d+)\n/m);
      assert.match(r.stdout, /^--- unset 0$/m, "sr -u returns 0");
      const setNames = new Set(whileSet.split("\n").filter(Boolean));
      const leftNames = new Set(afterUnset.split("\n").filter(Boolean));
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCOUNT_NAME", "AWS_REGION"]) assert.ok(setNames.has(name), `sr set ${name}`);
      for (const name of exportedNames()) assert.equal(leftNames.has(name), false, `sr ${flag} left ${name}`);
      for (const name of ["KEEP_ME", "AWS_PROFILE_ASSUME_ROLE", "AWS_ENDPOINT_URL_STS", "HOME", "PATH"]) assert.ok(leftNames.has(name), `sr ${flag} kept ${name}`);
      const lines = r.stderr.split("\n").filter(Boolean);
      assert.equal(lines.length, 2, r.stderr);
      assert.match(`${lines[0]}\n`, SAID);
      assert.equal(lines[1], "switchrole: unset the credentials of private_aws (123456789012) as sample_switch_role");
    });
  }
}

test("switchrole env --unset prints the removal of every variable it sets, for each shell; with a target it is a usage error", async () => {
  const names = exportedNames();
  // What switchrole env, env --endpoint and assume-role set (src/credentials/exports.ts, src/server/endpoint-vars.ts).
  assert.deepEqual(
    names,
    ("AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION AWS_DEFAULT_REGION " +
      "AWS_ACCOUNT_ID AWS_ACCOUNT_NAME AWS_ACCOUNT_ROLE ROLE_SESSION_START GEO_ENV AWS_SESSION_ACCESS_KEY_ID AWS_SESSION_SECRET_ACCESS_KEY " +
      "AWS_SESSION_SESSION_TOKEN AWS_SESSION_SECURITY_TOKEN AWS_SESSION_START AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_CONTAINER_AUTHORIZATION_TOKEN").split(" "),
  );
  const expected: Record<string, (n: string) => string> = {
    bash: (n) => `unset -v ${n}`,
    zsh: (n) => `unset -v ${n}`,
    fish: (n) => `set -e ${n}`,
    pwsh: (n) => `Remove-Item Env:${n} -ErrorAction SilentlyContinue`,
    dotenv: () => "",
  };
  for (const [shell, line] of Object.entries(expected)) {
    const r = await run(["env", "--unset", "--shell", shell], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, shell === "dotenv" ? "" : names.map((n) => `${line(n)}\n`).join(""), shell);
  }
  const json = await run(["env", "-u", "--shell", "json"], env);
  assert.deepEqual(JSON.parse(json.stdout), Object.fromEntries(names.map((n) => [n, null])));
  const bad = await run(["env", "--unset", "private_aws", "sample_switch_role"], env);
  assert.deepEqual(bad, {
    code: 2,
    signal: null,
    stdout: "",
    stderr: 'switchrole: env: --unset takes no target (got "private_aws")\n  hint: run `switchrole env --unset` alone, with --shell if needed\n',
  });
});
