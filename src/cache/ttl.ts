// How long cached credentials must still be valid to be handed out.
import { usageError } from "../errors";
import { parseDuration } from "../config/duration";
import type { CacheEntry } from "./types";

export const DEFAULT_MIN_TTL_SECONDS = 300;
const MAX_MIN_TTL_SECONDS = 12 * 3600;

/** True when the entry has at least minTtlSeconds left at `now` (ms since the epoch). */
export function isFresh(entry: CacheEntry, now: number, minTtlSeconds: number): boolean {
  return entry.credentials.expiration.getTime() - now >= minTtlSeconds * 1000;
}

/** "300", "90s", "5m", "1h30m" -> seconds; undefined when it is not such a duration. */
export function parseSeconds(text: string): number | undefined {
  try {
    return parseDuration(text, "").value;
  } catch {
    return undefined;
  }
}

/** $SWITCHROLE_MIN_TTL in seconds (default 300); a bad value is a usage error naming the variable. */
export function minTtlSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.SWITCHROLE_MIN_TTL;
  if (raw === undefined || raw.trim() === "") return DEFAULT_MIN_TTL_SECONDS;
  const seconds = parseSeconds(raw);
  if (seconds === undefined || seconds > MAX_MIN_TTL_SECONDS) {
    throw usageError(
      `SWITCHROLE_MIN_TTL=${JSON.stringify(raw)} is not a duration between 0 and 12h`,
      "use seconds (300) or a duration such as 5m, 90s or 1h",
    );
  }
  return seconds;
}
