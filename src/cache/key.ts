// Cache keys: a digest over everything that changes the credentials a step returns, so
// editing a profile's role_arn, duration or endpoint can never reuse the old session.
import type { FileKind } from "./types";

export interface KeyParts {
  kind: FileKind;
  sourceProfile?: string;
  /** The source profile's access key id: rotating the keys starts a new session. */
  sourceAccessKeyId: string;
  mfaSerial?: string;
  roleArn?: string;
  externalId?: string;
  sessionName?: string;
  durationSeconds?: number;
  region?: string;
  stsEndpoint?: string;
  iamEndpoint?: string;
}

/** `<kind>-<32 hex>`; the entry's file is `<key>.json`. */
export const KEY_PATTERN = /^(mfa-session|role|device)-[0-9a-f]{32}$/;

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
  return `${parts.kind}-${fnv1a128(canonicalJson(parts))}`;
}

const FNV128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV128_PRIME = 0x0000000001000000000000000000013bn;
const MASK128 = (1n << 128n) - 1n;

/**
 * FNV-1a, 128 bits, over the UTF-8 bytes: 32 hex digits. Not a cryptographic hash, and it
 * need not be one: every input is the user's own configuration, in a directory only the
 * user can write, and each entry's metadata is checked against the target on read. What
 * it saves is loading node:crypto (36 of Node's internal modules, a few ms) on every
 * cached lookup.
 */
export function fnv1a128(text: string): string {
  let h = FNV128_OFFSET;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= BigInt(byte);
    h = (h * FNV128_PRIME) & MASK128;
  }
  return h.toString(16).padStart(32, "0");
}

export function kindOfKey(key: string): FileKind | undefined {
  const m = KEY_PATTERN.exec(key);
  return m ? (m[1] as FileKind) : undefined;
}
