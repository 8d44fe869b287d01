// Small chores around writes: the state file that watchers poll, and temporary files a
// killed writer left behind (write-file-atomic cannot clean up after SIGKILL).
import { closeSync, constants, fstatSync, futimesSync, openSync } from "node:fs";
import { readdir, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { stateFile } from "./paths";

const TEMP_FILE = /\.json\.\d+$/; // write-file-atomic's `<file>.<n>`

const { O_WRONLY, O_APPEND, O_CREAT, O_NONBLOCK, O_NOFOLLOW, O_NOCTTY } = constants;

/**
 * Moves the state file's mtime forward by at least a whole second (direnv compares
 * seconds). Opened non-blocking and without following a symlink, and touched only when it
 * is a regular file: a FIFO planted there cannot hang a fetch (with no reader the open
 * fails at once, with one it is left alone).
 */
export async function touchState(dir: string): Promise<void> {
  const path = stateFile(dir);
  const flags = O_WRONLY | O_APPEND | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY;
  let fd: number | undefined;
  try {
    let created = false;
    try {
      fd = openSync(path, flags);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      fd = openSync(path, flags | O_CREAT, 0o600);
      created = true;
    }
    const st = fstatSync(fd);
    if (!st.isFile()) return;
    // A file just made has nothing to move past: nobody has seen its mtime yet.
    const prev = created ? 0 : st.mtimeMs;
    const next = Math.max(Date.now(), Math.floor(prev / 1000) * 1000 + 1000) / 1000;
    futimesSync(fd, next, next);
  } catch {
    // The state file only drives reloads; failing to touch it must not fail a fetch.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Removes temporary files older than maxAgeMs (0: all of them, for `clear`). */
export async function sweepTemporaryFiles(dir: string, maxAgeMs: number): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names.filter((n) => TEMP_FILE.test(n))) {
    const path = join(dir, name);
    const st = await stat(path).catch(() => undefined);
    // maxAgeMs 0 means every one: Date.now() is whole milliseconds, mtimeMs is not, so a
    // file written this millisecond can look a fraction "younger" than now.
    if (st && (maxAgeMs === 0 || now - st.mtimeMs >= maxAgeMs)) await unlink(path).catch(() => undefined);
  }
}
