// Small chores around writes: the state file that watchers poll, and temporary files a
// killed writer left behind (write-file-atomic cannot clean up after SIGKILL).
import { readdir, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stateFile } from "./paths";

const TEMP_FILE = /\.json\.\d+$/; // write-file-atomic's `<file>.<n>`

/** Moves the state file's mtime forward by at least a whole second (direnv compares seconds). */
export async function touchState(dir: string): Promise<void> {
  const path = stateFile(dir);
  try {
    const prev = await stat(path).then((s) => s.mtimeMs, () => 0);
    await writeFile(path, "", { mode: 0o600, flag: "a" });
    const next = Math.max(Date.now(), Math.floor(prev / 1000) * 1000 + 1000) / 1000;
    await utimes(path, next, next);
  } catch {
    // The state file only drives reloads; failing to touch it must not fail a fetch.
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
