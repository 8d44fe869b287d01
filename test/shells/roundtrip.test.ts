// Rendered assignments evaluated by real bash, zsh and fish give back exactly the values
// rendered: a table of hostile values, then random strings from fast-check. Each case
// renders many variables into one script and runs the shell once, which prints its
// exported environment with `env -0`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { render, type ShellName } from "../../src/shells/index";
import type { EnvVars } from "../../src/types";
import { skipUnless } from "../helpers/programs";
import { HOSTILE } from "./hostile";
import { parseEnv0, runShell, type RealShell } from "./run-shell";

interface Setup {
  label: string;
  shell: RealShell;
  render: ShellName;
  locale: string;
  prelude: string;
}

const SETUPS: Setup[] = [
  { label: "bash", shell: "bash", render: "bash", locale: "C.UTF-8", prelude: "set -eu\n" },
  { label: "bash, C locale", shell: "bash", render: "bash", locale: "C", prelude: "set -eu\n" },
  { label: "zsh", shell: "zsh", render: "zsh", locale: "C.UTF-8", prelude: "set -eu\n" },
  { label: "zsh, C locale", shell: "zsh", render: "zsh", locale: "C", prelude: "set -eu\n" },
  { label: "zsh, RC_QUOTES", shell: "zsh", render: "zsh", locale: "C.UTF-8", prelude: "setopt rc_quotes\n" },
  { label: "fish", shell: "fish", render: "fish", locale: "C.UTF-8", prelude: "" },
  { label: "fish, C locale", shell: "fish", render: "fish", locale: "C", prelude: "" },
];

/** Renders `values` as V0, V1, ... plus an unset of PRESET, evaluates it, and compares. */
function roundTrip(setup: Setup, values: readonly string[]): void {
  const vars: EnvVars = values.map((v, i) => [`V${i}`, v]);
  vars.push(["PRESET", null]);
  const script = `${setup.prelude}${render(setup.render, vars)}env -0\n`;
  const run = runShell(setup.shell, script, { LC_ALL: setup.locale, PRESET: "must be removed" });
  assert.equal(run.stderr, "");
  assert.equal(run.status, 0);
  const env = parseEnv0(run.stdout);
  values.forEach((v, i) => assert.equal(env.get(`V${i}`), v, `V${i}`));
  assert.equal(env.has("PRESET"), false, "PRESET should be unset");
}

const wellFormed = (s: string) => !s.includes("\0") && Buffer.from(s, "utf8").toString("utf8") === s;
const SPECIAL = [..."'\"$`\\\n\r\t !#%&*;<>?[]^{}|~(),=-@\u2018\u2019\u201A\u201Bé🔑\u202E\u2028\x01\x7f"];
const value = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: 30 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
  )
  .filter(wellFormed);

for (const setup of SETUPS) {
  test(`hostile values round-trip through ${setup.label}`, { skip: skipUnless(setup.shell) }, () => {
    roundTrip(
      setup,
      HOSTILE.map(([, v]) => v),
    );
  });

  test(`random values round-trip through ${setup.label}`, { skip: skipUnless(setup.shell) }, () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (values) => roundTrip(setup, values)),
      { numRuns: 25 },
    );
  });
}
