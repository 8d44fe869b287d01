// `switchrole shell-init <shell>`: the function users load from their rc file. Every shell's
// `sr <target>` (its record's `init` in index.ts) behaves alike: it runs
// `switchrole env --shell <shell> <target>`, capturing stdout only (prompts and errors
// still reach the terminal), and evaluates it only when the command exited 0; otherwise it
// returns that status and changes nothing. Written to survive `set -e` and `set -u`.
import { shell, type InitShell } from "./index";

export { INIT_SHELLS, type InitShell } from "./index";

/** The shell code for `sr`, which runs `command` (a program name or path). */
export function shellInit(name: InitShell, command = "switchrole"): string {
  const { init } = shell(name);
  if (init === undefined) throw new Error(`${name} has no sr function`);
  return init(command);
}
