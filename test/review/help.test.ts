// Review: every option `switchrole env` accepts is in its --help (the cache flags were missing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { targetOptions } from "../../src/args";
import { envHelp } from "../../src/commands/env";

test("env --help lists every target option it accepts", () => {
  for (const name of Object.keys(targetOptions)) assert.match(envHelp, new RegExp(`--${name}\\b`), `--${name} in env --help`);
});
