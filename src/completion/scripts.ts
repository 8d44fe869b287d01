// The tab-completion scripts `switchrole completion <shell>` prints and `switchrole
// shell-init` includes, for switchrole, sr and assume-role. Each asks
// `switchrole __complete` (protocol.ts) what fits at the cursor; what to offer is decided in
// one place (complete.ts), not three times in shell code.
import { quote as posixQuote } from "../shells/posix";
import { quote as fishQuote } from "../shells/fish";
import type { CompletionShell } from "./complete";

const PROGRAMS = "switchrole sr assume-role";

/** bash >= 4.4 (mapfile, compopt, -o nosort). After `exec ... --`, bash-completion's _command_offset when loaded, else commands then files. */
function bash(command: string): string {
  return `# switchrole: tab completion for ${PROGRAMS}. Load with: eval "$(switchrole completion bash)"
_switchrole_complete() {
  local -a __sr_lines
  mapfile -t __sr_lines < <(command ${posixQuote(command)} __complete bash "$COMP_WORDBREAKS" "\${COMP_LINE:0:COMP_POINT}" 2>/dev/null)
  if [[ \${__sr_lines[0]-} == ":nested "* ]]; then
    local -a __sr_at
    read -r -a __sr_at <<< "\${__sr_lines[0]}"
    if [[ \${__sr_at[1]} == "\${__sr_at[2]}" ]]; then
      mapfile -t COMPREPLY < <(compgen -c -- "\${COMP_WORDS[COMP_CWORD]}")
    elif declare -F _command_offset > /dev/null; then
      local __sr_i
      for ((__sr_i = 1; __sr_i < COMP_CWORD; __sr_i++)); do
        [[ \${COMP_WORDS[__sr_i]} == -- ]] && break
      done
      _command_offset $((__sr_i + 1))
    else
      compopt -o default
      COMPREPLY=()
    fi
    return 0
  fi
  COMPREPLY=("\${__sr_lines[@]}")
}
complete -o nosort -F _switchrole_complete ${PROGRAMS}
`;
}

/**
 * zsh with compinit: registered at once when compdef exists, else at the first prompt after
 * compinit has run (it usually comes later in ~/.zshrc). Registered last, it replaces zsh's
 * own completion for an `sr` (surfraw's).
 */
function zsh(command: string): string {
  return `# switchrole: tab completion for ${PROGRAMS}. Load with: eval "$(switchrole completion zsh)"
_switchrole() {
  local -a __sr_lines __sr_vals __sr_shown __sr_at
  local __sr_line __sr_v
  local -i __sr_w=0
  __sr_lines=("\${(@f)$(command ${posixQuote(command)} __complete zsh -- "\${(@Q)words[1,CURRENT-1]}" "\${(Q)PREFIX}" 2>/dev/null)}")
  if [[ \${__sr_lines[1]-} == ":nested "* ]]; then
    __sr_at=(\${=__sr_lines[1]})
    shift $(( __sr_at[2] )) words
    (( CURRENT -= __sr_at[2] ))
    _normal
    return
  fi
  for __sr_line in "\${__sr_lines[@]}"; do
    [[ -n $__sr_line ]] || continue
    __sr_v=\${__sr_line%%$'\\t'*}
    __sr_vals+=("$__sr_v")
    (( \${#__sr_v} > __sr_w )) && __sr_w=\${#__sr_v}
  done
  (( \${#__sr_vals} )) || return 1
  for __sr_line in "\${__sr_lines[@]}"; do
    [[ -n $__sr_line ]] || continue
    __sr_v=\${__sr_line%%$'\\t'*}
    if [[ $__sr_line == *$'\\t'* ]]; then
      __sr_shown+=("\${(r:__sr_w:)__sr_v}  -- \${__sr_line#*$'\\t'}")
    else
      __sr_shown+=("$__sr_v")
    fi
  done
  compadd -V switchrole -l -d __sr_shown -a __sr_vals
}
if (( $+functions[compdef] )); then
  compdef _switchrole ${PROGRAMS}
else
  __switchrole_compdef() {
    (( $+functions[compdef] )) || return 0
    compdef _switchrole ${PROGRAMS}
    precmd_functions=(\${precmd_functions:#__switchrole_compdef})
    unfunction __switchrole_compdef
  }
  precmd_functions+=(__switchrole_compdef)
fi
`;
}

/** fish: candidates with their descriptions (value<TAB>description); after `exec ... --`, fish's own completion of that command line. */
function fish(command: string): string {
  return `# switchrole: tab completion for ${PROGRAMS}. Load with: switchrole completion fish | source
function __switchrole_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l out (command ${fishQuote(command)} __complete fish -- $tokens $current 2>/dev/null)
    if string match -q -- ':nested *' "$out[1]"
        set -l at (string split ' ' -- $out[1])
        set -l rest $tokens[(math $at[2] + 1)..-1]
        complete -C (string join ' ' -- (string escape -- $rest) $current)
        return
    end
    printf '%s\\n' $out
end
${PROGRAMS.split(" ")
  .map((p) => `complete -c ${p} -f -a '(__switchrole_complete)'`)
  .join("\n")}
`;
}

/** The completion script for `shell`, running `command` (a program name or path). */
export function completionScript(shell: CompletionShell, command = "switchrole"): string {
  switch (shell) {
    case "bash":
      return bash(command);
    case "zsh":
      return zsh(command);
    case "fish":
      return fish(command);
  }
}
