// Runs a script in a real shell, with no rc files and a small fixed environment, and reads
// back the environment it exports (`env -0`) so values can be compared exactly.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/tmp";

export type RealShell = "bash" | "zsh" | "fish";

const ARGS: Record<RealShell, string[]> = { bash: ["--norc", "--noprofile"], zsh: ["-f"], fish: ["--no-config"] };

export interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

export function runShell(shell: RealShell, script: string, env: Record<string, string> = {}): Run {
  const dir = tempDir("switchrole-shell-");
  try {
    const file = join(dir, "script");
    writeFileSync(file, script);
    const r = spawnSync(shell, [...ARGS[shell], file], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, LC_ALL: "C.UTF-8", ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses `env -0` output into a map (a value may hold '=' and line breaks, never NUL). */
export function parseEnv0(out: Buffer): Map<string, string> {
  const vars = new Map<string, string>();
  for (const entry of out.toString("utf8").split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) vars.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return vars;
}
