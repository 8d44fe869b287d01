// Which role the credentials in the environment belong to: matched by access key id
// against the cached roles, else as AWS_ACCOUNT_NAME / AWS_ACCOUNT_ROLE describe them.
import type { ListedEntry } from "../cache/types";
import { maskKeyId } from "../errors";

export interface EnvIdentity {
  /** Masked AWS_ACCESS_KEY_ID. */
  accessKeyId: string;
  /** True when a cached role holds the same access key id. */
  cached: boolean;
  sourceProfile?: string;
  roleArn?: string;
  accountName?: string;
  roleName?: string;
  /** From the cache entry, else AWS_CREDENTIAL_EXPIRATION; absent for keys without expiry. */
  expiresAt?: string;
  remainingSeconds?: number;
}

export function envIdentity(env: NodeJS.ProcessEnv, entries: ListedEntry[], now: number): EnvIdentity | null {
  const id = env.AWS_ACCESS_KEY_ID;
  if (!id) return null;
  const match = entries.find((e) => e.entry.kind === "role" && e.entry.credentials.accessKeyId === id)?.entry;
  const out: EnvIdentity = { accessKeyId: maskKeyId(id), cached: match !== undefined };
  let expires: number | undefined;
  if (match) {
    const m = match.meta;
    Object.assign(out, { sourceProfile: m.sourceProfile, roleArn: m.roleArn, accountName: m.accountName, roleName: m.roleName });
    expires = match.credentials.expiration.getTime();
  } else {
    if (env.AWS_ACCOUNT_NAME) out.accountName = env.AWS_ACCOUNT_NAME;
    if (env.AWS_ACCOUNT_ROLE) out.roleName = env.AWS_ACCOUNT_ROLE;
    const parsed = env.AWS_CREDENTIAL_EXPIRATION ? Date.parse(env.AWS_CREDENTIAL_EXPIRATION) : NaN;
    if (Number.isFinite(parsed)) expires = parsed;
  }
  for (const k of Object.keys(out) as Array<keyof EnvIdentity>) if (out[k] === undefined) delete out[k];
  if (expires !== undefined) {
    out.expiresAt = new Date(expires).toISOString();
    out.remainingSeconds = Math.floor((expires - now) / 1000);
  }
  return out;
}
