// dotenv output: a table of the forms chosen, values no form carries refused, and a round
// trip through direnv's own dotenv parser (`direnv dotenv json FILE`). The same format was
// checked by hand against the `dotenv` npm package's parse(), which is not a dependency.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { quote, render, tryQuote } from "../../src/shells/dotenv";
import { UserError } from "../../src/errors";
import { skipUnless } from "../helpers/programs";
import { HOSTILE } from "./hostile";
import { tempDir } from "../helpers/tmp";

const ROWS: Array<[input: string, expected: string | undefined]> = [
  ["", ""],
  ["ASIAEXAMPLE", "'ASIAEXAMPLE'"],
  ["2024-01-02T03:04:05.000Z", "'2024-01-02T03:04:05.000Z'"],
  ['say "hi" $HOME \\n `id` # ; !', `'say "hi" $HOME \\n \`id\` # ; !'`],
  ["  spaced  ", "'  spaced  '"],
  ["it's", `"it's"`],
  ["a\nb\r\n", `"a\\nb\\r\\n"`],
  ["\u2018a\u2019 🔑", "'\u2018a\u2019 🔑'"],
  ["it's $5", undefined],
  ['it\'s "x"', undefined],
  ["a\nb\\", undefined],
];

test("dotenv tryQuote(): single quotes, else double quotes with \\n \\r, else no form", () => {
  for (const [input, expected] of ROWS) assert.equal(tryQuote(input), expected, JSON.stringify(input));
});

test("dotenv refuses a value it cannot write exactly, naming the variable but not the value", () => {
  assert.throws(
    () => render([["AWS_SECRET_ACCESS_KEY", "it's $ecret"]]),
    (e: unknown) =>
      e instanceof UserError &&
      e.message.includes("AWS_SECRET_ACCESS_KEY") &&
      !e.message.includes("ecret") &&
      (e.hint ?? "").includes("--shell json"),
  );
  assert.throws(() => quote("'\\"), UserError);
});

test("dotenv leaves out unset variables (a .env file cannot unset)", () => {
  assert.equal(render([["A", "1"], ["B", null], ["C", ""]]), "A='1'\nC=\n");
});

function viaDirenv(values: readonly string[]): void {
  const dir = tempDir("switchrole-dotenv-");
  try {
    const file = join(dir, ".env");
    writeFileSync(file, render(values.map((v, i) => [`V${i}`, v])));
    const out = execFileSync("direnv", ["dotenv", "json", file], { encoding: "utf8", maxBuffer: 64 << 20 });
    const parsed = JSON.parse(out) as Record<string, string>;
    values.forEach((v, i) => assert.equal(parsed[`V${i}`], v, `V${i}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const representable = (v: string) => tryQuote(v) !== undefined;

test("dotenv: hostile values round-trip through direnv's dotenv parser", { skip: skipUnless("direnv") }, () => {
  const values = HOSTILE.map(([, v]) => v).filter(representable);
  assert.ok(values.length >= HOSTILE.length - 5, "most hostile values have a dotenv form");
  viaDirenv(values);
});

test("dotenv: random values round-trip through direnv's dotenv parser", { skip: skipUnless("direnv") }, () => {
  const chars = [..."'\"$`\\\n\r\t #=:;{}()\u2028\u00a0é🔑\x0b\x01"];
  const value = fc
    .oneof(fc.string({ unit: "binary", maxLength: 30 }), fc.string({ unit: fc.constantFrom(...chars), maxLength: 20 }))
    .filter((v) => !v.includes("\0") && Buffer.from(v).toString() === v && representable(v));
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 50 }), viaDirenv),
    { numRuns: 20 },
  );
});
