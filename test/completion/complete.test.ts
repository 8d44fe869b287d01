// complete(): what is offered for a command line, with the files replaced by plain data, and
// the bash side of the protocol (splitting COMP_LINE, what readline replaces), and shellcheck.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { commandOptions } from "../../src/args";
import { complete, type Completion, type Sources } from "../../src/completion/complete";
import { answer, bashReplacedFrom, splitLine } from "../../src/completion/protocol";
import { completionScript } from "../../src/completion/scripts";
import { SHELL_NAMES } from "../../src/shells";
import { skipUnless } from "../helpers/programs";

const SOURCES: Sources = {
  accounts: async () => new Map([["private_aws", "123456789012"], ["other", "210987654321"]]),
  profiles: async () => [
    { name: "bastion", region: "ap-northeast-1", mfaSerial: "arn:aws:iam::111111111111:mfa/bastion" },
    { name: "dev", roleArn: "arn:aws:iam::123456789012:role/team/deployer", region: "us-east-1" },
    { name: "ops", roleArn: "arn:aws:iam::210987654321:role/ops" },
  ],
  cachedRoleArns: async () => ["arn:aws:iam::123456789012:role/sample_switch_role", "arn:aws:iam::123456789012:role/team/deployer"],
};
const BROKEN: Sources = {
  accounts: async () => {
    throw new Error("~/.aws/accounts is not valid JSON");
  },
  profiles: async () => {
    throw new Error("unreadable");
  },
  cachedRoleArns: async () => {
    throw new Error("untrusted cache");
  },
};

async function values(line: string, sources = SOURCES): Promise<string[]> {
  const r = await complete(splitLine(line).words, sources);
  assert.equal(r.kind, "words", `${line}: ${JSON.stringify(r)}`);
  return r.kind === "words" ? r.candidates.map((c) => c.value) : [];
}

const cases: Array<[line: string, expected: string[]]> = [
  ["switchrole e", ["env", "exec"]],
  ["switchrole --", ["--help", "--version"]],
  ["switchrole env ", ["private_aws", "other", "dev", "ops"]],
  ["switchrole env private_aws ", ["team/deployer", "sample_switch_role"]],
  ["switchrole env 123456789012 s", ["sample_switch_role"]],
  ["switchrole env other ", ["ops"]],
  ["switchrole env --shell ", [...SHELL_NAMES]],
  ["switchrole env -s f", ["fish"]],
  ["switchrole env --shell=z", ["--shell=zsh"]],
  ["switchrole env --duration ", ["15m", "30m", "1h", "2h", "4h", "8h", "12h"]],
  ["switchrole env --region ", ["ap-northeast-1", "us-east-1"]],
  ["switchrole env --mfa-serial ", ["arn:aws:iam::111111111111:mfa/bastion"]],
  ["switchrole env --source-profile ", ["bastion"]],
  ["switchrole env --mfa-code ", []],
  ["switchrole env --duration 1h private_aws t", ["team/deployer"]],
  ["switchrole env arn:aws:iam::123456789012:role/t", ["arn:aws:iam::123456789012:role/team/deployer"]],
  ["switchrole env dev --re", ["--region", "--refresh"]],
  ["switchrole env --refresh --re", ["--region"]],
  ["sr pri", ["private_aws"]],
  ["sr private_aws sa", ["sample_switch_role"]],
  ["sr -", Object.keys(commandOptions.env).map((o) => `--${o}`).sort((a, b) => Number(/help|debug/.test(a)) - Number(/help|debug/.test(b)))],
  ["assume-role ", ["private_aws", "other"]],
  ["assume-role private_aws ", ["team/deployer", "sample_switch_role"]],
  ["assume-role private_aws sample_switch_role ", []],
  ["assume-role private_aws sample_switch_role 123456 ", ["ap-northeast-1", "us-east-1"]],
  ["assume-role --one", []],
  ["switchrole login ", ["bastion"]],
  ["switchrole status --color ", ["auto", "always", "never"]],
  ["switchrole status ", ["--json", "--color", "--help", "--debug"]],
  ["switchrole shell-init ", ["bash", "zsh", "fish", "pwsh"]],
  ["switchrole completion ", ["bash", "zsh", "fish"]],
  ["switchrole direnv ", ["install", "print"]],
  ["switchrole direnv install ", []],
  ["switchrole keys ", ["add", "list", "remove", "rotate"]],
  ["switchrole keys r", ["remove", "rotate"]],
  ["switchrole keys rotate ", ["bastion"]],
  ["switchrole keys list ", ["--from-credentials-file", "--remove-from-file", "--keep-in-file", "--region", "--json", "--help", "--debug"]],
  ["switchrole keys add bastion ", ["--from-credentials-file", "--remove-from-file", "--keep-in-file", "--region", "--json", "--help", "--debug"]],
  ["switchrole keys add --from", ["--from-credentials-file"]],
  ["switchrole clear --a", ["--all"]],
  ["switchrole nosuch ", []],
  ["switchrole plan -- ", []],
  ["switchrole env -- ", []],
];

for (const [line, expected] of cases) {
  test(`[${line}]`, async () => assert.deepEqual(await values(line), expected));
}

test("every option a command parses is offered, but the internal --oneline", async () => {
  for (const [name, table] of Object.entries(commandOptions)) {
    const offered = await values(`switchrole ${name} --`);
    assert.deepEqual(offered.sort(), Object.keys(table).filter((o) => o !== "oneline").map((o) => `--${o}`).sort(), name);
  }
});

test("after exec's --, the rest is a command line of its own", async () => {
  const nested: Completion = { kind: "nested", start: 4 };
  assert.deepEqual(await complete(splitLine("switchrole exec dev -- terraform pl").words, SOURCES), nested);
  assert.deepEqual(await complete(splitLine("switchrole exec --server dev --duration 1h -- ").words, SOURCES), { kind: "nested", start: 7 });
  assert.equal(answer(nested, "zsh", 5), ":nested 4 5\n");
});

test("files that cannot be read leave their candidates out and nothing else", async () => {
  assert.deepEqual(await values("switchrole env ", BROKEN), []);
  assert.deepEqual((await values("switchrole env private_aws ", BROKEN)).filter((v) => !v.startsWith("--")), []);
  assert.deepEqual(await values("switchrole env --shell b", BROKEN), ["bash"]);
  assert.deepEqual(await values("switchrole e", BROKEN), ["env", "exec"]);
});

test("descriptions go to zsh and fish, never to bash", async () => {
  const r = await complete(["switchrole", "env", "o"], SOURCES);
  assert.equal(answer(r, "fish", 2), "other\taccount 210987654321\nops\tarn:aws:iam::210987654321:role/ops\n");
  assert.equal(answer(r, "bash", 2), "other\nops\n");
});

test("bash: the line is split as bash would, and answers are cut where readline replaces", () => {
  assert.deepEqual(splitLine("sr 'a b' \"c\\\"d\" e\\ f "), { words: ["sr", "a b", 'c"d', "e f", ""], raw: "" });
  assert.deepEqual(splitLine("switchrole env --shell=ba"), { words: ["switchrole", "env", "--shell=ba"], raw: "--shell=ba" });
  const breaks = "\"'><=;|&(:";
  assert.equal(bashReplacedFrom("--shell=ba", breaks), "--shell=".length);
  assert.equal(bashReplacedFrom("arn:aws:iam::1", breaks), "arn:aws:iam::".length);
  assert.equal(bashReplacedFrom("private", breaks), 0);
  assert.equal(bashReplacedFrom("'arn:aws", breaks), 0);
  assert.equal(bashReplacedFrom("--shell=ba", " \t\n"), 0, "COMP_WORDBREAKS without = or :");
  assert.equal(answer({ kind: "words", candidates: [{ value: "--shell=bash" }] }, "bash", 2, 8), "bash\n");
});

test("shellcheck finds nothing in the bash script, for any program path", { skip: skipUnless("shellcheck") }, () => {
  for (const command of ["switchrole", "/opt/it's here/switchrole"]) {
    execFileSync("shellcheck", ["--shell=bash", "--severity=style", "-"], { input: completionScript("bash", command) });
  }
});
