// Reads one entry file without following symlinks, checking its owner and mode on the
// open descriptor (no window between check and read).
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { parseEntry } from "./entry";
import { untrusted, type Refusal } from "./permissions";
import type { CacheEntry, EntryKind } from "./types";

const MAX_ENTRY_BYTES = 1 << 20;

export type ReadResult =
  | { status: "ok"; entry: CacheEntry }
  | { status: "missing" }
  | { status: "bad"; reason: string }
  | { status: "untrusted"; refusal: Refusal };

export async function readEntryFile(path: string, kind: EntryKind): Promise<ReadResult> {
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
    const parsed = parseEntry(await fh.readFile("utf8"), kind);
    return parsed.ok ? { status: "ok", entry: parsed.entry } : { status: "bad", reason: parsed.reason };
  } finally {
    await fh.close();
  }
}
