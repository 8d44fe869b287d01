import { test } from "node:test";
import assert from "node:assert/strict";
import { accountNameOf, loadAccounts } from "../../src/config/accounts";
import { SEED, isUsageError, tempHome } from "./fixture";


test("the seed's accounts file maps private_aws to its id", () => {
  const { env } = tempHome({ accounts: SEED.accounts });
  const a = loadAccounts(env);
  assert.equal(a.exists, true);
  assert.equal(a.shownFile, "~/.aws/accounts");
  assert.deepEqual([...a.ids], [["private_aws", "123456789012"]]);
  assert.equal(accountNameOf(a, "123456789012"), "private_aws");
  assert.equal(accountNameOf(a, "000000000000"), undefined);
});

test("a missing file is an empty map, not an error", () => {
  const { env } = tempHome();
  const a = loadAccounts(env);
  assert.equal(a.exists, false);
  assert.equal(a.ids.size, 0);
});

test("ACCOUNTS_FILE is honoured, ~/.aws/accounts then ignored", () => {
  const h = tempHome({ accounts: SEED.accounts });
  const other = h.write("elsewhere/acc.json", '{"work": "000000000001"}');
  const a = loadAccounts({ ...h.env, ACCOUNTS_FILE: other });
  assert.equal(a.shownFile, "~/elsewhere/acc.json");
  assert.deepEqual([...a.ids], [["work", "000000000001"]]);
});

test("a 12-digit JSON number is accepted with a warning", () => {
  const { env } = tempHome({ accounts: '{"num": 123456789012, "str": "000000000042"}' });
  const warnings: string[] = [];
  const a = loadAccounts(env, (l) => warnings.push(l));
  assert.equal(a.ids.get("num"), "123456789012");
  assert.equal(a.ids.get("str"), "000000000042");
  assert.deepEqual(warnings, [
    'account "num" in ~/.aws/accounts is the JSON number 123456789012; write it as the string "123456789012" (numbers lose leading zeros)',
  ]);
});

const HINT = (name: string) => `write the id as a 12-digit string, e.g. "${name}": "012345678901"`;
const bad: Array<[string, string, string, string?]> = [
  [
    "a number that lost its leading zero",
    '{"zero": 12345678901}',
    'account "zero" in ~/.aws/accounts is the number 12345678901, which has 11 digits, not 12 (JSON numbers lose leading zeros)',
    `${HINT("zero")}, with any leading zeros`,
  ],
  ["a short string", '{"short": "12345"}', 'account "short" in ~/.aws/accounts is "12345", not a 12-digit account id', HINT("short")],
  ["letters", '{"x": "12345678901a"}', 'account "x" in ~/.aws/accounts is "12345678901a", not a 12-digit account id', HINT("x")],
  ["a fraction", '{"f": 1234567890.5}', 'account "f" in ~/.aws/accounts is 1234567890.5, not a 12-digit account id', HINT("f")],
  ["null", '{"n": null}', 'account "n" in ~/.aws/accounts is null, not a 12-digit account id'],
  ["an object", '{"o": {"id": "123456789012"}}', 'account "o" in ~/.aws/accounts is {"id":"123456789012"}, not a 12-digit account id'],
  ["an array at the top", '["123456789012"]', "~/.aws/accounts must hold a JSON object of account names and ids", 'for example {"private_aws": "123456789012"}'],
  ["a string at the top", '"123456789012"', "~/.aws/accounts must hold a JSON object of account names and ids"],
];
for (const [name, text, message, hint] of bad) {
  test(`rejected: ${name}`, () => {
    const { env } = tempHome({ accounts: text });
    assert.throws(() => loadAccounts(env), isUsageError(message, hint));
  });
}

test("bad JSON names the file and the parser's complaint", () => {
  const { env } = tempHome({ accounts: '{"private_aws": "123456789012",}' });
  assert.throws(
    () => loadAccounts(env),
    (e: unknown) => {
      const err = e as Error & { hint?: string; exitCode?: number };
      assert.match(err.message, /^~\/\.aws\/accounts is not valid JSON: .+/);
      assert.equal(err.hint, 'it maps account names to 12-digit ids, e.g. {"private_aws": "123456789012"}');
      assert.equal(err.exitCode, 2);
      return true;
    },
  );
});

test("a directory where the file should be is reported, not crashed on", () => {
  const h = tempHome();
  h.write(".aws/accounts/x", "");
  assert.throws(
    () => loadAccounts(h.env),
    isUsageError("~/.aws/accounts is a directory, not a regular file", "replace it with a regular file, or point ACCOUNTS_FILE at another file"),
  );
});
