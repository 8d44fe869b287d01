// switchrole shell-init <shell>: the `sr` function users eval from an rc file, and for
// bash, zsh and fish the tab completion of switchrole, sr and assume-role.
import type { Context } from "../context";
import { INIT_SHELLS, shellInit } from "../shells/init";
import { COMPLETION_SHELLS } from "../completion/complete";
import { completionScript } from "../completion/scripts";
import { usageError } from "../errors";

export async function shellInitCommand(argv: string[], { io }: Context): Promise<number> {
  const [shell] = argv;
  if (shell === "--help" || shell === "-h") {
    io.out(`Usage: switchrole shell-init ${INIT_SHELLS.join("|")}

Add to your rc file, e.g. ~/.bashrc:  eval "$(switchrole shell-init bash)"
  fish:  switchrole shell-init fish | source
  pwsh:  Invoke-Expression (& switchrole shell-init pwsh | Out-String)
Then \`sr <target>\` sets the role's credentials in the current shell, and says so on
stderr (account, role, time left); \`sr -u\` unsets them again. In bash, zsh and fish
it also sets up tab completion (\`switchrole completion --help\`), and a cached role is
served by the shell itself, without starting switchrole (README: "The shell fast path";
\`switchrole plan <target>\` says whether it will).
`);
    return 0;
  }
  if (shell === undefined) throw usageError("shell-init needs the name of your shell: `switchrole shell-init <shell>`", `use one of: ${INIT_SHELLS.join(", ")} (e.g. eval "$(switchrole shell-init bash)" in ~/.bashrc)`);
  const s = INIT_SHELLS.find((x) => x === shell);
  if (!s) throw usageError(`shell-init: unknown shell ${JSON.stringify(shell ?? "")}`, `use one of: ${INIT_SHELLS.join(", ")}`);
  const completes = COMPLETION_SHELLS.find((x) => x === s);
  io.out(completes ? `${shellInit(s)}\n${completionScript(completes)}` : shellInit(s));
  return 0;
}
