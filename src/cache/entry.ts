// Cache entries on disk: JSON with a version. Parsing validates every field and returns a
// reason instead of throwing, so a bad file is a miss with a warning, never a crash.
import type { CacheEntry, DeviceMemo, EntryKind, EntryMeta } from "./types";

export const ENTRY_VERSION = 1;
const OPTIONAL_META = ["roleArn", "mfaSerial", "accountName", "roleName", "region", "userName"] as const;

export type Parsed<T = CacheEntry> = { ok: true; entry: T } | { ok: false; reason: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function nonEmpty(v: unknown): v is string {
  return typeof v === "string" && v.length > 0;
}

function toDate(v: unknown): Date | undefined {
  if (typeof v !== "string") return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Throws for an entry that must never be written: a programming error, not a user's. */
export function assertStorable(entry: CacheEntry, expectedKind: EntryKind): void {
  const c = entry.credentials;
  if (entry.kind !== expectedKind) throw new Error(`cache entry kind ${entry.kind} does not match key kind ${expectedKind}`);
  if (!nonEmpty(c.sessionToken) || !(c.expiration instanceof Date) || Number.isNaN(c.expiration.getTime())) {
    throw new Error("refusing to cache credentials without a session token and expiration (long-term keys are never cached)");
  }
}

export function serializeEntry(entry: CacheEntry): string {
  const { credentials: c, meta } = entry;
  return JSON.stringify({
    version: ENTRY_VERSION,
    kind: entry.kind,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration.toISOString() },
    meta: { ...meta, createdAt: meta.createdAt.toISOString() },
  });
}

function parseMeta(m: unknown): EntryMeta | string {
  if (!isObject(m)) return "meta is not an object";
  const createdAt = toDate(m.createdAt);
  if (!nonEmpty(m.sourceProfile)) return "meta.sourceProfile is missing";
  if (!createdAt) return "meta.createdAt is not a date";
  const meta: EntryMeta = { sourceProfile: m.sourceProfile, createdAt };
  for (const field of OPTIONAL_META) {
    const v = m[field];
    if (v === undefined) continue;
    if (typeof v !== "string") return `meta.${field} is not a string`;
    meta[field] = v;
  }
  return meta;
}

export function parseEntry(text: string, expectedKind: EntryKind): Parsed {
  if (text.trim() === "") return { ok: false, reason: "empty file" };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not valid JSON (truncated or corrupt)" };
  }
  if (!isObject(raw)) return { ok: false, reason: "not a JSON object" };
  if (raw.version !== ENTRY_VERSION) return { ok: false, reason: `unknown version ${JSON.stringify(raw.version)}` };
  if (raw.kind !== expectedKind) return { ok: false, reason: `kind ${JSON.stringify(raw.kind)} does not match the file name` };
  const c = raw.credentials;
  if (!isObject(c)) return { ok: false, reason: "credentials are missing" };
  for (const field of ["accessKeyId", "secretAccessKey", "sessionToken"] as const) {
    if (!nonEmpty(c[field])) return { ok: false, reason: `credentials.${field} is missing or not a string` };
  }
  const expiration = toDate(c.expiration);
  if (!expiration) return { ok: false, reason: "credentials.expiration is not a date" };
  const meta = parseMeta(raw.meta);
  if (typeof meta === "string") return { ok: false, reason: meta };
  const credentials = { accessKeyId: c.accessKeyId as string, secretAccessKey: c.secretAccessKey as string, sessionToken: c.sessionToken as string, expiration };
  return { ok: true, entry: { version: ENTRY_VERSION, kind: expectedKind, credentials, meta } };
}

export function serializeDevice(memo: DeviceMemo): string {
  return JSON.stringify({
    ...memo,
    version: ENTRY_VERSION,
    kind: "device",
    createdAt: memo.createdAt.toISOString(),
    ...(memo.mfaSessionRequiredAt ? { mfaSessionRequiredAt: memo.mfaSessionRequiredAt.toISOString() } : {}),
  });
}

export function parseDevice(text: string): Parsed<DeviceMemo> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not valid JSON (truncated or corrupt)" };
  }
  if (!isObject(raw) || raw.version !== ENTRY_VERSION || raw.kind !== "device") return { ok: false, reason: "not a version 1 device entry" };
  const createdAt = toDate(raw.createdAt);
  if (!createdAt) return { ok: false, reason: "createdAt is not a date" };
  if (raw.mfaSerial !== null && !nonEmpty(raw.mfaSerial)) return { ok: false, reason: "mfaSerial is neither a string nor null" };
  if (!nonEmpty(raw.sourceProfile)) return { ok: false, reason: "sourceProfile is missing" };
  if (raw.userName !== undefined && typeof raw.userName !== "string") return { ok: false, reason: "userName is not a string" };
  const memo: DeviceMemo = { version: ENTRY_VERSION, kind: "device", mfaSerial: raw.mfaSerial, sourceProfile: raw.sourceProfile, createdAt };
  if (raw.userName) memo.userName = raw.userName;
  if (raw.mfaSessionRequiredAt !== undefined) {
    const at = toDate(raw.mfaSessionRequiredAt);
    if (!at) return { ok: false, reason: "mfaSessionRequiredAt is not a date" };
    memo.mfaSessionRequiredAt = at;
  }
  return { ok: true, entry: memo };
}
