// Reads one cache file without following symlinks and without blocking (a FIFO or device
// planted under an entry's name cannot hang the read), checking that it is a regular file,
// its owner and mode on the open descriptor (no window between check and read), and reading
// at most MAX_ENTRY_BYTES. A file of ours that others can read is made 0600, with one line.
import { closeSync, fchmodSync } from "node:fs";
import { openRegular, readBounded } from "../config/local-file";
import { parseEntry, type Parsed } from "./entry";
import { exposedLine, untrusted, type Refusal } from "./permissions";
import type { CacheEntry, EntryKind } from "./types";

const MAX_ENTRY_BYTES = 1 << 20;

/** `repaired`: the warning line when the file's mode was narrowed to 0600. */
export type ReadResult<T = CacheEntry> =
  | { status: "ok"; entry: T; repaired?: string }
  | { status: "missing" }
  | { status: "bad"; reason: string; repaired?: string }
  | { status: "untrusted"; refusal: Refusal };

export function readEntryFile(path: string, kind: EntryKind): Promise<ReadResult> {
  return readCacheFile(path, (text) => parseEntry(text, kind));
}

/** Any cache file, parsed by `parse` once it is known to be a trusted regular file. */
export async function readCacheFile<T>(path: string, parse: (text: string) => Parsed<T>): Promise<ReadResult<T>> {
  return readCacheFileSync(path, parse);
}

export function readCacheFileSync<T>(path: string, parse: (text: string) => Parsed<T>): ReadResult<T> {
  const opened = openRegular(path, { noFollow: true });
  if (!opened.ok) return opened.problem === "missing" ? { status: "missing" } : { status: "bad", reason: opened.reason };
  const { fd, stat: st } = opened;
  try {
    const refusal = untrusted(path, st, false);
    if (refusal) return { status: "untrusted", refusal };
    let repaired: string | undefined;
    if ((st.mode & 0o077) !== 0) {
      try {
        fchmodSync(fd, st.mode & 0o700);
        repaired = exposedLine(path, st.mode, false);
      } catch (err) {
        return { status: "untrusted", refusal: { path, line: exposedLine(path, st.mode, false, (err as NodeJS.ErrnoException).code ?? "error") } };
      }
    }
    const withRepair = <R extends object>(r: R): R & { repaired?: string } => (repaired ? { ...r, repaired } : r);
    if (st.size > MAX_ENTRY_BYTES) return withRepair({ status: "bad" as const, reason: `is too large (${st.size} bytes)` });
    const data = readBounded(fd, MAX_ENTRY_BYTES, st.size);
    if (data === undefined) return withRepair({ status: "bad" as const, reason: `is larger than ${MAX_ENTRY_BYTES} bytes` });
    const parsed = parse(data.toString("utf8"));
    return withRepair(parsed.ok ? { status: "ok" as const, entry: parsed.entry } : { status: "bad" as const, reason: parsed.reason });
  } catch (err) {
    return { status: "bad", reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})` };
  } finally {
    closeSync(fd);
  }
}
