// Reading the user's own files so that no file can hang or flood switchrole: each is
// opened non-blocking (a FIFO, a terminal or a device cannot block the open or a read),
// checked to be a regular file on the open descriptor (nothing can be swapped in between)
// and read up to a limit, by the byte count read rather than the size fstat reports
// (/proc files say 0, a file can grow while it is read). Synchronous: the files are small,
// and the AWS files, the accounts file and the cache entries are read on every start.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { usageError, type UserError } from "../errors";

/** The most switchrole reads of an AWS config or credentials file or the accounts file. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Why a file was not read. "missing": ENOENT (or ENOTDIR: a path component is a file),
 * which callers treat as no file; "type": not a regular file; "size": over the limit.
 */
export type Problem = "missing" | "type" | "size" | "io";
export type Failed = { ok: false; problem: Problem; reason: string };
export type Opened = { ok: true; fd: number; stat: Stats } | Failed;

const { O_RDONLY, O_NONBLOCK, O_NOCTTY, O_NOFOLLOW } = constants;

/** What a non-regular file is, for messages: "a named pipe (FIFO)", "a directory", ... */
export function kindOf(st: Stats): string {
  if (st.isFile()) return "a regular file";
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** /dev/null stands for an empty file (AWS_CONFIG_FILE=/dev/null is how one turns a file off). */
function isDevNull(st: Stats): boolean {
  if (!st.isCharacterDevice()) return false;
  try {
    return statSync("/dev/null").rdev === st.rdev;
  } catch {
    return false;
  }
}

export interface OpenOptions {
  /** Refuse a symbolic link (O_NOFOLLOW). */
  noFollow?: boolean;
  /** Take /dev/null as an empty file. */
  devNull?: boolean;
}

/** Opens a regular file for reading without blocking; never throws for the file's sake. */
export function openRegular(path: string, opts: OpenOptions = {}): Opened {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | (opts.noFollow ? O_NOFOLLOW : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    if (code === "ENOENT" || code === "ENOTDIR") return { ok: false, problem: "missing", reason: "does not exist" };
    if (code === "ELOOP" && opts.noFollow) return { ok: false, problem: "type", reason: "is a symbolic link" };
    if (code === "EACCES" || code === "EPERM") return { ok: false, problem: "io", reason: `cannot be read: permission denied (${code})` };
    return { ok: false, problem: "io", reason: `cannot be read (${code})` };
  }
  let stat: Stats;
  try {
    stat = fstatSync(fd);
  } catch (err) {
    closeSync(fd);
    return { ok: false, problem: "io", reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})` };
  }
  if (stat.isFile() || (opts.devNull === true && isDevNull(stat))) return { ok: true, fd, stat };
  closeSync(fd);
  return { ok: false, problem: "type", reason: `is ${kindOf(stat)}, not a regular file` };
}

/**
 * Reads an opened file to its end, or undefined once more than maxBytes came (it stops
 * there). `sizeHint` (fstat's size) only sizes the first buffer.
 */
export function readBounded(fd: number, maxBytes: number, sizeHint = 0): Buffer | undefined {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(sizeHint + 1, 8192), maxBytes + 1));
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      if (total > maxBytes) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
    const n = readSync(fd, buf, total, buf.length - total, null);
    if (n === 0) break;
    total += n;
  }
  return total > maxBytes ? undefined : buf.subarray(0, total);
}

export type ReadText = { ok: true; text: string } | Failed;

/** A whole text file (UTF-8, as fs.readFile(path, "utf8") decodes it), within maxBytes. */
export function readTextFile(path: string, maxBytes: number, opts: OpenOptions = {}): ReadText {
  const opened = openRegular(path, opts);
  if (!opened.ok) return opened;
  const tooLarge: Failed = { ok: false, problem: "size", reason: `is larger than ${sizeText(maxBytes)}, the most switchrole reads of it` };
  try {
    if (opened.stat.size > maxBytes) return tooLarge;
    const data = readBounded(opened.fd, maxBytes, opened.stat.size);
    if (data === undefined) return tooLarge;
    return { ok: true, text: data.toString("utf8") };
  } catch (err) {
    return { ok: false, problem: "io", reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})` };
  } finally {
    closeSync(opened.fd);
  }
}

/** 4194304 -> "4 MiB", 1048576 -> "1 MiB", 65536 -> "64 KiB". */
export function sizeText(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** The usage error (exit 2) for a file of the user's that could not be read; `variable` points elsewhere. */
export function unreadableFile(shownFile: string, failed: Failed, variable: string): UserError {
  const elsewhere = `point ${variable} at another file`;
  const hint =
    failed.problem === "type"
      ? `replace it with a regular file, or ${elsewhere}`
      : failed.problem === "size"
        ? `is it the right file? trim it, or ${elsewhere}`
        : `check the file and its permissions, or ${elsewhere}`;
  return usageError(`${shownFile} ${failed.reason}`, hint);
}
