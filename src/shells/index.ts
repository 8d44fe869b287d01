// The shells and formats switchrole prints for: one record each, in one registry. --shell,
// `switchrole shell-init`, the default from $SHELL, and the lists in `env --help`,
// `shell-init --help` and their errors are derived from it, so adding a shell means writing
// its quote/render (and `sr`, if it is a shell) in its own file and adding one record here
// (and a quote table in test/shells; test/shells/registry.test.ts asks for one).
//
// `switchrole env` bundles this file and everything it imports: keep it small and free of
// heavy imports, since a cached lookup runs it on every `cd` under direnv.
import { basename } from "node:path";
import type { EnvVars } from "../types";
import { usageError } from "../errors";
import * as dotenv from "./dotenv";
import * as fish from "./fish";
import * as json from "./json";
import * as posix from "./posix";
import * as pwsh from "./pwsh";

export interface Shell<Name extends string = string> {
  /** The --shell value (and `switchrole shell-init <name>`). */
  readonly name: Name;
  /** One word (expression) of this shell meaning exactly `value`; pure, table-tested in test/shells. */
  quote(value: string): string;
  /** Text that applies `vars` (null = unset): lines ending in newlines ("" when empty; json "{}\n"). */
  render(vars: EnvVars): string;
  /** The `sr` function for `switchrole shell-init` (see init.ts), running `command`; absent for formats. */
  init?(command: string): string;
  /** Basenames of $SHELL that mean this shell, for the default --shell. */
  readonly detect: readonly string[];
}

const REGISTRY = [
  { name: "bash", quote: posix.quote, render: posix.render, init: (command: string) => posix.init("bash", command), detect: ["bash"] },
  { name: "zsh", quote: posix.quote, render: posix.render, init: (command: string) => posix.init("zsh", command), detect: ["zsh"] },
  { name: "fish", quote: fish.quote, render: fish.render, init: fish.init, detect: ["fish"] },
  { name: "pwsh", quote: pwsh.quote, render: pwsh.render, init: pwsh.init, detect: ["pwsh", "pwsh-preview", "powershell"] },
  { name: "json", quote: json.quote, render: json.render, detect: [] },
  { name: "dotenv", quote: dotenv.quote, render: dotenv.render, detect: [] },
] as const satisfies readonly Shell[];

type Entry = (typeof REGISTRY)[number];
export type ShellName = Entry["name"];
/** The shells `switchrole shell-init` knows: those with an `sr` function. */
export type InitShell = Extract<Entry, { init: unknown }>["name"];

/** Every shell, in the order help and error messages list them. */
export const SHELLS: readonly Shell<ShellName>[] = REGISTRY;
export const SHELL_NAMES: readonly ShellName[] = SHELLS.map((s) => s.name);
export const INIT_SHELLS: readonly InitShell[] = SHELLS.filter((s): s is Shell<InitShell> => s.init !== undefined).map((s) => s.name);
/** When $SHELL names none of them. */
const FALLBACK: ShellName = "bash";

export function shell(name: ShellName): Shell<ShellName> {
  const found = SHELLS.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no shell named ${JSON.stringify(name)}`);
  return found;
}

/** Text that applies `vars` (null = unset) in `shell`: lines ending in newlines ("" when empty; json "{}\n"). */
export function render(name: ShellName, vars: EnvVars): string {
  return shell(name).render(vars);
}

/** The user's shell from $SHELL's basename (bash, zsh, fish, pwsh); bash otherwise. */
export function detectShell(env: NodeJS.ProcessEnv): ShellName {
  const base = basename(env.SHELL ?? "").replace(/^-/, "");
  return SHELLS.find((s) => s.detect.includes(base))?.name ?? FALLBACK;
}

/** Checks a --shell (or shell-init) argument against `allowed`; a usage error (exit 2) otherwise. */
export function parseShellName<T extends ShellName = ShellName>(s: string, allowed: readonly T[] = SHELL_NAMES as readonly T[]): T {
  const found = allowed.find((name) => name === s);
  if (found === undefined) {
    throw usageError(`unknown shell ${JSON.stringify(s)} (allowed: ${allowed.join(", ")})`);
  }
  return found;
}
