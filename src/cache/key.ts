// Cache keys: a digest over everything that changes the credentials a step returns, so
// editing a profile's role_arn, duration or endpoint can never reuse the old session.
import { createHash } from "node:crypto";
import type { EntryKind } from "./types";

export interface KeyParts {
  kind: EntryKind;
  sourceProfile: string;
  /** The source profile's access key id: rotating the keys starts a new session. */
  sourceAccessKeyId: string;
  mfaSerial?: string;
  roleArn?: string;
  externalId?: string;
  sessionName?: string;
  durationSeconds: number;
  region?: string;
  stsEndpoint?: string;
}

/** `<kind>-<32 hex>`; the entry's file is `<key>.json`. */
export const KEY_PATTERN = /^(mfa-session|role)-[0-9a-f]{32}$/;

/** JSON with object keys sorted at every level and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const members = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Deterministic key for a set of parts; property order does not matter, undefined equals absent. */
export function cacheKey(parts: KeyParts): string {
  const digest = createHash("sha256").update(canonicalJson(parts)).digest("hex");
  return `${parts.kind}-${digest.slice(0, 32)}`;
}

export function kindOfKey(key: string): EntryKind | undefined {
  const m = KEY_PATTERN.exec(key);
  return m ? (m[1] as EntryKind) : undefined;
}
