// The registry in src/shells/index.ts: one record per shell, from which --shell, shell-init
// and $SHELL detection are derived. A new record must bring a quote() that test/shells
// table-tests and, for a shell, an `sr` that asks `switchrole env` for that shell.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as dotenv from "../../src/shells/dotenv";
import * as fish from "../../src/shells/fish";
import * as json from "../../src/shells/json";
import * as posix from "../../src/shells/posix";
import * as pwsh from "../../src/shells/pwsh";
import { INIT_SHELLS, SHELL_NAMES, SHELLS, type ShellName } from "../../src/shells/index";
import { shellInit } from "../../src/shells/init";

// The quote() each name must use: the ones with tables in quote.test.ts and dotenv.test.ts
// (json's are below). A name missing here is a type error.
const TESTED_QUOTE: Record<ShellName, (value: string) => string> = {
  bash: posix.quote,
  zsh: posix.quote,
  fish: fish.quote,
  pwsh: pwsh.quote,
  json: json.quote,
  dotenv: dotenv.quote,
};

test("one record per name, each with a table-tested quote()", () => {
  assert.deepEqual(SHELL_NAMES, ["bash", "zsh", "fish", "pwsh", "json", "dotenv"]);
  assert.equal(new Set(SHELL_NAMES).size, SHELL_NAMES.length);
  for (const s of SHELLS) assert.equal(s.quote, TESTED_QUOTE[s.name], s.name);
});

test("$SHELL basenames select at most one shell", () => {
  const all = SHELLS.flatMap((s) => s.detect);
  assert.equal(new Set(all).size, all.length, all.join(" "));
});

test("shell-init: the shells with an sr function, each running `env --shell <itself>`", () => {
  assert.deepEqual(INIT_SHELLS, ["bash", "zsh", "fish", "pwsh"]);
  for (const name of INIT_SHELLS) assert.match(shellInit(name, "/x/switchrole"), new RegExp(` env --shell ${name} `), name);
});

test("json quote(): a JSON string that parses back exactly", () => {
  const rows: Array<[string, string]> = [
    ["", '""'],
    ["it's", `"it's"`],
    ['say "hi" \\', '"say \\"hi\\" \\\\"'],
    ["a\nb\r\t\u0001", '"a\\nb\\r\\t\\u0001"'],
    ["🔑 \u2028", '"🔑 \u2028"'],
  ];
  for (const [input, expected] of rows) {
    assert.equal(json.quote(input), expected, JSON.stringify(input));
    assert.equal(JSON.parse(json.quote(input)), input);
  }
});
