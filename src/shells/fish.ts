// fish: `set -gx NAME 'value'` / `set -e NAME`.
import type { EnvVars } from "../types";
import { checkVars, lines } from "./validate";

/**
 * One fish word meaning exactly `value`: inside fish single quotes only \\ and \' are
 * escapes; everything else, newlines included, is literal. Values after the name are
 * never read as options by `set`, so a leading dash is safe.
 */
export function quote(value: string): string {
  return `'${value.replace(/[\\']/g, "\\$&")}'`;
}

export function render(vars: EnvVars): string {
  return lines(checkVars(vars).map(([name, value]) => (value === null ? `set -e ${name}` : `set -gx ${name} ${quote(value)}`)));
}
