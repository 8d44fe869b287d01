// A fixed morning for exact output tests: a temporary HOME with the seed's files, a clock
// at 2030-01-02 09:00 UTC and cache entries written as `env` would have written them.
import type { Emulator } from "../helpers/emulator";
import { seedHome } from "../helpers/home";
import { BASTION } from "../helpers/world";
import { cacheKey, openCache, type CacheEntry, type CredentialCache, type EntryKind } from "../../src/cache";

process.env.TZ = "UTC";

export const NOW = Date.parse("2030-01-02T09:00:00Z");
export const STS_URL = "http://127.0.0.1:9";
export const at = (hhmm: string): Date => new Date(`2030-01-02T${hhmm}:00Z`);

/** A HOME for commands that make no network call (the STS endpoint points nowhere). */
export function fixedHome(opts: { config?: string; accounts?: Record<string, unknown> } = {}) {
  const stub = { env: { AWS_ENDPOINT_URL_STS: STS_URL, AWS_ENDPOINT_URL_IAM: STS_URL } } as unknown as Emulator;
  const { home, env } = seedHome(stub, opts);
  return { home, env, cache: (): CredentialCache => openCache(env, { warn: () => {} }) };
}

export interface EntrySpec {
  kind: EntryKind;
  source?: string;
  keyId: string;
  created: string;
  expires: string;
  roleName?: string;
  accountName?: string;
  region?: string;
}

export function entry(s: EntrySpec): CacheEntry {
  const role = s.roleName ? { roleArn: `arn:aws:iam::123456789012:role/${s.roleName}`, roleName: s.roleName, accountName: s.accountName ?? "private_aws" } : {};
  return {
    version: 1,
    kind: s.kind,
    credentials: { accessKeyId: s.keyId, secretAccessKey: `secret-of-${s.keyId}`, sessionToken: `token-of-${s.keyId}`, expiration: at(s.expires) },
    meta: {
      sourceProfile: s.source ?? "bastion",
      ...(s.kind === "mfa-session" ? { mfaSerial: BASTION.mfaSerial, userName: BASTION.userName } : {}),
      ...role,
      ...(s.region ? { region: s.region } : {}),
      createdAt: at(s.created),
    },
  };
}

/** Stores entries under arbitrary (valid) keys, for commands that look at meta only. */
export async function store(cache: CredentialCache, specs: EntrySpec[]): Promise<void> {
  for (const s of specs) {
    await cache.put(cacheKey({ kind: s.kind, sourceProfile: s.source ?? "bastion", sourceAccessKeyId: s.keyId, durationSeconds: 0 }), entry(s));
  }
}

/** The morning's cache: an MFA session, a fresh role, one below the minimum, and another source's expired role. */
export const MORNING: EntrySpec[] = [
  { kind: "mfa-session", keyId: "ASIAMFASESSION00MFA1", created: "08:00", expires: "20:00" },
  { kind: "role", keyId: "ASIAROLESAMPLE00SMP1", created: "08:30", expires: "09:30", roleName: "sample_switch_role", region: "ap-northeast-1" },
  { kind: "role", keyId: "ASIAROLESHORT000SHR1", created: "08:03", expires: "09:03", roleName: "short_role", region: "ap-northeast-1" },
  { kind: "role", source: "other", keyId: "ASIAROLEOTHER000OTH1", created: "06:00", expires: "07:00", roleName: "other_role" },
];
