// Each renderer's whole output: set and unset lines, a final newline, validated names and
// values; and the shell chosen by name or from $SHELL.
import { test } from "node:test";
import assert from "node:assert/strict";
import { detectShell, parseShellName, render, SHELL_NAMES, type ShellName } from "../../src/shells/index";
import { UserError } from "../../src/errors";
import type { EnvVars } from "../../src/types";
import { HOSTILE } from "./hostile";

const VARS: EnvVars = [
  ["AWS_ACCESS_KEY_ID", "ASIAEXAMPLE"],
  ["AWS_ACCOUNT_NAME", "it's"],
  ["AWS_PROFILE", null],
];

const EXPECTED: Record<ShellName, string> = {
  bash: "export AWS_ACCESS_KEY_ID='ASIAEXAMPLE'\nexport AWS_ACCOUNT_NAME='it'\\''s'\nunset -v AWS_PROFILE\n",
  zsh: "export AWS_ACCESS_KEY_ID='ASIAEXAMPLE'\nexport AWS_ACCOUNT_NAME='it'\\''s'\nunset -v AWS_PROFILE\n",
  fish: "set -gx AWS_ACCESS_KEY_ID 'ASIAEXAMPLE'\nset -gx AWS_ACCOUNT_NAME 'it\\'s'\nset -e AWS_PROFILE\n",
  pwsh:
    "$Env:AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE'\n$Env:AWS_ACCOUNT_NAME = 'it''s'\n" +
    "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n",
  json: '{"AWS_ACCESS_KEY_ID":"ASIAEXAMPLE","AWS_ACCOUNT_NAME":"it\'s","AWS_PROFILE":null}\n',
  dotenv: "AWS_ACCESS_KEY_ID='ASIAEXAMPLE'\nAWS_ACCOUNT_NAME=\"it's\"\n",
};

for (const shell of SHELL_NAMES) {
  test(`render ${shell}: assignments, unsets, final newline`, () => {
    assert.equal(render(shell, VARS), EXPECTED[shell]);
  });

  test(`render ${shell}: nothing to do renders nothing (json: an empty object)`, () => {
    assert.equal(render(shell, []), shell === "json" ? "{}\n" : "");
  });

  test(`render ${shell}: invalid names are refused`, () => {
    for (const name of ["", "1A", "A-B", "A B", "A=B", "ÄB", "$(id)", "A\nB", "A;B"]) {
      assert.throws(() => render(shell, [[name, "x"]]), /invalid environment variable name/, JSON.stringify(name));
      assert.throws(() => render(shell, [[name, null]]), /invalid environment variable name/, JSON.stringify(name));
    }
    assert.doesNotThrow(() => render(shell, [["_a1", "x"]]));
  });

  test(`render ${shell}: a NUL byte or a lone surrogate is refused without showing the value`, () => {
    assert.throws(
      () => render(shell, [["SECRET", "top\0secret"]]),
      (e: Error) => e.message.includes("SECRET") && e.message.includes("NUL") && !e.message.includes("top"),
    );
    assert.throws(() => render(shell, [["SECRET", "top\uD800secret"]]), (e: Error) => /SECRET.*Unicode/.test(e.message) && !e.message.includes("top"));
  });
}

test("json: every hostile value and null parse back exactly; a repeated name keeps its last value", () => {
  const vars: EnvVars = HOSTILE.map(([, v], i) => [`V${i}`, v]);
  vars.push(["GONE", null], ["__proto__", "plain key"], ["V0", "last"]);
  const out = render("json", vars);
  assert.equal(out.endsWith("}\n"), true);
  assert.equal(out.split("\n").length, 2, "one line plus the final newline");
  const parsed = JSON.parse(out) as Record<string, string | null>;
  HOSTILE.forEach(([label, v], i) => i > 0 && assert.equal(parsed[`V${i}`], v, label));
  assert.equal(parsed.V0, "last");
  assert.equal(parsed.GONE, null);
  assert.equal(Object.getOwnPropertyDescriptor(parsed, "__proto__")?.value, "plain key");
});

test("detectShell: from $SHELL's basename, else bash", () => {
  const cases: Array<[string | undefined, ShellName]> = [
    ["/bin/bash", "bash"],
    ["/usr/bin/zsh", "zsh"],
    ["/opt/homebrew/bin/fish", "fish"],
    ["/usr/local/bin/pwsh", "pwsh"],
    ["-zsh", "zsh"],
    ["/bin/sh", "bash"],
    ["/bin/dash", "bash"],
    ["", "bash"],
    [undefined, "bash"],
  ];
  for (const [shell, expected] of cases) assert.equal(detectShell({ SHELL: shell }), expected, String(shell));
});

test("parseShellName: accepts the known names, else a usage error naming the value and the choices", () => {
  for (const name of SHELL_NAMES) assert.equal(parseShellName(name), name);
  assert.throws(
    () => parseShellName("tcsh"),
    (e: unknown) =>
      e instanceof UserError &&
      e.exitCode === 2 &&
      e.message === 'unknown shell "tcsh" (allowed: bash, zsh, fish, pwsh, json, dotenv)',
  );
  assert.throws(() => parseShellName("json", ["bash", "zsh", "fish", "pwsh"]), /unknown shell "json" \(allowed: bash, zsh, fish, pwsh\)/);
  assert.throws(() => parseShellName("BASH"), /unknown shell "BASH"/);
});
