// Cross-process lock around "check, create, put", built on proper-lockfile: an atomic
// mkdir of `<key>.lock` whose mtime the holder refreshes every second. A holder that was
// SIGKILLed stops refreshing, so after `staleMs` the next waiter removes the lock and
// takes it: a crash costs a few seconds, never a hang. (A PID file would detect death
// instantly but is wrong on a home directory shared between hosts; mtime works there.)
// Caveat: the holder must not block its event loop for longer than staleMs (e.g. with a
// synchronous terminal read), or a waiter will treat the lock as stale and proceed too.
// proper-lockfile (and graceful-fs, which it loads) is required lazily: a cache hit never
// takes the lock, so it never pays for loading it.
import { lstatSync, readdirSync } from "node:fs";
import { UserError } from "../errors";
import { kindOf } from "../config/local-file";

interface ProperLockfile {
  lock(file: string, options: Record<string, unknown>): Promise<() => Promise<void>>;
}

export interface LockTiming {
  /** A lock not refreshed for this long is taken over (proper-lockfile's minimum is 2000). */
  staleMs: number;
  /** How long a waiter waits for a live holder (who may be waiting for an MFA code) before giving up. */
  waitMs: number;
}

export const DEFAULT_LOCK_TIMING: LockTiming = { staleMs: 5000, waitMs: 120_000 };

export async function withFileLock<T>(
  target: string,
  lockPath: string,
  timing: LockTiming,
  warn: (line: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  checkLockPath(lockPath);
  const lockfile = require("proper-lockfile") as ProperLockfile;
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lockfile.lock(target, {
      lockfilePath: lockPath,
      realpath: false, // the entry file need not exist yet
      stale: timing.staleMs,
      update: 1000,
      // Poll every 25..250 ms (randomized so 20 waiters do not move in step) until waitMs.
      retries: { retries: Math.ceil(timing.waitMs / 25), factor: 1.3, minTimeout: 25, maxTimeout: 250, randomize: true, maxRetryTime: timing.waitMs },
      // The default throws from a timer and would crash the process; losing the lock only
      // risks a duplicate STS call, since every write is atomic anyway.
      onCompromised: () => warn(`switchrole: warning: lost the cache lock ${lockPath} (was this process suspended?)`),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOCKED") {
      throw new UserError(
        `timed out after ${Math.round(timing.waitMs / 1000)}s waiting for another switchrole holding ${lockPath}`,
        "it may be waiting for an MFA code in another terminal; answer it there, or run again",
      );
    }
    warn(`switchrole: warning: cannot lock ${lockPath} (${code ?? String(err)}); continuing without the lock`);
  }
  try {
    return await fn();
  } finally {
    await release?.().catch(() => undefined);
  }
}

/**
 * A lock is an empty directory: anything else at its path (a file, a FIFO, a symlink, a
 * directory with something in it) would never be taken over as stale, and the waiter
 * would wait its whole waitMs. Said at once instead, with what to remove.
 */
function checkLockPath(lockPath: string): void {
  let what: string | undefined;
  try {
    const st = lstatSync(lockPath);
    if (!st.isDirectory()) what = kindOf(st);
    else if (readdirSync(lockPath).length > 0) what = "a directory with files in it";
  } catch {
    return; // no lock (or one just released): the usual case
  }
  if (what === undefined) return;
  throw new UserError(
    `cannot lock the credential cache: ${lockPath} is ${what}, not a lock (an empty directory switchrole makes)`,
    `remove it (rm -r ${lockPath}) and run again`,
  );
}
