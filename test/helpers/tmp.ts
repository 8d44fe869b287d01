// Temporary directories for tests, removed when the test process that made them exits
// (node:test runs each file in a process of its own). A run used to leave some 350
// directories in /tmp, each a HOME with a cache of (emulator) credentials.
// SWITCHROLE_TEST_KEEP_TMP=1 keeps them, to look at after a failure.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

function removeAll(): void {
  if (process.env.SWITCHROLE_TEST_KEEP_TMP === "1") return;
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Left for the OS: an exit hook must not turn a passing test file into a failing one.
    }
  }
}

/** mkdtemp under the OS temporary directory, removed at this process's exit. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.push(dir) === 1) process.on("exit", removeAll);
  return dir;
}
