// Picks the renderer for a shell, and the shell from $SHELL or a --shell value.
import { basename } from "node:path";
import type { EnvVars, ShellName } from "../types";
import { usageError } from "../errors";
import * as dotenv from "./dotenv";
import * as fish from "./fish";
import * as json from "./json";
import * as posix from "./posix";
import * as pwsh from "./pwsh";

export const SHELL_NAMES: readonly ShellName[] = ["bash", "zsh", "fish", "pwsh", "json", "dotenv"];

const renderers: Record<ShellName, (vars: EnvVars) => string> = {
  bash: posix.render,
  zsh: posix.render,
  fish: fish.render,
  pwsh: pwsh.render,
  json: json.render,
  dotenv: dotenv.render,
};

/** Text that applies `vars` (null = unset) in `shell`: lines ending in newlines ("" when empty; json "{}\n"). */
export function render(shell: ShellName, vars: EnvVars): string {
  return renderers[shell](vars);
}

/** The user's shell from $SHELL's basename (bash, zsh, fish, pwsh); bash otherwise. */
export function detectShell(env: NodeJS.ProcessEnv): ShellName {
  const name = basename(env.SHELL ?? "").replace(/^-/, "");
  if (name === "zsh" || name === "fish" || name === "bash") return name;
  if (name === "pwsh" || name === "pwsh-preview" || name === "powershell") return "pwsh";
  return "bash";
}

/** Checks a --shell (or shell-init) argument against `allowed`; a usage error (exit 2) otherwise. */
export function parseShellName<T extends ShellName = ShellName>(s: string, allowed: readonly T[] = SHELL_NAMES as readonly T[]): T {
  const found = allowed.find((name) => name === s);
  if (found === undefined) {
    throw usageError(`unknown shell ${JSON.stringify(s)} (allowed: ${allowed.join(", ")})`);
  }
  return found;
}
