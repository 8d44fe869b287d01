// `eval $(assume-role ...)` run directly: the output goes through an UNQUOTED command
// substitution, so bash splits it on blanks and expands globs before eval parses it.
// renderOneLine must survive that in real bash and zsh, with files in the working
// directory that a glob could match (a file name is never run as code).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { quoteForUnquotedEval, renderOneLine } from "../../src/shells/posix";
import { skipUnless } from "../helpers/programs";
import { HOSTILE } from "./hostile";
import { tempDir } from "../helpers/tmp";

test("plain values stay as they are; anything else becomes $'\\ooo'", () => {
  assert.equal(quoteForUnquotedEval("ASIAXXXX/+=abc"), "ASIAXXXX/+=abc");
  assert.equal(quoteForUnquotedEval(""), "$''");
  assert.equal(quoteForUnquotedEval("x*"), "$'x\\052'");
  assert.equal(quoteForUnquotedEval("a b"), "$'a\\040b'");
  assert.equal(quoteForUnquotedEval("é"), "$'\\303\\251'");
});

test("one line: exports, then unset -v", () => {
  assert.equal(renderOneLine([["A", "1"], ["B", null], ["C", "x y"]]), "export A=1 C=$'x\\040y'; unset -v B\n");
});

function roundTrip(shell: "bash" | "zsh", values: readonly string[]): void {
  const dir = tempDir("oneline-");
  // A file whose name is shell code, that `x*`-like words would match if globbed.
  writeFileSync(join(dir, "V0='x';echo INJECTED;#'"), "");
  writeFileSync(join(dir, "out"), renderOneLine(values.map((v, i) => [`V${i}`, v] as [string, string])));
  const show = values.map((_, i) => `"$V${i}"`).join(" ");
  const script = `${shell === "zsh" ? "setopt SH_WORD_SPLIT; " : ""}eval $(cat out)\nprintf '%s\\0' ${show}`;
  const out = execFileSync(shell, shell === "zsh" ? ["-f", "-c", script] : ["--norc", "--noprofile", "-c", script], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26 });
  assert.ok(!out.includes("INJECTED"), "a file name was run as code");
  assert.deepEqual(out.split("\0").slice(0, -1), [...values]);
}

for (const shell of ["bash", "zsh"] as const) {
  test(`${shell}: hostile values survive eval $(...) unquoted`, { skip: skipUnless(shell) }, () => {
    roundTrip(shell, [...HOSTILE.map(([, v]) => v), "x*", "V0=*", "[a]", "?"]);
  });

  test(`${shell}: random values survive eval $(...) unquoted`, { skip: skipUnless(shell) }, () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 30 }).filter((s) => !s.includes("\0")), { minLength: 1, maxLength: 20 }), (values) => {
        roundTrip(shell, values);
      }),
      { numRuns: 20 },
    );
  });
}
