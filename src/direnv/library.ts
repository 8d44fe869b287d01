// The direnv library `switchrole direnv install` writes to ~/.config/direnv/lib/switchrole.sh.
// Kept as a string (not a .sh file) so the bundle and the tsx-run tests read the same text
// without a loader. test/direnv/library.test.ts runs shellcheck over it.
import { quote } from "../shells/posix";
import { bashFast } from "../shells/fast";

/** The library's text; `bin` is the switchrole that wrote it ("" to always use PATH). */
export function libraryScript(bin: string): string {
  return `# shellcheck shell=bash
# switchrole for direnv: in an .envrc,
#   use switchrole private_aws sample_switch_role      # <account> <role>
#   use switchrole my-profile --duration 1h            # a profile; any \`switchrole env\` option
#   use switchrole --refresh private_aws sample_switch_role   # a self-refreshing endpoint
# exports the role's credentials (the same variables as \`switchrole env\`), or nothing
# and one \`switchrole:\` line when that fails. The MFA prompt is on the terminal.
# Written by \`switchrole direnv install\`; \`switchrole direnv print\` shows it.

__switchrole_bin=${quote(bin)}
# When direnv started this .envrc: switchrole redraws its prompt after direnv's
# "is taking a while to execute" warning (see \`switchrole direnv --help\`).
__switchrole_t0=\${EPOCHREALTIME:-}

# A cached role without starting switchrole (see "The shell fast path" in its README).
${bashFast()}
# watch_file starts direnv; its answer depends only on the watches so far and the state
# file (unchanged, or the snapshot would not serve): remembered beside the snapshot.
__switchrole_watch() {
  local before=\${DIRENV_WATCHES-} memo=() m=$__switchrole_watch_memo
  if [[ -n $__switchrole_watch_ok ]] && mapfile -d "" -t memo < "$m" && [[ \${#memo[@]} == 2 && \${memo[0]} == "$before" && -n \${memo[1]} ]]; then
    export DIRENV_WATCHES=\${memo[1]}
    return 0
  fi
  watch_file "$__switchrole_state"
  (umask 077 && printf '%s\\0%s\\0' "$before" "\${DIRENV_WATCHES-}" > "$m.$$" && mv -f "$m.$$" "$m") 2>/dev/null || :
}

use_switchrole() {
  if __switchrole_fast direnv "$@"; then
    __switchrole_watch
    return 0
  fi
  local bin=$__switchrole_bin out state status=0
  if [[ -z $bin || ! -x $bin ]]; then
    bin=$(command -v switchrole) || {
      printf '%s\\n' "switchrole: not found on PATH; install it, then run \\\`switchrole direnv install\\\`" >&2
      return 127
    }
  fi
  local -a args=()
  local arg
  for arg in "$@"; do
    if [[ $arg == --refresh ]]; then args+=(--endpoint); else args+=("$arg"); fi
  done
  out=$(SWITCHROLE_FAST=direnv SWITCHROLE_DIRENV_T0=$__switchrole_t0 SWITCHROLE_DIRENV_CONFIG=\${direnv_config_dir:-} \\
    "$bin" direnv env "\${args[@]}") || status=$?
  if ((status == 0)); then
    # Assignments, then \`watch_file <state file>\`: a clear, login or refresh elsewhere
    # reloads this directory at the next prompt.
    eval "$out"
    return 0
  fi
  # Nothing exported. Watch the state file anyway (its time as of now, so this failure
  # never triggers a reload by itself): \`switchrole login\` elsewhere retries here.
  if state=$("$bin" direnv state-file 2>/dev/null); then watch_file "$state"; fi
  return "$status"
}
`;
}
