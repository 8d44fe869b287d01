// JSON: one object on one line, {"NAME": "value" | null}; null means "unset".
// A name given twice keeps its last value, as it would in a shell.
import type { EnvVars } from "../types";
import { checkVars } from "./validate";

/** A JSON string meaning exactly `value` (lone surrogates are refused before this, by checkVars). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

export function render(vars: EnvVars): string {
  // Object.fromEntries defines own properties, so even "__proto__" is an ordinary key.
  return `${JSON.stringify(Object.fromEntries(checkVars(vars)))}\n`;
}
