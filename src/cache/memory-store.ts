// In-process stores: a memory cache for callers' unit tests, and the no-op store used for
// --no-cache. The memory cache keeps serialized copies, so it round-trips like the file
// store does and a caller mutating a returned entry cannot change what is stored.
import { assertStorable, parseDevice, parseEntry, serializeDevice, serializeEntry } from "./entry";
import { kindOfKey } from "./key";
import type { CacheEntry, CredentialCache, ListedEntry } from "./types";

function requireKind(key: string) {
  const kind = kindOfKey(key);
  if (!kind || kind === "device") throw new Error(`invalid cache key ${JSON.stringify(key)}`);
  return kind;
}

function requireDevice(key: string) {
  if (kindOfKey(key) !== "device") throw new Error(`invalid device key ${JSON.stringify(key)}`);
}

export function memoryCache(): CredentialCache & { puts: number } {
  const files = new Map<string, string>();
  const devices = new Map<string, string>();
  const queues = new Map<string, Promise<unknown>>();
  const decode = (key: string): CacheEntry | undefined => {
    const text = files.get(key);
    if (text === undefined) return undefined;
    const parsed = parseEntry(text, requireKind(key));
    return parsed.ok ? parsed.entry : undefined;
  };
  return {
    dir: "",
    puts: 0,
    async get(key) {
      requireKind(key);
      return decode(key);
    },
    async put(key, entry) {
      assertStorable(entry, requireKind(key));
      files.set(key, serializeEntry(entry));
      this.puts++;
    },
    async delete(key) {
      return files.delete(key);
    },
    async getDevice(key) {
      requireDevice(key);
      const text = devices.get(key);
      const parsed = text === undefined ? undefined : parseDevice(text);
      return parsed?.ok ? parsed.entry : undefined;
    },
    async putDevice(key, memo) {
      requireDevice(key);
      devices.set(key, serializeDevice(memo));
    },
    async list() {
      return [...files.keys()].flatMap((key): ListedEntry[] => {
        const entry = decode(key);
        return entry ? [{ key, entry, path: `memory:${key}` }] : [];
      });
    },
    async clear(filter, removed) {
      let n = 0;
      for (const key of [...files.keys()]) {
        const entry = decode(key);
        if (filter && (!entry || !filter(entry))) continue;
        files.delete(key);
        if (entry) removed?.(entry);
        n++;
      }
      if (!filter) devices.clear();
      return n;
    },
    withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
      requireKind(key);
      const prev = queues.get(key) ?? Promise.resolve();
      const run = prev.then(fn, fn);
      queues.set(key, run.catch(() => undefined));
      return run;
    },
  };
}

/** --no-cache (or an untrusted directory): every get misses, writes vanish, locks are free. */
export function disabledCache(): CredentialCache {
  return {
    dir: "",
    get: async () => undefined,
    put: async () => undefined,
    delete: async () => false,
    getDevice: async () => undefined,
    putDevice: async () => undefined,
    list: async () => [],
    clear: async () => 0,
    withLock: (_key, fn) => fn(),
  };
}
