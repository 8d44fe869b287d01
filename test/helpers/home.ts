// A temporary HOME holding the seed's ~/.aws files (docs/seed-walkthrough.md), and a
// clean environment that points the AWS SDK and CLI at the emulator. No AWS_* credentials
// leak in from the developer's own environment.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Emulator } from "./emulator";
import { BASTION } from "./world";
import { tempDir } from "./tmp";

export const ROOT = resolve(__dirname, "../..");
export const BIN_DIR = join(ROOT, "bin");
export const SWITCHROLE = join(BIN_DIR, "switchrole");

export interface SeedHome {
  home: string;
  /** A clean environment: HOME, PATH (bin/ first), the emulator's endpoints, AWS_PROFILE_ASSUME_ROLE=bastion. */
  env: NodeJS.ProcessEnv;
}

export interface SeedHomeOptions {
  /** Extra lines for ~/.aws/config (after the seed's [profile bastion]). */
  config?: string;
  /** Replaces the accounts file's JSON. */
  accounts?: Record<string, unknown>;
  /** Extra environment. */
  env?: NodeJS.ProcessEnv;
}

const KEEP = ["PATH", "LANG", "LC_ALL", "TERM", "TMPDIR", "NODE_EXTRA_CA_CERTS", "CI"];

export function seedHome(emu: Emulator, opts: SeedHomeOptions = {}): SeedHome {
  const home = tempDir("switchrole-home-");
  mkdirSync(join(home, ".aws"), { mode: 0o700 });
  writeFileSync(
    join(home, ".aws/credentials"),
    `[bastion]\naws_access_key_id=${BASTION.accessKeyId}\naws_secret_access_key=${BASTION.secretAccessKey}\n`,
    { mode: 0o600 },
  );
  writeFileSync(join(home, ".aws/config"), `[profile bastion]\nregion=ap-northeast-1\n${opts.config ?? ""}`);
  writeFileSync(join(home, ".aws/accounts"), `${JSON.stringify(opts.accounts ?? { private_aws: "123456789012" }, null, 2)}\n`);
  const env: NodeJS.ProcessEnv = {};
  for (const k of KEEP) if (process.env[k] !== undefined) env[k] = process.env[k];
  Object.assign(env, {
    HOME: home,
    PATH: `${BIN_DIR}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    AWS_PROFILE_ASSUME_ROLE: "bastion",
    ...emu.env,
    ...opts.env,
  });
  return { home, env };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  program?: string;
  input?: string;
  cwd?: string;
  /**
   * Keeps stdin open (a pipe nobody writes to) until the program exits, instead of ending
   * it after `input`: a program that waits for an answer there never exits, so the test's
   * own timeout fails it. Proves "fails at once" without timing it.
   */
  holdStdin?: boolean;
}

/**
 * Runs bin/switchrole (or another program) in its own session, so it has NO controlling
 * terminal: a prompt fails fast instead of reaching the developer's terminal.
 */
export function run(args: string[], env: NodeJS.ProcessEnv, opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(opts.program ?? SWITCHROLE, args, { env, cwd: opts.cwd, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code, signal) => {
      child.stdin.destroy();
      done({ code, signal, stdout, stderr });
    });
    // A program that exits without reading its stdin (most do) may be gone before the
    // write reaches the pipe: EPIPE then is not the test's error (on a loaded machine it
    // was an uncaught exception that failed whichever test was running).
    child.stdin.on("error", (e: NodeJS.ErrnoException) => void (e.code === "EPIPE" ? undefined : fail(e)));
    if (opts.holdStdin) child.stdin.write(opts.input ?? "");
    else child.stdin.end(opts.input ?? "");
  });
}
