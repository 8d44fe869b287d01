// `switchrole shell-init <shell>`: the function users load from their rc file. `sr <target>`
// runs `switchrole env --shell <shell> <target>`, capturing stdout only (prompts and errors
// still reach the terminal), and evaluates it only when the command exited 0; otherwise it
// returns that status and changes nothing. Written to survive `set -e` and `set -u`.
import * as fish from "./fish";
import * as posix from "./posix";
import * as pwsh from "./pwsh";

export type InitShell = "bash" | "zsh" | "fish" | "pwsh";
export const INIT_SHELLS: readonly InitShell[] = ["bash", "zsh", "fish", "pwsh"];

// `a && b || c` rather than a plain assignment: a failing command in a && list does not
// trigger errexit, so `set -e` shells get the status back instead of exiting.
const posixInit = (shell: string, cmd: string, load: string) => `# switchrole: \`sr <target>\` assumes a role in this shell. Load with: ${load}
sr() {
  local __sr_out __sr_rc
  __sr_out="$(command ${cmd} env --shell ${shell} "$@")" && __sr_rc=0 || __sr_rc=$?
  if [ "$__sr_rc" -ne 0 ]; then
    return "$__sr_rc"
  fi
  eval "$__sr_out"
}
`;

// A command substitution yields one list item per line; joining them with \n restores the
// text exactly (values may hold line breaks) before `source` runs it in this shell.
const fishInit = (cmd: string) => `# switchrole: \`sr <target>\` assumes a role in this shell. Load with: switchrole shell-init fish | source
function sr --description 'Assume an AWS role in this shell (switchrole)'
    set -l __sr_out (command ${cmd} env --shell fish $argv)
    set -l __sr_rc $status
    if test $__sr_rc -ne 0
        return $__sr_rc
    end
    string join \\n -- $__sr_out | source
end
`;

// PowerShell functions have no exit status: on failure $LASTEXITCODE keeps the command's.
const pwshInit = (cmd: string) => `# switchrole: \`sr <target>\` assumes a role in this shell. Load with: switchrole shell-init pwsh | Out-String | Invoke-Expression
function sr {
    $__sr_out = & ${cmd} env --shell pwsh @args
    if ($LASTEXITCODE -ne 0 -or -not $__sr_out) { return }
    Invoke-Expression ($__sr_out -join "\`n")
}
`;

/** The shell code for `sr`, which runs `command` (a program name or path). */
export function shellInit(shell: InitShell, command = "switchrole"): string {
  switch (shell) {
    case "bash":
      return posixInit("bash", posix.quote(command), `eval "$(switchrole shell-init bash)"`);
    case "zsh":
      return posixInit("zsh", posix.quote(command), `eval "$(switchrole shell-init zsh)"`);
    case "fish":
      return fishInit(fish.quote(command));
    case "pwsh":
      return pwshInit(pwsh.quote(command));
  }
}
