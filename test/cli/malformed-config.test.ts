// A malformed ~/.aws/config or ~/.aws/credentials (issue 12): the lines AWS's INI loader
// skips without a word are named, one warning line each (file, line number, what to fix),
// and nothing else changes: the exit code and stdout are what the same files give without
// the bad lines, since the loader (and so switchrole) still reads the rest as before.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { BASTION } from "../helpers/world";
import { brief, cliHome, cliWorld } from "./fixture";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
before(async () => {
  emu = await startEmulator(cliWorld());
  ({ env, home } = cliHome(emu));
});
after(async () => {
  await emu.stop();
});

const CREDENTIALS = `[bastion]\naws_access_key_id=${BASTION.accessKeyId}\naws_secret_access_key=${BASTION.secretAccessKey}\n`;

/** `switchrole env --shell json` with the given files; the variable names it printed, its stderr lines, exit code and calls. */
async function envWith(files: { config: string; credentials?: string }) {
  writeFileSync(join(home, ".aws/config"), files.config);
  writeFileSync(join(home, ".aws/credentials"), files.credentials ?? CREDENTIALS);
  await emu.reset();
  const code = await emu.freshMfaCode();
  const r = await run(["env", "private_aws", "sample_switch_role", "--shell", "json", "--no-cache", "--mfa-code", "-"], env, { input: `${code}\n` });
  const names = r.stdout === "" ? [] : Object.keys(JSON.parse(r.stdout) as object).sort();
  return { code: r.code, names, stderr: r.stderr.split("\n").filter(Boolean), calls: (await emu.calls()).map(brief) };
}

test("a clean config gives no warning (the baseline for the cases below)", async () => {
  const r = await envWith({ config: "[profile bastion]\nregion = ap-northeast-1\n" });
  assert.equal(r.code, 0);
  assert.deepEqual(r.stderr, []);
  assert.ok(r.names.includes("AWS_SESSION_TOKEN"), r.names.join(" "));
  assert.deepEqual(r.calls, ["GetUser 200", "ListMFADevices 200", "GetSessionToken 200 +mfa", "AssumeRole 200"]);
});

test("an unclosed section header and a line without '=' are each named with file and line; stdout and exit code unchanged", async () => {
  const clean = await envWith({ config: "[profile bastion]\nregion = ap-northeast-1\n" });
  const r = await envWith({
    config: "[profile bastion]\nregion = ap-northeast-1\n[profile other\n# a comment\noutput json\n\n[default]\nregion = ap-northeast-1\n",
  });
  assert.equal(r.code, 0);
  assert.deepEqual(r.names, clean.names);
  assert.deepEqual(r.stderr, [
    `switchrole: warning: ~/.aws/config line 3: "[profile other" has no closing "]"; AWS's tools ignore this line and read the settings after it as part of the section before`,
    `switchrole: warning: ~/.aws/config line 5 has no "="; write it as name = value; AWS's tools ignore this line`,
  ]);
  assert.deepEqual(r.calls, clean.calls);
});

test("the credentials file is checked too, and a secret on a bad line is never shown", async () => {
  const secretLine = `aws_secret_access_key ${BASTION.secretAccessKey}`;
  const r = await envWith({
    config: "[profile bastion]\nregion = ap-northeast-1\n",
    credentials: `stray = 1\n${CREDENTIALS}${secretLine}\n`,
  });
  assert.equal(r.code, 0);
  assert.deepEqual(r.stderr, [
    "switchrole: warning: ~/.aws/credentials line 1 is outside any [section]; put it under one (e.g. [default]) or remove it; AWS's tools ignore this line",
    `switchrole: warning: ~/.aws/credentials line 5 has no "="; write it as name = value; AWS's tools ignore this line`,
  ]);
  assert.ok(!r.stderr.join("\n").includes(BASTION.secretAccessKey));
});

test("sub-section lines (s3 =, then indented settings) and comments are not warned about", async () => {
  const r = await envWith({
    config: "; top comment\n[profile bastion]\nregion = ap-northeast-1 # trailing\ns3 =\n  max_concurrent_requests = 10\n  addressing_style\n",
  });
  assert.equal(r.code, 0);
  assert.deepEqual(r.stderr, []);
});

test("an unclosed [profile bastion] header: its settings stay unread, as for the AWS CLI (here mfa_serial: the device is looked up in IAM), and the warning says why", async () => {
  const r = await envWith({ config: "[profile bastion\nregion = ap-northeast-1\nmfa_serial = arn:aws:iam::000000000000:mfa/nobody\n" });
  assert.equal(r.code, 0);
  assert.deepEqual(r.stderr, [`switchrole: warning: ~/.aws/config line 1: "[profile bastion" has no closing "]"; AWS's tools ignore this line`]);
  assert.deepEqual(r.calls, ["GetUser 200", "ListMFADevices 200", "GetSessionToken 200 +mfa", "AssumeRole 200"]);
});

test("login, status and list name the same lines (they read the files without resolving a target)", async () => {
  writeFileSync(join(home, ".aws/config"), "[profile bastion]\nregion = ap-northeast-1\n[profile other\noutput = json\n");
  writeFileSync(join(home, ".aws/credentials"), CREDENTIALS);
  const line = `switchrole: warning: ~/.aws/config line 3: "[profile other" has no closing "]"; AWS's tools ignore this line and read the settings after it as part of the section before`;
  try {
    for (const args of [["status"], ["list"], ["login", "bastion", "--mfa-code", "-"]]) {
      const r = await run(args, env, { input: `${await emu.freshMfaCode()}\n` });
      assert.ok(r.stderr.split("\n").includes(line), `switchrole ${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr.split("\n").filter((l) => l.includes("warning:")).length, 1, `one warning from ${args[0]}: ${r.stderr}`);
    }
  } finally {
    writeFileSync(join(home, ".aws/config"), "[profile bastion]\nregion = ap-northeast-1\n");
  }
});
