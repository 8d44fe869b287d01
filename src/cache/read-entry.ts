// Reads one entry file without following symlinks, checking its owner and mode on the
// open descriptor (no window between check and read).
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { parseEntry, type Parsed } from "./entry";
import { untrusted, type Refusal } from "./permissions";
import type { CacheEntry, EntryKind } from "./types";

const MAX_ENTRY_BYTES = 1 << 20;

export type ReadResult<T = CacheEntry> =
  | { status: "ok"; entry: T }
  | { status: "missing" }
  | { status: "bad"; reason: string }
  | { status: "untrusted"; refusal: Refusal };

export function readEntryFile(path: string, kind: EntryKind): Promise<ReadResult> {
  return readCacheFile(path, (text) => parseEntry(text, kind));
}

/** Any cache file, parsed by `parse` once it is known to be a trusted regular file. */
export async function readCacheFile<T>(path: string, parse: (text: string) => Parsed<T>): Promise<ReadResult<T>> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { status: "missing" };
    if (code === "ELOOP") return { status: "bad", reason: "is a symbolic link" };
    return { status: "bad", reason: `cannot be read (${code ?? "error"})` };
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { status: "bad", reason: "is not a regular file" };
    const refusal = untrusted(path, st, false);
    if (refusal) return { status: "untrusted", refusal };
    if (st.size > MAX_ENTRY_BYTES) return { status: "bad", reason: `is too large (${st.size} bytes)` };
    const parsed = parse(await fh.readFile("utf8"));
    return parsed.ok ? { status: "ok", entry: parsed.entry } : { status: "bad", reason: parsed.reason };
  } finally {
    await fh.close();
  }
}
