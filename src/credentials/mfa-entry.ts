// An MFA session cache entry as the executor hands it on (shared by the hit and miss paths).
import type { CacheEntry } from "../cache/types";
import type { MfaSession } from "./obtain";

export function toMfaSession(e: CacheEntry): MfaSession {
  return { credentials: e.credentials, serialNumber: e.meta.mfaSerial ?? "", startedAt: e.meta.createdAt.getTime() };
}
