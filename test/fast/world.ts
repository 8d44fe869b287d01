// What the fast-path tests share: the CLI tests' HOME and emulator, a PATH whose first
// `node` and `switchrole` record every call (so a test proves "no Node started"), and
// the shells to run `sr` / `assume-role` in.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { which } from "../helpers/programs";
import { BIN_DIR, run, type RunResult } from "../helpers/home";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { cliHome, cliWorld } from "../cli/fixture";
import { tempDir } from "../helpers/tmp";

export interface Recorder {
  dir: string;
  /** The calls recorded so far ("node ..." / "switchrole ..."), and forget them. */
  take(): string[];
}

/** A directory with `node` and `switchrole` wrappers that log each call and run the real program. */
export function recorder(): Recorder {
  const dir = tempDir("switchrole-rec-");
  const log = join(dir, "calls.log");
  writeFileSync(log, "");
  const realNode = which("node") ?? process.execPath;
  for (const [name, real] of [["node", realNode], ["switchrole", join(BIN_DIR, "switchrole")]] as const) {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\necho "${name} ${name === "node" ? "$2" : "$1"}" >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(path, 0o755);
  }
  mkdirSync(join(dir, "home"), { recursive: true });
  return {
    dir,
    take: () => {
      const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
      writeFileSync(log, "");
      return lines;
    },
  };
}

export const SHELLS = {
  bash: { argv: ["bash", "--norc", "--noprofile", "-c"], load: `eval "$(${join(BIN_DIR, "switchrole")} shell-init bash)"`, status: "$?" },
  zsh: { argv: ["zsh", "-f", "-c"], load: `eval "$(${join(BIN_DIR, "switchrole")} shell-init zsh)"`, status: "$?" },
  fish: { argv: ["fish", "--no-config", "-c"], load: `${join(BIN_DIR, "switchrole")} shell-init fish | source`, status: "$status" },
} as const;
export type ShellName = keyof typeof SHELLS;

/** Runs a script in one shell, with the recorder's directory first on PATH. */
export function inShell(shell: ShellName, script: string, env: NodeJS.ProcessEnv, rec: Recorder): Promise<RunResult> {
  const [program, ...args] = SHELLS[shell].argv;
  return run([...args, script], { ...env, PATH: `${rec.dir}:${env.PATH}` }, { program });
}

/** A script line printing each name's value as `NAME=<json>` (the shell's own view), for comparing exports across runs. */
export function dumpVars(shell: ShellName, names: readonly string[]): string {
  if (shell === "fish") return names.map((n) => `if set -q ${n}; printf '%s=%s\\n' ${n} (string escape -- "$${n}"); else; echo '${n} unset'; end`).join("\n");
  return names.map((n) => `if [ -n "\${${n}+x}" ]; then printf '%s=%q\\n' ${n} "$${n}"; else echo '${n} unset'; fi`).join("\n");
}

/** The CLI tests' emulator and HOME with one role cached from one MFA code (by a bash run on the recorder's PATH). */
export async function primedWorld(): Promise<{ emu: Emulator; home: string; env: NodeJS.ProcessEnv; rec: Recorder }> {
  const emu = await startEmulator(cliWorld());
  const h = cliHome(emu);
  const env = { ...h.env, AWS_PAGER: "" };
  const rec = recorder();
  const code = await emu.freshMfaCode();
  const r = await inShell("bash", `switchrole env private_aws sample_switch_role --mfa-code ${code} >/dev/null`, env, rec);
  if (r.code !== 0) throw new Error(`priming the cache failed: ${r.stderr}`);
  return { emu, home: h.home, env, rec };
}
