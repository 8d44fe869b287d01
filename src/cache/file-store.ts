// The on-disk credential cache: one JSON file per key in a 0700 directory, written
// atomically (write-file-atomic: temporary file + fsync + rename), files created 0600.
// If the directory or an entry is not trustworthy the store turns into a no-op for the
// rest of the process and says so once.
import { mkdir, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { assertStorable, parseDevice, parseEntry, serializeDevice, serializeEntry } from "./entry";
import { KEY_PATTERN, kindOfKey } from "./key";
import { DEFAULT_LOCK_TIMING, withFileLock, type LockTiming } from "./lock";
import { sweepTemporaryFiles, touchState } from "./housekeeping";
import { removeAllSnapshots } from "./fast";
import { entryFile, lockFile } from "./paths";
import { trustedDirChain, type Refusal } from "./permissions";
import { readCacheFile, readCacheFileSync, readEntryFile } from "./read-entry";
import type { CacheEntry, CredentialCache, DeviceMemo, EntryKind, FileKind, ListedEntry } from "./types";

type WriteFileAtomic = (file: string, data: string, options: { mode: number; fsync?: boolean }) => Promise<void>;

const ENTRY_FILE = /^((mfa-session|role)-[0-9a-f]{32})\.json$/;
const DEVICE_FILE = /^device-[0-9a-f]{32}\.json$/;
const TEMP_ENTRY_FILE = /^((mfa-session|role)-[0-9a-f]{32})\.json\.\d+$/; // write-file-atomic's `<file>.<n>`
const TEMP_MAX_AGE_MS = 60_000;

function requireKind(key: string): FileKind {
  const kind = kindOfKey(key);
  if (!kind) throw new Error(`invalid cache key ${JSON.stringify(key)} (expected ${KEY_PATTERN})`);
  return kind;
}

function requireEntryKind(key: string): EntryKind {
  const kind = requireKind(key);
  if (kind === "device") throw new Error(`cache key ${key} names a device, not credentials`);
  return kind;
}

export class FileCache implements CredentialCache {
  private refused = false;
  private dirTrusted = false;
  /** The directory's real path once trusted: every file operation goes through it. */
  private root: string;
  private readonly warnedFiles = new Set<string>();
  /** One line for the first entry whose mode was narrowed; the rest are narrowed quietly. */
  private toldRepair = false;

  constructor(
    readonly dir: string,
    private readonly warn: (line: string) => void,
    private readonly lockTiming: LockTiming = DEFAULT_LOCK_TIMING,
  ) {
    this.root = dir;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const kind = requireEntryKind(key);
    if (!(await this.trustDir(false))) return undefined;
    return this.read(entryFile(this.root, key), kind);
  }

  async put(key: string, entry: CacheEntry): Promise<void> {
    assertStorable(entry, requireEntryKind(key));
    await this.write(key, serializeEntry(entry));
  }

  async getDevice(key: string): Promise<DeviceMemo | undefined> {
    if (requireKind(key) !== "device") throw new Error(`cache key ${key} is not a device key`);
    if (!(await this.trustDir(false))) return undefined;
    const path = entryFile(this.root, key);
    const r = await readCacheFile(path, parseDevice);
    if ("repaired" in r) this.repairedFile(r.repaired);
    if (r.status === "ok") return r.entry;
    if (r.status === "untrusted") this.refuse(r.refusal);
    if (r.status === "bad") this.warnOnce(path, `switchrole: warning: ignoring ${path}: ${r.reason}; the MFA device is looked up again`);
    return undefined;
  }

  async putDevice(key: string, memo: DeviceMemo): Promise<void> {
    if (requireKind(key) !== "device") throw new Error(`cache key ${key} is not a device key`);
    await this.write(key, serializeDevice(memo));
  }

  private async write(key: string, text: string): Promise<void> {
    if (!(await this.trustDir(true))) return;
    const path = entryFile(this.root, key);
    const writeFileAtomic = require("write-file-atomic") as WriteFileAtomic;
    try {
      await writeFileAtomic(path, text, { mode: 0o600 });
    } catch (err) {
      this.warnOnce(path, `switchrole: warning: could not write cache entry ${path} (${(err as NodeJS.ErrnoException).code ?? err})`);
      return;
    }
    await touchState(this.root);
    await sweepTemporaryFiles(this.root, TEMP_MAX_AGE_MS);
  }

  async delete(key: string): Promise<boolean> {
    requireKind(key);
    if (!(await this.trustDir(false))) return false;
    const removed = await unlink(entryFile(this.root, key)).then(() => true, () => false);
    if (removed) await touchState(this.root);
    return removed;
  }

  async list(): Promise<ListedEntry[]> {
    const out: ListedEntry[] = [];
    for (const [key, kind] of await this.entryNames()) {
      const path = entryFile(this.root, key);
      const entry = await this.read(path, kind);
      if (this.refused) return [];
      if (entry) out.push({ key, entry, path });
    }
    return out;
  }

  async clear(filter?: (e: CacheEntry) => boolean, removed?: (e: CacheEntry) => void): Promise<number> {
    let count = 0;
    const gone = new Set<string>();
    for (const [key, kind] of await this.entryNames()) {
      const path = entryFile(this.root, key);
      let entry: CacheEntry | undefined;
      if (filter) {
        entry = await this.read(path, kind);
        if (this.refused) return count;
        if (!entry || !filter(entry)) continue;
      }
      if (await unlink(path).then(() => true, () => false)) {
        count++;
        gone.add(key);
        if (entry) removed?.(entry);
      }
    }
    if (!filter) {
      // Everything: the remembered devices too (they are looked up again on next use).
      for (const name of await this.fileNames()) if (DEVICE_FILE.test(name)) await unlink(join(this.root, name)).catch(() => undefined);
      await sweepTemporaryFiles(this.root, 0);
    } else {
      await this.clearTemporaryFiles(filter, gone);
    }
    // The shell fast path's snapshots are derived from the entries: any clear drops them all.
    removeAllSnapshots(this.root);
    if (count > 0) await touchState(this.root);
    return count;
  }

  /**
   * The temporary files (`<key>.json.<n>`) a writer killed before its rename left: whole
   * credentials, which `clear <target>` and `logout` must not leave behind. One goes with
   * its entry, or when what it holds is an entry the filter takes; another writer's file
   * of the moment may go too (its write then fails with a warning, as it would after the
   * clear).
   */
  private async clearTemporaryFiles(filter: (e: CacheEntry) => boolean, gone: Set<string>): Promise<void> {
    for (const name of await this.fileNames()) {
      const m = TEMP_ENTRY_FILE.exec(name);
      if (!m) continue;
      const [, key = "", kind = "role"] = m;
      const path = join(this.root, name);
      let drop = gone.has(key);
      if (!drop) {
        const r = readCacheFileSync(path, (text) => parseEntry(text, kind as EntryKind));
        drop = r.status === "ok" && filter(r.entry);
      }
      if (drop) await unlink(path).catch(() => undefined);
    }
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    requireKind(key);
    if (!(await this.trustDir(true))) return fn();
    return withFileLock(entryFile(this.root, key), lockFile(this.root, key), this.lockTiming, this.warn, fn);
  }

  /** Checks (and with create, makes) the directory; false means "behave as a miss / no-op". */
  private async trustDir(create: boolean): Promise<boolean> {
    if (this.refused) return false;
    if (this.dirTrusted) return true;
    try {
      if (create) await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const trusted = trustedDirChain(this.dir);
      if (!("real" in trusted)) return this.refuse(trusted);
      this.root = trusted.real;
      if (trusted.repaired) this.warn(trusted.repaired);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && !create) return false;
      return this.refuse({ path: this.dir, line: `switchrole: not using the credential cache: ${this.dir}: ${code ?? err}` });
    }
    this.dirTrusted = true;
    return true;
  }

  private refuse(r: Refusal): false {
    if (!this.refused) this.warn(r.line);
    this.refused = true;
    return false;
  }

  private repairedFile(line: string | undefined): void {
    if (line === undefined || this.toldRepair) return;
    this.toldRepair = true;
    this.warn(line);
  }

  private warnOnce(path: string, line: string): void {
    if (this.warnedFiles.has(path)) return;
    this.warnedFiles.add(path);
    this.warn(line);
  }

  private async read(path: string, kind: EntryKind): Promise<CacheEntry | undefined> {
    const r = await readEntryFile(path, kind);
    if ("repaired" in r) this.repairedFile(r.repaired);
    if (r.status === "ok") return r.entry;
    if (r.status === "untrusted") this.refuse(r.refusal);
    if (r.status === "bad") {
      this.warnOnce(path, `switchrole: warning: ignoring cache entry ${path}: ${r.reason}; it is replaced on the next fetch (or run \`switchrole clear --all\`)`);
    }
    return undefined;
  }

  private async fileNames(): Promise<string[]> {
    if (!(await this.trustDir(false))) return [];
    return readdir(this.root).catch(() => [] as string[]);
  }

  private async entryNames(): Promise<Array<[string, EntryKind]>> {
    const names = await this.fileNames();
    return names.flatMap((n) => {
      const m = ENTRY_FILE.exec(n);
      return m ? [[m[1] as string, m[2] as EntryKind] as [string, EntryKind]] : [];
    });
  }
}
