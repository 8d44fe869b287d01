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
    const entry = await create();
    await cache.put(key, entry);
    return { entry, hit: false };
  });
}
