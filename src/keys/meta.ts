// What switchrole knows about the keys it stores, without the secrets: per profile, the
// access key id, the backend holding the secret and when it was added or rotated, plus an
// unfinished rotation. $XDG_CONFIG_HOME/switchrole/keys.json (~/.config/switchrole), 0600
// in a 0700 directory. A cached lookup needs only the access key id (the cache keys use
// it, src/credentials/keys.ts), so it reads this small file and never opens the keyring.
import { chmodSync, mkdirSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { usageError } from "../errors";
import { homeDir, displayPath, type Env } from "../config/paths";
import { readTextFile } from "../config/local-file";
import { writeAtomic } from "./atomic";

export const BACKENDS = ["secret-service", "file"] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface StoredKey {
  accessKeyId: string;
  backend: BackendName;
  /** ISO dates. */
  addedAt: string;
  rotatedAt?: string;
}

/** A rotation begun and not finished (see rotate.ts): where the next `keys rotate` picks up. */
export interface Rotation {
  /** The key being replaced. */
  oldKeyId: string;
  /** The key CreateAccessKey made, once it answered (its secret is held as the pending key). */
  newKeyId?: string;
  /** Where the profile's keys live: the keyring (a backend) or the credentials file. */
  store: BackendName | "credentials-file";
  startedAt: string;
}

export interface KeysMeta {
  version: 1;
  profiles: Record<string, StoredKey>;
  rotations: Record<string, Rotation>;
}

const MAX_META_BYTES = 1024 * 1024;

/** $XDG_CONFIG_HOME/switchrole, else ~/.config/switchrole. */
export function keysDir(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME;
  return xdg && isAbsolute(xdg) ? join(xdg, "switchrole") : join(homeDir(env), ".config", "switchrole");
}

export function metaFile(env: Env): string {
  return join(keysDir(env), "keys.json");
}

/** The encrypted file backend's file (file-backend.ts). */
export function keysFile(env: Env): string {
  return join(keysDir(env), "keys.enc");
}

const empty = (): KeysMeta => ({ version: 1, profiles: {}, rotations: {} });

/** The metadata, empty when the file does not exist; a usage error naming the file when it is not switchrole's. */
export function readMeta(env: Env): KeysMeta {
  const path = metaFile(env);
  const read = readTextFile(path, MAX_META_BYTES);
  if (!read.ok && read.problem === "missing") return empty();
  const bad = (why: string) => usageError(`${displayPath(path, env)} ${why}`, `move it away; then add the keys again with \`switchrole keys add <profile>\``);
  if (!read.ok) throw bad(`cannot be read: ${read.reason}`);
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch {
    throw bad("is not valid JSON");
  }
  const m = data as Partial<KeysMeta>;
  if (typeof m !== "object" || m === null || m.version !== 1 || typeof m.profiles !== "object" || m.profiles === null) throw bad('is not a switchrole keys file (version 1 with "profiles")');
  for (const [name, k] of Object.entries(m.profiles)) {
    if (typeof k?.accessKeyId !== "string" || !(BACKENDS as readonly string[]).includes(k.backend)) throw bad(`has a bad entry for profile ${name} (accessKeyId and backend ${BACKENDS.join("|")})`);
  }
  return { version: 1, profiles: m.profiles, rotations: typeof m.rotations === "object" && m.rotations !== null ? m.rotations : {} };
}

/** switchrole's config directory, made (or made again) 0700 before a file of keys goes in. */
export function ensureKeysDir(env: Env): string {
  const dir = keysDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}

/** Writes the metadata atomically, 0600 in a 0700 directory. */
export async function writeMeta(env: Env, meta: KeysMeta): Promise<void> {
  ensureKeysDir(env);
  await writeAtomic(metaFile(env), `${JSON.stringify(meta, null, 2)}\n`);
}

/** Reads, changes and writes the metadata. */
export async function updateMeta(env: Env, change: (meta: KeysMeta) => void): Promise<KeysMeta> {
  const meta = readMeta(env);
  change(meta);
  await writeMeta(env, meta);
  return meta;
}
