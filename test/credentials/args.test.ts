// parse(): argv -> options; any mistake is a usage error (exit 2) naming the command.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, targetOptions, commonOptions } from "../../src/args";
import { UserError, EXIT_USAGE } from "../../src/errors";

const spec = { ...commonOptions, ...targetOptions, shell: { type: "string", short: "s" } } as const;

test("positionals, flags, short flags and everything after -- as rest", () => {
  const p = parse("exec", ["private_aws", "-d", "2h", "sample_switch_role", "--no-cache", "--mfa-code=123456", "--", "aws", "--debug", "--", "x"], spec);
  assert.deepEqual(p.positionals, ["private_aws", "sample_switch_role"]);
  assert.equal(p.values.duration, "2h");
  assert.equal(p.values["no-cache"], true);
  assert.equal(p.values["mfa-code"], "123456");
  assert.deepEqual(p.rest, ["aws", "--debug", "--", "x"]);
});

test("no -- means no rest", () => {
  assert.deepEqual(parse("env", ["dev"], spec).rest, []);
});

const bad: Array<[argv: string[], message: RegExp]> = [
  [["--bogus"], /^env: unknown option --bogus$/],
  [["--duration"], /^env: Option '-d, --duration <value>' argument missing$/],
  [["--no-cache=yes"], /^env: Option '--no-cache' does not take an argument$/],
  [["-z"], /^env: unknown option -z$/],
];

for (const [argv, message] of bad) {
  test(`${argv.join(" ")}: a usage error, exit 2`, () => {
    assert.throws(
      () => parse("env", argv, spec),
      (err: unknown) => {
        assert.ok(err instanceof UserError);
        assert.equal(err.exitCode, EXIT_USAGE);
        assert.match(err.message, message);
        assert.ok(!err.message.includes("\n"), "one line");
        assert.equal(err.hint, "see `switchrole env --help`");
        return true;
      },
    );
  });
}
