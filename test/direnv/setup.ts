// A user's machine for the direnv tests: the seed's HOME (test/helpers/home.ts) with
// direnv's config, data and our cache inside it, the switchrole library installed the way
// a user would (`switchrole direnv install`), shell rc files that hook direnv, and project
// directories allowed with `direnv allow`.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Emulator } from "../helpers/emulator";
import { seedHome, run, SWITCHROLE } from "../helpers/home";
import { startTmux, type Tmux } from "../helpers/tmux";
import { libraryScript } from "../../src/direnv/library";

const pexec = promisify(execFile);

export type Shell = "bash" | "zsh" | "fish";

export interface DirenvHome {
  home: string;
  env: NodeJS.ProcessEnv;
  /** Creates $HOME/<name>/.envrc and runs `direnv allow` on it. */
  project(name: string, envrc: string): Promise<string>;
  /** An interactive shell in tmux, in $HOME, with direnv hooked as the user's rc file does. */
  shell(shell: Shell, extraEnv?: NodeJS.ProcessEnv): Promise<Tmux>;
  /** Reinstalls the library so it runs switchrole through a wrapper that logs each call; returns the log reader. */
  countInvocations(): () => string[];
}

export const PROMPT = "READY> ";

/** The seed's .envrc (docs/seed-walkthrough.md, "With direnv"), verbatim. */
export const SEED_ENVRC = "source $(which assume-role)\nexport AWS_ROLE_SESSION_TIMEOUT=900\nassume-role private_aws sample_switch_role\n";

export async function direnvHome(emu: Emulator, env: NodeJS.ProcessEnv = {}): Promise<DirenvHome> {
  const base = seedHome(emu);
  const home = base.home;
  const e: NodeJS.ProcessEnv = {
    ...base.env,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local/share"),
    XDG_CACHE_HOME: join(home, ".cache"),
    LANG: "C.UTF-8",
    ...env,
  };
  delete e.NODE_OPTIONS;
  const installed = await run(["direnv", "install"], e);
  if (installed.code !== 0) throw new Error(`switchrole direnv install failed: ${installed.stderr}`);
  writeFileSync(join(home, ".bashrc"), `PS1='${PROMPT}'\neval "$(direnv hook bash)"\n`);
  writeFileSync(join(home, ".zshrc"), `PS1='${PROMPT}'\neval "$(direnv hook zsh)"\n`);
  mkdirSync(join(home, ".config/fish"), { recursive: true });
  writeFileSync(
    join(home, ".config/fish/config.fish"),
    `set -g fish_greeting\nfunction fish_prompt; printf '${PROMPT}'; end\ndirenv hook fish | source\n`,
  );
  return {
    home,
    env: e,
    project: async (name, envrc) => {
      const dir = join(home, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, ".envrc"), envrc);
      await pexec("direnv", ["allow", dir], { env: e });
      return dir;
    },
    shell: async (shell, extraEnv = {}) => {
      const argv = shell === "bash" ? ["bash", "-i"] : shell === "zsh" ? ["zsh", "-i"] : ["fish", "-i"];
      const t = await startTmux(argv, { env: { ...e, SHELL: `/usr/bin/${shell}`, ...extraEnv }, cwd: home });
      await t.waitFor(PROMPT);
      return t;
    },
    countInvocations: () => {
      const log = join(home, "switchrole-calls.log");
      const wrapper = join(home, "switchrole-logged");
      writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${SWITCHROLE}' "$@"\n`);
      chmodSync(wrapper, 0o755);
      writeFileSync(join(home, ".config/direnv/lib/switchrole.sh"), libraryScript(wrapper));
      return () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []);
    },
  };
}

/** Runs a command in the tmux shell and returns its output (between two unique markers). */
let seq = 0;
export async function runIn(t: Tmux, command: string, timeoutMs = 15_000): Promise<string> {
  const id = `${process.pid}x${++seq}`;
  // The markers are built by the shell (printf with a split word), so the typed command line never matches.
  await t.send(`printf '%s\\n' 'BEGIN-'${id}; ${command}; printf '%s\\n' 'END-'${id}`, true);
  const pane = await t.waitFor(new RegExp(`^END-${id}$`, "m"), timeoutMs);
  const m = new RegExp(`^BEGIN-${id}\\n([\\s\\S]*?)^END-${id}$`, "m").exec(pane);
  if (!m) throw new Error(`no output block for ${command}:\n${pane}`);
  return m[1] ?? "";
}

/** Counts non-overlapping occurrences of text in the pane. */
export function count(pane: string, text: string | RegExp): number {
  return typeof text === "string" ? pane.split(text).length - 1 : (pane.match(new RegExp(text.source, "gm")) ?? []).length;
}

/** switchrole's own prompt for `use switchrole private_aws sample_switch_role` (the seed's drop-in keeps `MFA Token: `). */
export const SR_PROMPT = "MFA code (mfa/bastion) for private_aws/sample_switch_role: ";
/** SR_PROMPT for a RegExp. */
export const SR_PROMPT_RE = SR_PROMPT.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
