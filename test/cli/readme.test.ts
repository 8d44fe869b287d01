// The README's copy-paste examples (issue 12), run as a user would: every fenced block
// marked `<!-- readme-test: KIND -->` is taken from README.md as written. The config
// blocks become a temporary HOME's ~/.aws/credentials (the emulator's bastion keys in
// place of the `AKIA...` / `...` placeholders), ~/.aws/config (all `aws-config` blocks,
// in order; `/usr/local/bin/switchrole` is this tree's bin/switchrole) and
// ~/.aws/accounts; each `shell` block runs in its own bash (`set -euo pipefail`) against
// the emulator, with `aws` the AWS CLI v2 (pointed at the emulator), no region and no AWS_PROFILE_ASSUME_ROLE in
// the environment (a block that needs them must set them), and the MFA code from
// SWITCHROLE_MFA_CODE (the README's commands are not edited). A block passes when bash
// exits 0 and each `get-caller-identity` in it printed the role's assumed-role ARN.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { ROOT, run, seedHome, SWITCHROLE } from "../helpers/home";
import { AWS_CLI_V2, skipUnless } from "../helpers/programs";
import { BASTION } from "../helpers/world";
import { tempDir } from "../helpers/tmp";

interface Block {
  kind: string;
  lang: string;
  text: string;
  /** 1-based line of the marker in README.md, for failure messages. */
  line: number;
}

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const MARKER = /<!-- readme-test: ([a-z-]+) -->/g;
const KINDS = new Set(["aws-credentials", "aws-config", "accounts", "shell"]);
const ROLE_ARN = "arn:aws:sts::123456789012:assumed-role/sample_switch_role/";

/** Every marked block; a marker not directly followed by a fenced block is an error. */
function markedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const m of markdown.matchAll(MARKER)) {
    const line = markdown.slice(0, m.index).split("\n").length;
    const rest = markdown.slice(m.index + m[0].length);
    const fence = /^\n```(\w*)\n([\s\S]*?)\n```\n/.exec(rest);
    assert.ok(fence, `README.md line ${line}: ${m[0]} is not directly followed by a fenced block`);
    assert.ok(KINDS.has(m[1]!), `README.md line ${line}: unknown readme-test kind ${m[1]}`);
    blocks.push({ kind: m[1]!, lang: fence[1]!, text: `${fence[2]!}\n`, line });
  }
  return blocks;
}

const blocks = markedBlocks(README);
const of = (kind: string) => blocks.filter((b) => b.kind === kind);

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
let awsDir: string;
before(async () => {
  emu = await startEmulator();
  ({ env, home } = seedHome(emu));
  // What a user has: no switchrole variables, no region; `aws` is the AWS CLI v2.
  delete env.AWS_PROFILE_ASSUME_ROLE;
  for (const k of ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"]) delete env[k];
  awsDir = tempDir("switchrole-readme-bin-");
  // Debian's AWS CLI v2 (2.9) predates AWS_ENDPOINT_URL_<SERVICE> (2.13): `aws` is a
  // wrapper that passes the emulator as --endpoint-url to the README's `aws sts` lines.
  writeFileSync(
    join(awsDir, "aws"),
    `#!/bin/sh\ncase " $* " in *" sts "*) exec ${AWS_CLI_V2} "$@" --endpoint-url "$AWS_ENDPOINT_URL_STS" ;; esac\nexec ${AWS_CLI_V2} "$@"\n`,
    { mode: 0o755 },
  );
  env.PATH = `${awsDir}:${env.PATH ?? ""}`;
  env.AWS_PAGER = "";
  const [credentials] = of("aws-credentials");
  const [accounts] = of("accounts");
  writeFileSync(
    join(home, ".aws/credentials"),
    credentials!.text
      .replace(/^(aws_access_key_id\s*=\s*)AKIA\.\.\.$/m, `$1${BASTION.accessKeyId}`)
      .replace(/^(aws_secret_access_key\s*=\s*)\.\.\.$/m, `$1${BASTION.secretAccessKey}`),
    { mode: 0o600 },
  );
  writeFileSync(join(home, ".aws/config"), of("aws-config").map((b) => b.text.replaceAll("/usr/local/bin/switchrole", SWITCHROLE)).join("\n"));
  writeFileSync(join(home, ".aws/accounts"), accounts!.text);
});
after(async () => {
  await emu?.stop();
});

test("the README marks its setup files and at least one shell block, each a fenced block", () => {
  assert.equal(of("aws-credentials").length, 1);
  assert.equal(of("accounts").length, 1);
  assert.ok(of("aws-config").length >= 2, "the bastion profile and the credential_process profile");
  assert.ok(of("shell").length >= 3);
  assert.deepEqual(of("aws-credentials").concat(of("aws-config")).map((b) => b.lang), of("aws-credentials").concat(of("aws-config")).map(() => "ini"));
});

test("the accounts example is valid JSON mapping names to 12-digit ids", () => {
  const parsed = JSON.parse(of("accounts")[0]!.text) as Record<string, unknown>;
  assert.deepEqual(parsed, { private_aws: "123456789012" });
});

test("the credentials example has the placeholders the test replaces (so the keys written are the emulator's)", () => {
  const text = readFileSync(join(home, ".aws/credentials"), "utf8");
  assert.match(text, new RegExp(`aws_access_key_id = ${BASTION.accessKeyId}$`, "m"));
  assert.ok(text.includes(BASTION.secretAccessKey));
});

for (const block of of("shell")) {
  const first = block.text.split("\n").find((l) => l.trim() !== "") ?? "";
  test(`README.md line ${block.line}: ${first.slice(0, 70)}`, { skip: skipUnless(AWS_CLI_V2, "bash") }, async () => {
    // Each block on its own, as if run first: a fresh emulator and no cached session.
    await emu.reset();
    rmSync(join(home, ".cache/switchrole"), { recursive: true, force: true });
    const code = await emu.freshMfaCode();
    const r = await run(["--noprofile", "--norc", "-c", `set -euo pipefail\n${block.text}`], { ...env, SWITCHROLE_MFA_CODE: code }, { program: "bash", cwd: home });
    assert.equal(r.code, 0, `bash exited ${r.code}; stderr:\n${r.stderr}`);
    const identities = block.text.split("get-caller-identity").length - 1;
    assert.ok(identities > 0, "the block shows the identity it got");
    assert.equal(r.stdout.split(ROLE_ARN).length - 1, identities, `each get-caller-identity answers as the role; stdout:\n${r.stdout}`);
    assert.doesNotMatch(r.stderr, /You must specify a region/);
    const calls = await emu.calls();
    assert.ok(
      calls.some((c) => c.action === "AssumeRole" && c.status === 200 && c.roleArn === "arn:aws:iam::123456789012:role/sample_switch_role"),
      calls.map((c) => `${c.action} ${c.status}`).join(", "),
    );
  });
}
