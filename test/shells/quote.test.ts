// Table tests for each shell's pure quote(): the exact text produced for hostile values.
// (pwsh has no real-shell round trip in roundtrip.test.ts: PowerShell is optional, and
// .ci/run does not install it; test/cli/real-shells.test.ts uses it only where it is
// installed. These rows are its coverage.)
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fish from "../../src/shells/fish";
import * as posix from "../../src/shells/posix";
import * as pwsh from "../../src/shells/pwsh";

type Row = readonly [input: string, expected: string];

const POSIX: Row[] = [
  ["", "''"],
  ["plain", "'plain'"],
  ["it's", "'it'\\''s'"],
  ["'''", "''\\'''\\'''\\'''"],
  ['say "hi"', `'say "hi"'`],
  ["$HOME ${PATH} $$", "'$HOME ${PATH} $$'"],
  ["$(touch /tmp/pwned)", "'$(touch /tmp/pwned)'"],
  ["`id`", "'`id`'"],
  ["a\\b\\", "'a\\b\\'"],
  ["\\'", "'\\'\\'''"],
  ["line1\nline2\n", "'line1\nline2\n'"],
  ["a\rb\t", "'a\rb\t'"],
  ["🔑 \u202Eשלום مرحبا", "'🔑 \u202Eשלום مرحبا'"],
  ["\u2018a\u2019", "'\u2018a\u2019'"],
  ["--help", "'--help'"],
  ["%s %% !! * ?[a] ~root # ; & |", "'%s %% !! * ?[a] ~root # ; & |'"],
];

const FISH: Row[] = [
  ["", "''"],
  ["it's", "'it\\'s'"],
  ["'''", "'\\'\\'\\''"],
  ['say "hi"', `'say "hi"'`],
  ["$HOME (echo pwned) $(id)", "'$HOME (echo pwned) $(id)'"],
  ["`id`", "'`id`'"],
  ["a\\b\\", "'a\\\\b\\\\'"],
  ["\\'", "'\\\\\\''"],
  ["\\n \\x41 \\u0041", "'\\\\n \\\\x41 \\\\u0041'"],
  ["line1\nline2\n", "'line1\nline2\n'"],
  ["a\rb\t", "'a\rb\t'"],
  ["🔑 \u202Eשלום", "'🔑 \u202Eשלום'"],
  ["-e", "'-e'"],
  ["%s !! * ~ # ; {a,b}", "'%s !! * ~ # ; {a,b}'"],
];

const PWSH: Row[] = [
  ["", "''"],
  ["it's", "'it''s'"],
  ["\u2018a\u2019 \u201Ab\u201B", "'\u2018\u2018a\u2019\u2019 \u201A\u201Ab\u201B\u201B'"],
  ["'\u2019", "'''\u2019\u2019'"],
  ['say "hi"', `'say "hi"'`],
  ["$(Get-Date) $env:HOME @args", "'$(Get-Date) $env:HOME @args'"],
  ["a`nb", "'a`nb'"],
  ["a\\b\\", "'a\\b\\'"],
  ["line1\nline2", `('line1' + "\`n" + 'line2')`],
  ["a\r\nb\n", `('a' + "\`r\`n" + 'b' + "\`n")`],
  ["\n", `("\`n")`],
  ["\r'", `("\`r" + '''')`],
  ["a\tb", "'a\tb'"],
  ["🔑 \u202Eשלום", "'🔑 \u202Eשלום'"],
  ["--help", "'--help'"],
  ["%s !! * ~ # ; & |", "'%s !! * ~ # ; & |'"],
];

const TABLES: Array<[string, (v: string) => string, Row[]]> = [
  ["posix", posix.quote, POSIX],
  ["fish", fish.quote, FISH],
  ["pwsh", pwsh.quote, PWSH],
];

for (const [shell, quote, rows] of TABLES) {
  test(`${shell} quote()`, () => {
    for (const [input, expected] of rows) assert.equal(quote(input), expected, `input ${JSON.stringify(input)}`);
  });
}

test("very long values are quoted whole", () => {
  const long = `${"a".repeat(200_000)}'`;
  assert.equal(posix.quote(long), `'${"a".repeat(200_000)}'\\'''`);
  assert.equal(fish.quote(long), `'${"a".repeat(200_000)}\\''`);
  assert.equal(pwsh.quote(long), `'${"a".repeat(200_000)}'''`);
});

test("pwsh quote() never leaves a raw line break or an unescaped quote character", () => {
  const nasty = "x\u2018\r\n'\u201B\n\ny\r";
  const q = pwsh.quote(nasty);
  assert.doesNotMatch(q, /[\r\n]/);
  // Inside each verbatim segment every quote character comes in pairs.
  for (const segment of q.matchAll(/'((?:[^'\u2018-\u201B]|['\u2018-\u201B]{2})*)'/g)) {
    assert.doesNotMatch(segment[1]!.replace(/(['\u2018-\u201B])\1/g, ""), /['\u2018-\u201B]/);
  }
  assert.equal(q, `('x\u2018\u2018' + "\`r\`n" + '''\u201B\u201B' + "\`n\`n" + 'y' + "\`r")`);
});
