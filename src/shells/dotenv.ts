// dotenv: `NAME='value'`, read back exactly by the `dotenv` npm package (which Node tools,
// Vite and Next.js use) and by direnv's `dotenv` (Go). Their rules differ, so a value is
// written in a form both agree on:
//   - neither ' nor a line break:      NAME='value'   (raw in both, no escapes, no $ expansion)
//   - empty:                           NAME=
//   - else, none of " \ $:             NAME="value"   (\n and \r, the only escapes both read)
//   - else (a quote or line break together with " \ or $): an error, never a near miss.
// Limits: unset (null) cannot be said in a .env file, so those names are left out; a tool
// that expands variables afterwards (dotenv-expand) would still expand a `$` in the value.
import type { EnvVars } from "../types";
import { UserError } from "../errors";
import { checkVars, lines } from "./validate";

/** The right-hand side of `NAME=` for `value`, or undefined when no form is read back exactly. */
export function tryQuote(value: string): string | undefined {
  if (value === "") return "";
  if (!/['\n\r]/.test(value)) return `'${value}'`;
  if (!/["\\$]/.test(value)) return `"${value.replace(/\n/g, "\\n").replace(/\r/g, "\\r")}"`;
  return undefined;
}

export function quote(value: string, name = "the variable"): string {
  const quoted = tryQuote(value);
  if (quoted === undefined) {
    throw new UserError(
      `the value of ${name} cannot be written exactly in dotenv format (it has a quote or line break together with one of " \\ $)`,
      "use --shell json, or a shell such as bash, which can express any value",
    );
  }
  return quoted;
}

export function render(vars: EnvVars): string {
  const out: string[] = [];
  for (const [name, value] of checkVars(vars)) {
    if (value !== null) out.push(`${name}=${quote(value, name)}`);
  }
  return lines(out);
}
