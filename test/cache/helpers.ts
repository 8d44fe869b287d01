// Shared pieces of the cache tests: a temporary XDG_CACHE_HOME, sample entries, warnings.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { cacheKey, openCache, type CacheEntry, type CredentialCache, type EntryKind } from "../../src/cache";
import { tempDir } from "../helpers/tmp";

export interface TempCache {
  root: string;
  env: NodeJS.ProcessEnv;
  dir: string;
  warnings: string[];
  open(lock?: { staleMs?: number; waitMs?: number }): CredentialCache;
  cleanup(): void;
}

export function tempCache(): TempCache {
  const root = tempDir("switchrole-cache-");
  const env = { HOME: join(root, "home"), XDG_CACHE_HOME: join(root, "xdg") };
  const warnings: string[] = [];
  return {
    root,
    env,
    dir: join(root, "xdg", "switchrole"),
    warnings,
    open: (lock) => openCache(env, { warn: (l) => warnings.push(l), lock }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function sampleEntry(kind: EntryKind = "role", tag = "1", expiresInMs = 3600_000): CacheEntry {
  return {
    version: 1,
    kind,
    credentials: {
      accessKeyId: `ASIAEXAMPLE${tag}`,
      secretAccessKey: `secret-${tag}`,
      sessionToken: `token-${tag}`,
      expiration: new Date(Math.floor((Date.now() + expiresInMs) / 1000) * 1000),
    },
    meta: {
      sourceProfile: "bastion",
      roleArn: kind === "role" ? "arn:aws:iam::123456789012:role/dev" : undefined,
      mfaSerial: "arn:aws:iam::111111111111:mfa/alice",
      accountName: "dev",
      roleName: "dev",
      region: "eu-west-1",
      createdAt: new Date("2024-05-01T08:00:00.000Z"),
    },
  };
}

export function sampleKey(kind: EntryKind = "role", roleArn = "arn:aws:iam::123456789012:role/dev"): string {
  return cacheKey({
    kind,
    sourceProfile: "bastion",
    sourceAccessKeyId: "AKIAEXAMPLE",
    mfaSerial: "arn:aws:iam::111111111111:mfa/alice",
    roleArn: kind === "role" ? roleArn : undefined,
    durationSeconds: 3600,
  });
}

/** The entry as it reads back from disk (undefined optional fields are dropped by JSON). */
export function roundTripped(e: CacheEntry): CacheEntry {
  const meta = Object.fromEntries(Object.entries(e.meta).filter(([, v]) => v !== undefined)) as CacheEntry["meta"];
  return { ...e, meta };
}

/** For the kill tests: every field carries the same sequence number, so a reader can tell a torn entry. */
export function numbered(seq: number, pad: string): CacheEntry {
  return {
    version: 1,
    kind: "role",
    credentials: { accessKeyId: `ASIA${seq}`, secretAccessKey: `secret-${seq}`, sessionToken: `token-${seq}-${pad}`, expiration: new Date(Date.now() + 3600_000) },
    meta: { sourceProfile: "bastion", accountName: `seq-${seq}`, createdAt: new Date() },
  };
}
