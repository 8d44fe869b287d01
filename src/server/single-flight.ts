// Credentials per target, kept in memory while they have the minimum lifetime left; when
// they do not, ONE fetch runs and every request arriving meanwhile waits for it. A failed
// fetch is forgotten, so the next request tries again.
import { statSync } from "node:fs";
import type { Credentials } from "../types";
import { stateFile } from "../cache/paths";

const MAX_TARGETS = 256;

export class CredentialMemo<T> {
  private readonly held = new Map<string, Credentials>();
  private readonly inflight = new Map<string, Promise<Credentials>>();

  private seen: number | undefined;

  constructor(
    private readonly fetch: (target: T) => Promise<Credentials>,
    private readonly now: () => number,
    private readonly minTtlSeconds: number,
    /** A value that changes whenever the cache does (the state file's mtime): what is held is then
     * forgotten and read again through `fetch`, so `switchrole clear`/`logout` ends it too. */
    private readonly generation: () => number = () => 0,
  ) {}

  /** How many fetches have started (for tests and the log). */
  fetches = 0;

  get(key: string, target: T): Promise<Credentials> {
    const generation = this.generation();
    if (generation !== this.seen) {
      this.held.clear();
      this.seen = generation;
    }
    const held = this.held.get(key);
    if (held && this.fresh(held)) return Promise.resolve(held);
    let running = this.inflight.get(key);
    if (!running) {
      this.fetches++;
      running = this.fetch(target)
        .then((c) => {
          if (this.held.size >= MAX_TARGETS && !this.held.has(key)) this.held.delete(this.held.keys().next().value as string);
          this.held.set(key, c);
          return c;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, running);
    }
    return running;
  }

  private fresh(c: Credentials): boolean {
    return c.expiration !== undefined && c.expiration.getTime() - this.now() >= this.minTtlSeconds * 1000;
  }
}

/** The cache's generation: its state file's mtime, touched on every put, delete and clear. */
export function cacheGeneration(dir: string): () => number {
  const file = stateFile(dir);
  return () => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}
