// Checks shared by every renderer: a name any shell accepts as a plain variable name, and a
// value the environment can hold. Errors name the variable, never show its value (secrets).
import type { EnvVars } from "../types";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A UTF-16 surrogate without its partner cannot be written as UTF-8, so it would not
// round-trip; String.prototype.isWellFormed is not in the ES2022 lib.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new Error(`invalid environment variable name ${JSON.stringify(name)} (expected [A-Za-z_][A-Za-z0-9_]*)`);
  }
  return name;
}

export function checkValue(name: string, value: string): string {
  if (value.includes("\0")) {
    throw new Error(`the value of ${name} contains a NUL byte, which an environment variable cannot hold`);
  }
  if (LONE_SURROGATE.test(value)) {
    throw new Error(`the value of ${name} is not well-formed Unicode (a lone UTF-16 surrogate)`);
  }
  return value;
}

/** Validates every name and value; returns the same list so renderers can chain on it. */
export function checkVars(vars: EnvVars): EnvVars {
  for (const [name, value] of vars) {
    checkName(name);
    if (value !== null) checkValue(name, value);
  }
  return vars;
}

/** Joins rendered lines, each ending with a newline ("" for no variables). */
export function lines(out: string[]): string {
  return out.map((line) => `${line}\n`).join("");
}
