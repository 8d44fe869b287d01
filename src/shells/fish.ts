// fish: `set -gx NAME 'value'` / `set -e NAME`, and its `sr` function.
import type { EnvVars } from "../types";
import { checkVars, lines } from "./validate";
import { fishFast } from "./fast";

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

/**
 * `sr` for fish (see init.ts). A command substitution yields one list item per line;
 * joining them with \n restores the text exactly (values may hold line breaks) before
 * `source` runs it in this shell. `sr -u` is `switchrole env --unset`.
 */
export function init(command: string): string {
  return `# switchrole: \`sr <target>\` assumes a role in this shell. Load with: switchrole shell-init fish | source
${fishFast()}function sr --description 'Assume an AWS role in this shell (switchrole)'
    __switchrole_fast sr-fish $argv; and return 0
    set -l __sr_out (SWITCHROLE_FAST=sr-fish command ${quote(command)} env --shell fish --verbose $argv)
    set -l __sr_rc $status
    if test $__sr_rc -ne 0
        return $__sr_rc
    end
    string join \\n -- $__sr_out | source
    # The status of the last line sourced: \`set -e\` of a variable that was not set is 4.
    return 0
end
`;
}
