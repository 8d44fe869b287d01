// The seed's shell walkthrough (docs/seed-walkthrough.md, "In a shell"), typed verbatim
// into interactive bash and zsh at a real terminal (tmux), the MFA code typed at the
// `MFA Token: ` prompt. Then what the original got wrong: a wrong code, a bad duration,
// 12-hour sessions, and `eval $(assume-role ...)` without sourcing. One emulator; cases
// run one after another (each MFA code is accepted once, and each case reads the call log).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assertExpiresAfter, startEmulator, type Emulator } from "../helpers/emulator";
import { skipUnless, AWS_CLI_V2 } from "../helpers/programs";
import { BASTION } from "../helpers/world";
import { brief, cliHome, cliWorld } from "./fixture";
import { ShellSession, type InteractiveShell } from "./shell-session";

const SEED_VARIABLES = [
  "AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ACCOUNT_ID AWS_ACCOUNT_NAME AWS_ACCOUNT_ROLE",
  "GEO_ENV AWS_REGION AWS_DEFAULT_REGION AWS_SESSION_ACCESS_KEY_ID AWS_SESSION_SECRET_ACCESS_KEY AWS_SESSION_SESSION_TOKEN",
  "AWS_SESSION_SECURITY_TOKEN AWS_SESSION_START ROLE_SESSION_START AWS_CREDENTIAL_EXPIRATION",
].join(" ").split(" ").sort();
const SUCCESS = "Success! IAM session envars are exported.";
const DISCOVERY = ["GetUser 200", "ListMFADevices 200"];

let emu: Emulator;
const sessions: ShellSession[] = [];
before(async () => {
  emu = await startEmulator(cliWorld());
});
after(async () => {
  await Promise.all(sessions.map((s) => s.kill()));
  await emu?.stop();
});

/** A fresh HOME (so a fresh cache) and an interactive shell in it, without AWS_PROFILE_ASSUME_ROLE set yet. */
async function open(shell: InteractiveShell): Promise<{ sh: ShellSession; home: string }> {
  await emu.reset();
  const { env, home } = cliHome(emu, { env: { AWS_PAGER: "" } });
  delete env.AWS_PROFILE_ASSUME_ROLE;
  const sh = await ShellSession.start(shell, env, home);
  sessions.push(sh);
  return { sh, home };
}

function readEnv(file: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) vars.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return vars;
}

/** Runs `assume-role <args>` and answers each `MFA Token: ` with the next of `codes`. */
async function assumeRole(sh: ShellSession, command: string, codes: Array<() => Promise<string>>) {
  const before = await sh.type(command);
  for (const [i, code] of codes.entries()) {
    await sh.waitForCount("MFA Token: ", i + 1);
    await sh.tmux.send(await code(), true);
  }
  return sh.finish(before);
}

const arn = (role: string, session: string) => `arn:aws:sts::123456789012:assumed-role/${role}/${session}`;
const identity = (sh: ShellSession) => sh.run(`${AWS_CLI_V2} sts get-caller-identity --endpoint-url ${emu.url} --query Arn --output text`, 30_000);

for (const shell of ["bash", "zsh"] as const) {
  describe(`${shell}: the seed's walkthrough`, { skip: skipUnless("tmux", shell, AWS_CLI_V2) }, () => {
    test("verbatim: source, assume-role, MFA Token, env | grep, then the AWS CLI works", async () => {
      const { sh, home } = await open(shell);
      assert.deepEqual(await sh.run("export AWS_PROFILE_ASSUME_ROLE=bastion"), { output: "", status: 0 });
      assert.deepEqual(await sh.run("source $(which assume-role)"), { output: "", status: 0 }, "sourcing prints nothing");
      assert.deepEqual(await sh.run("source $(which assume-role) private_aws sample_switch_role"), { output: "", status: 0 }, "with arguments too");
      assert.deepEqual(await sh.run("echo alive"), { output: "alive\n", status: 0 });
      await sh.run(`env > ${join(home, "before.env")}`);

      let code = "";
      const r = await assumeRole(sh, "assume-role private_aws sample_switch_role", [async () => (code = await emu.freshMfaCode())]);
      assert.equal(r.output, `Using assume-role default profile: bastion\nMFA Token: ${code}\n\n${SUCCESS}\n`);
      assert.equal(r.status, 0);

      const grep = await sh.run("env | grep AWS_ACCESS_KEY_ID");
      assert.match(grep.output, /^AWS_ACCESS_KEY_ID=ASIA[A-Z0-9]{16}$/m);
      const id = await identity(sh);
      assert.deepEqual(id, { output: `${arn("sample_switch_role", BASTION.userName)}\n`, status: 0 });

      await sh.run(`env > ${join(home, "after.env")}`);
      const [was, now] = [readEnv(join(home, "before.env")), readEnv(join(home, "after.env"))];
      const changed = [...now.keys()].filter((k) => k !== "_" && now.get(k) !== was.get(k)).sort();
      assert.deepEqual(changed, SEED_VARIABLES);
      assert.deepEqual([...was.keys()].filter((k) => !now.has(k)), [], "nothing unset");
      assert.equal(now.get("GEO_ENV"), "private_aws");
      assert.equal(now.get("AWS_ACCOUNT_ID"), "123456789012");
      assert.equal(now.get("AWS_ACCOUNT_ROLE"), "sample_switch_role");
      assert.equal(now.get("AWS_REGION"), "ap-northeast-1");
      assert.equal(now.get("AWS_SECURITY_TOKEN"), now.get("AWS_SESSION_TOKEN"));
      assert.equal(now.get("AWS_SESSION_SECURITY_TOKEN"), now.get("AWS_SESSION_SESSION_TOKEN"));
      assert.notEqual(now.get("AWS_SESSION_ACCESS_KEY_ID"), now.get("AWS_ACCESS_KEY_ID"));
      assert.deepEqual((await emu.calls()).map(brief), [...DISCOVERY, "GetSessionToken 200 +mfa", "AssumeRole 200", "GetCallerIdentity 200"]);
    });

    test("a wrong code is asked again; after 3 nothing is exported and the status is non-zero", async () => {
      const { sh } = await open(shell);
      await sh.run("export AWS_PROFILE_ASSUME_ROLE=bastion");
      await sh.run("source $(which assume-role)");
      const wrong = async () => "000000";
      const r = await assumeRole(sh, "assume-role private_aws sample_switch_role", [wrong, wrong, wrong]);
      assert.notEqual(r.status, 0);
      assert.equal(r.output.split("MFA Token: ").length - 1, 3, r.output);
      assert.match(r.output, /^switchrole: STS refused the MFA code: .*\n {2}hint: /m);
      assert.ok(!r.output.includes(SUCCESS));
      assert.deepEqual(await sh.run('echo "${AWS_ACCESS_KEY_ID-unset} ${AWS_SESSION_TOKEN-unset} ${GEO_ENV-unset}"'), { output: "unset unset unset\n", status: 0 });
      assert.deepEqual((await emu.calls()).map(brief), [...DISCOVERY, ...Array<string>(3).fill("GetSessionToken 403 AccessDenied +mfa")]);
    });

    test("AWS_ROLE_SESSION_TIMEOUT=60 fails before any prompt or call", async () => {
      const { sh } = await open(shell);
      await sh.run("export AWS_PROFILE_ASSUME_ROLE=bastion");
      await sh.run("source $(which assume-role)");
      await sh.run("export AWS_ROLE_SESSION_TIMEOUT=60");
      const r = await sh.run("assume-role private_aws sample_switch_role");
      assert.deepEqual(r, {
        output:
          "switchrole: AWS_ROLE_SESSION_TIMEOUT=60 is below the 900-second minimum of STS (allowed: 900–43200 seconds)\n" +
          "  hint: use a value in that range, e.g. AWS_ROLE_SESSION_TIMEOUT=3600\n",
        status: 2,
      });
      assert.deepEqual(await sh.run('echo "${AWS_ACCESS_KEY_ID-unset}"'), { output: "unset\n", status: 0 });
      assert.deepEqual(await emu.calls(), []);
    });

    test("AWS_ROLE_SESSION_TIMEOUT=43200: one AssumeRole with the code, and the note", async () => {
      const { sh } = await open(shell);
      await sh.run("export AWS_PROFILE_ASSUME_ROLE=bastion");
      await sh.run("source $(which assume-role)");
      await sh.run("export AWS_ROLE_SESSION_TIMEOUT=43200     # 12 hours");
      let code = "";
      const r = await assumeRole(sh, "assume-role private_aws sample_switch_role", [async () => (code = await emu.freshMfaCode())]);
      assert.equal(r.status, 0, r.output);
      assert.equal(
        r.output,
        "Using assume-role default profile: bastion\n" +
          "switchrole: note: 43200 s is over AWS's 1-hour limit for roles assumed from an MFA session, so this role is assumed directly with a new MFA code (the MFA session is not reused)\n" +
          `MFA Token: ${code}\n\n${SUCCESS}\n`,
      );
      const answered = await emu.now();
      const calls = await emu.calls();
      assert.deepEqual(calls.map(brief), [...DISCOVERY, "AssumeRole 200 +mfa"]);
      assert.equal(calls[2]?.durationSeconds, 43200);
      assert.deepEqual(await identity(sh), { output: `${arn("sample_switch_role", BASTION.userName)}\n`, status: 0 });
      const exp = await sh.run('echo "$AWS_CREDENTIAL_EXPIRATION ${AWS_SESSION_ACCESS_KEY_ID-unset}"');
      const [expiry, session] = exp.output.trim().split(" ");
      // 12 hours after the AssumeRole that issued it (its call log time, the emulator's clock).
      assertExpiresAfter(Date.parse(expiry ?? ""), 43200, calls[2]!, answered, `AWS_CREDENTIAL_EXPIRATION=${expiry}`);
      assert.equal(session, "unset", "no MFA session was made");
    });

    test("no account or role given: both are asked on the terminal, then the MFA code", async () => {
      const { sh } = await open(shell);
      await sh.run("export AWS_PROFILE_ASSUME_ROLE=bastion");
      await sh.run("source $(which assume-role)");
      const before = await sh.type("assume-role");
      await sh.waitForCount("Assume Into Account [default]:", 1);
      await sh.tmux.send("private_aws", true);
      await sh.waitForCount("Assume Into Role [read]: ", 1);
      await sh.tmux.send("sample_switch_role", true);
      await sh.waitForCount("MFA Token: ", 1);
      const code = await emu.freshMfaCode();
      await sh.tmux.send(code, true);
      const r = await sh.finish(before);
      assert.equal(r.status, 0, r.output);
      assert.ok(r.output.endsWith(`Using assume-role default profile: bastion\nMFA Token: ${code}\n\n${SUCCESS}\n`), r.output);
      assert.deepEqual(await sh.run("echo $AWS_ACCOUNT_NAME $AWS_ACCOUNT_ROLE"), { output: "private_aws sample_switch_role\n", status: 0 });
    });

    test("Ctrl-C at the MFA prompt: nothing exported, the shell lives on", async () => {
      const { sh } = await open(shell);
      await sh.run("export AWS_PROFILE_ASSUME_ROLE=bastion");
      await sh.run("source $(which assume-role)");
      const before = await sh.type("assume-role private_aws sample_switch_role");
      await sh.waitForCount("MFA Token: ", 1);
      await sh.tmux.keys("C-c");
      const r = await sh.finish(before);
      assert.notEqual(r.status, 0);
      assert.ok(!r.output.includes(SUCCESS));
      assert.deepEqual(await sh.run('echo "${AWS_ACCESS_KEY_ID-unset}" alive'), { output: "unset alive\n", status: 0 });
      assert.deepEqual((await emu.calls()).map(brief), DISCOVERY);
    });

    test("eval $(assume-role ...) run directly, not sourced", async () => {
      const { sh } = await open(shell);
      await sh.run("export AWS_PROFILE_ASSUME_ROLE=nomfa AWS_SESSION_ACCESS_KEY_ID=ASIASTALEFROMBEFORE0");
      const r = await sh.run("eval $(assume-role private_aws no_mfa_role)");
      assert.deepEqual(r, { output: `Using assume-role default profile: nomfa\n${SUCCESS}\n`, status: 0 });
      assert.deepEqual(await identity(sh), { output: `${arn("no_mfa_role", "nomfa")}\n`, status: 0 });
      assert.deepEqual(await sh.run('echo $GEO_ENV $AWS_ACCOUNT_ROLE ${AWS_SESSION_ACCESS_KEY_ID-unset}'), { output: "private_aws no_mfa_role unset\n", status: 0 });
    });
  });
}
