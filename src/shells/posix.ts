// bash and zsh: `export NAME='value'` / `unset -v NAME`, and their `sr` function.
import type { EnvVars } from "../types";
import { checkVars, lines } from "./validate";
import { bashFast, zshFast } from "./fast";

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

/**
 * `sr` for bash or zsh (see init.ts). `a && b || c` rather than a plain assignment: a
 * failing command in a && list does not trigger errexit, so `set -e` shells get the status
 * back instead of exiting. `sr -u` is `switchrole env --unset`. A cached role is served by
 * __switchrole_fast (fast.ts) without starting switchrole; SWITCHROLE_FAST asks the Node
 * path to leave it a snapshot.
 */
export function init(shell: "bash" | "zsh", command: string): string {
  return `# switchrole: \`sr <target>\` assumes a role in this shell. Load with: eval "$(switchrole shell-init ${shell})"
${shell === "bash" ? bashFast() : zshFast()}sr() {
  __switchrole_fast sr-${shell} "$@" && return 0
  local __sr_out __sr_rc
  __sr_out="$(SWITCHROLE_FAST=sr-${shell} command ${quote(command)} env --shell ${shell} --verbose "$@")" && __sr_rc=0 || __sr_rc=$?
  if [ "$__sr_rc" -ne 0 ]; then
    return "$__sr_rc"
  fi
  eval "$__sr_out"
}
`;
}

const SPLIT_SAFE = /^[A-Za-z0-9_./:+=,@%-]*$/;

/**
 * A word that survives being printed into an UNQUOTED command substitution,
 * `eval $(assume-role ...)`: bash splits that output on whitespace and expands globs in
 * it before eval parses it, so the word holds no blank and no * ? [ — anything outside a
 * plain set is written as $'\ooo' octal escapes (bash and zsh), decoded only by eval.
 */
export function quoteForUnquotedEval(value: string): string {
  if (value !== "" && SPLIT_SAFE.test(value)) return value;
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && SPLIT_SAFE.test(ch) ? ch : `\\${byte.toString(8).padStart(3, "0")}`;
  }
  return `$'${out}'`;
}

/** One line for `eval $(...)`: `export A=x B=$'\ooo...'; unset -v C D`. */
export function renderOneLine(vars: EnvVars): string {
  const checked = checkVars(vars);
  const set = checked.filter(([, v]) => v !== null).map(([name, value]) => `${name}=${quoteForUnquotedEval(value as string)}`);
  const unset = checked.filter(([, v]) => v === null).map(([name]) => name);
  return `export ${set.join(" ")}${unset.length > 0 ? `; unset -v ${unset.join(" ")}` : ""}\n`;
}
