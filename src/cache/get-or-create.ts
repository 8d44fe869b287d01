// Single flight across processes: check without the lock (the fast path of a hit), then
// lock, check again (another process may have just created it), create, store.
import type { CacheEntry, CredentialCache } from "./types";

export async function getOrCreate(
  cache: CredentialCache,
  key: string,
  isUsable: (e: CacheEntry) => boolean,
  create: () => Promise<CacheEntry>,
): Promise<{ entry: CacheEntry; hit: boolean }> {
  const first = await cache.get(key);
  if (first && isUsable(first)) return { entry: first, hit: true };
  return cache.withLock(key, async () => {
    const again = await cache.get(key);
    if (again && isUsable(again)) return { entry: again, hit: true };
    let entry: CacheEntry;
    try {
      entry = await create();
    } catch (err) {
      // A holder that was suspended (SIGSTOP) may have lost the lock as stale meanwhile,
      // and another process made and cached the entry (spending the same MFA code, say):
      // that entry serves instead of this failure.
      const other = await cache.get(key);
      if (other && isUsable(other)) return { entry: other, hit: true };
      throw err;
    }
    await cache.put(key, entry);
    return { entry, hit: false };
  });
}
