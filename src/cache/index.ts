// The credential cache's public API. Loading this module loads only node:fs,
// node:fs/promises, node:path and node:os; write-file-atomic and proper-lockfile are
// required on first write or lock, so a cache hit never loads them.
import { disabledCache } from "./memory-store";
import { FileCache } from "./file-store";
import { DEFAULT_LOCK_TIMING, type LockTiming } from "./lock";
import { cacheDir } from "./paths";
import type { CredentialCache } from "./types";

export type { CacheEntry, CachedCredentials, CredentialCache, EntryKind, EntryMeta, ListedEntry } from "./types";
export { cacheKey, canonicalJson, type KeyParts } from "./key";
export { cacheDir, stateFile } from "./paths";
export { memoryCache } from "./memory-store";
export { isFresh, minTtlSeconds, parseSeconds, DEFAULT_MIN_TTL_SECONDS } from "./ttl";
export { getOrCreate } from "./get-or-create";

export interface OpenCacheOptions {
  /** Receives complete one-line messages (no newline); default: stderr. */
  warn?: (line: string) => void;
  /** --no-cache: a store that never reads or writes. */
  disabled?: boolean;
  /** Lock tuning, for tests: stale takeover and maximum wait, in ms. */
  lock?: Partial<LockTiming>;
}

export function openCache(env: NodeJS.ProcessEnv, opts: OpenCacheOptions = {}): CredentialCache {
  if (opts.disabled) return disabledCache();
  const warn = opts.warn ?? ((line: string) => void process.stderr.write(`${line}\n`));
  return new FileCache(cacheDir(env), warn, { ...DEFAULT_LOCK_TIMING, ...opts.lock });
}
