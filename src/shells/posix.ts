// bash and zsh: `export NAME='value'` / `unset -v NAME`.
import type { EnvVars } from "../types";
import { checkVars, lines } from "./validate";

/**
 * One POSIX shell word meaning exactly `value`. Inside single quotes nothing is special
 * (not $, `, \, !, newlines), so the only case to handle is ' itself, written '\''.
 * Also safe under zsh's RC_QUOTES, since the quotes around \' are never adjacent.
 */
export function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `unset -v` so that a function of the same name is never removed instead. */
export function render(vars: EnvVars): string {
  return lines(checkVars(vars).map(([name, value]) => (value === null ? `unset -v ${name}` : `export ${name}=${quote(value)}`)));
}
