// Errors keep their identity across bundles: each command is bundled with its own copy of
// UserError and NoTerminalError (scripts/build.mjs), so the dispatcher meets instances of
// classes it never saw. isUserError / isNoTerminalError go by a Symbol.for brand, which
// every copy shares; a look-alike by name only is not one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isUserError, UserError, EXIT_USAGE } from "../../src/errors";
import { isNoTerminalError, NoTerminalError } from "../../src/mfa/terminal";

/** Loads a second copy of a module, as another bundle would have it (its own classes). */
function anotherCopy<T>(id: string): T {
  const path = require.resolve(id);
  const first = require.cache[path];
  delete require.cache[path];
  try {
    return require(id) as T;
  } finally {
    require.cache[path] = first;
  }
}

const errors = anotherCopy<typeof import("../../src/errors")>("../../src/errors");
const terminal = anotherCopy<typeof import("../../src/mfa/terminal")>("../../src/mfa/terminal");

test("the copies are other classes: instanceof cannot tell", () => {
  assert.notEqual(errors.UserError, UserError);
  assert.notEqual(terminal.NoTerminalError, NoTerminalError);
  assert.equal(new errors.UserError("x") instanceof UserError, false);
  assert.equal(new terminal.NoTerminalError() instanceof NoTerminalError, false);
});

test("a UserError from another bundle is a UserError, with its message, hint and exit code", () => {
  const e: unknown = new errors.UserError("bad duration", "use 1h", EXIT_USAGE);
  assert.ok(isUserError(e));
  assert.deepEqual([e.message, e.hint, e.exitCode], ["bad duration", "use 1h", EXIT_USAGE]);
  class LoginRequiredElsewhere extends errors.UserError {}
  assert.equal(isUserError(new LoginRequiredElsewhere("login")), true, "subclasses too");
  assert.equal(errors.isUserError(new UserError("here")), true, "and the other way round");
});

test("a NoTerminalError from another bundle is a NoTerminalError, and not a UserError", () => {
  assert.equal(isNoTerminalError(new terminal.NoTerminalError()), true);
  assert.equal(terminal.isNoTerminalError(new NoTerminalError()), true);
  assert.equal(isUserError(new terminal.NoTerminalError()), false);
  assert.equal(isNoTerminalError(new errors.UserError("x")), false);
});

test("look-alikes without the brand are bugs, not user errors", () => {
  assert.equal(isUserError(Object.assign(new Error("x"), { name: "UserError", exitCode: 2 })), false);
  assert.equal(isNoTerminalError(Object.assign(new Error("x"), { name: "NoTerminalError" })), false);
  for (const v of [undefined, null, "UserError", 2, {}]) {
    assert.equal(isUserError(v), false);
    assert.equal(isNoTerminalError(v), false);
  }
});
