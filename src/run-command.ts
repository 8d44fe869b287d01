// Runs a command from the user's profile (mfa_process, credential_process) as the AWS
// tools do (`/bin/sh -c <command>`), within $SWITCHROLE_PROCESS_TIMEOUT: at the deadline it
// gets SIGTERM, and SIGKILL 2 s later if it is still there. Its stdout is kept (at most
// 1 MiB); its stderr is read and dropped, never shown or copied into a message, since a
// credential helper may print secrets there. The outcome says how it ended in words of
// switchrole's own. node:child_process is loaded on the first run only.
import type { ChildProcess, ExecFileException } from "node:child_process";
import { usageError } from "./errors";
import { parseDuration } from "./config/duration";

export const DEFAULT_PROCESS_TIMEOUT_SECONDS = 120;
const MAX_PROCESS_TIMEOUT_SECONDS = 3600;
const KILL_GRACE_MS = 2000;
const MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * $SWITCHROLE_PROCESS_TIMEOUT in seconds: "90" or a duration ("2m", "5m"), 1 s to 1 h;
 * default 120 (time for a browser login, say). A bad value is a usage error naming it.
 */
export function processTimeoutSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.SWITCHROLE_PROCESS_TIMEOUT;
  if (raw === undefined || raw.trim() === "") return DEFAULT_PROCESS_TIMEOUT_SECONDS;
  let seconds: number | undefined;
  try {
    seconds = parseDuration(raw, "SWITCHROLE_PROCESS_TIMEOUT").value;
  } catch {
    seconds = undefined;
  }
  if (seconds === undefined || seconds < 1 || seconds > MAX_PROCESS_TIMEOUT_SECONDS) {
    throw usageError(
      `SWITCHROLE_PROCESS_TIMEOUT=${JSON.stringify(raw)} is not a duration between 1s and 1h`,
      `use seconds (${DEFAULT_PROCESS_TIMEOUT_SECONDS}) or a duration such as 30s or 5m; it bounds each mfa_process and credential_process run`,
    );
  }
  return seconds;
}

export type CommandOutcome =
  | { ok: true; stdout: string }
  /** why: "exited with status 3", "was killed by SIGSEGV", "did not finish within 120 s", ... */
  | { ok: false; why: string; timedOut: boolean };

export interface RunOptions {
  timeoutSeconds: number;
  env?: NodeJS.ProcessEnv;
}

export function runCommand(command: string, opts: RunOptions): Promise<CommandOutcome> {
  const { execFile } = require("node:child_process") as typeof import("node:child_process");
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const settle = (o: CommandOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(graceTimer);
      resolve(o);
    };
    const late = (): CommandOutcome => ({ ok: false, why: `did not finish within ${opts.timeoutSeconds} s`, timedOut: true });
    let child: ChildProcess;
    try {
      child = execFile("/bin/sh", ["-c", command], { encoding: "utf8", maxBuffer: MAX_OUTPUT_BYTES, env: opts.env ?? process.env }, (err, stdout) => {
        if (timedOut) return settle(late());
        if (!err) return settle({ ok: true, stdout });
        settle({ ok: false, why: howItFailed(err), timedOut: false });
      });
    } catch (err) {
      resolve({ ok: false, why: `could not be started (${(err as NodeJS.ErrnoException).code ?? "error"})`, timedOut: false });
      return;
    }
    const deadline = setTimeout(() => {
      timedOut = true;
      // A grandchild holding the pipes open must not keep the run alive.
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.kill("SIGTERM");
      graceTimer = setTimeout(() => {
        child.kill("SIGKILL");
        settle(late());
      }, KILL_GRACE_MS);
    }, opts.timeoutSeconds * 1000);
  });
}

/** How a run ended, from what execFile reports: never its output or its message. */
function howItFailed(err: ExecFileException): string {
  if (err.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return `printed more than ${MAX_OUTPUT_BYTES / (1024 * 1024)} MiB`;
  if (typeof err.code === "number") return `exited with status ${err.code}${err.code === 127 ? " (command not found)" : err.code === 126 ? " (not executable)" : ""}`;
  if (err.signal) return `was killed by ${err.signal}`;
  if (typeof err.code === "string") return `could not be started (${err.code})`;
  return "failed";
}

/**
 * A profile's command that gave no credentials: `why` in switchrole's words ("exited with
 * status 3", "printed expired credentials"), never the command's output. Matched by name:
 * dist/sts.js, which runs credential_process, has its own copy of the class.
 */
export class CommandFailure extends Error {
  constructor(
    readonly why: string,
    readonly timedOut: boolean,
  ) {
    super(why);
    this.name = "CommandFailure";
  }
}

export function isCommandFailure(err: unknown): err is CommandFailure {
  return err instanceof Error && err.name === "CommandFailure" && typeof (err as CommandFailure).why === "string";
}
