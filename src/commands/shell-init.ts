// switchrole shell-init <shell>: the `sr` function users eval from an rc file.
import type { Context } from "../context";
import { INIT_SHELLS, shellInit } from "../shells/init";
import { usageError } from "../errors";

export async function shellInitCommand(argv: string[], { io }: Context): Promise<number> {
  const [shell] = argv;
  if (shell === "--help" || shell === "-h") {
    io.out(`Usage: switchrole shell-init ${INIT_SHELLS.join("|")}

Add to your rc file, e.g. ~/.bashrc:  eval "$(switchrole shell-init bash)"
  fish:  switchrole shell-init fish | source
  pwsh:  Invoke-Expression (& switchrole shell-init pwsh | Out-String)
Then \`sr <target>\` sets the role's credentials in the current shell.
`);
    return 0;
  }
  const s = INIT_SHELLS.find((x) => x === shell);
  if (!s) throw usageError(`shell-init: unknown shell ${JSON.stringify(shell ?? "")}`, `use one of: ${INIT_SHELLS.join(", ")}`);
  io.out(shellInit(s));
  return 0;
}
