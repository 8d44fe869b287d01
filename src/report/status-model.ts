// What `switchrole status` reports, as plain data (the --json output): the cached
// identities grouped by source profile, and which of them the environment holds.
// Pure: entries, key ids and the clock are passed in. Never holds a secret.
import type { CacheEntry, ListedEntry } from "../cache/types";
import { maskKeyId } from "../errors";
import { MFA_SESSION_MIN_TTL_SECONDS } from "../credentials/obtain";
import { envIdentity, type EnvIdentity } from "./env-identity";

export interface Lifetime {
  /** Masked access key id of the temporary credentials. */
  accessKeyId: string;
  createdAt: string;
  expiresAt: string;
  remainingSeconds: number;
  /** Still handed out (at least the minimum lifetime left). */
  usable: boolean;
}

export interface MfaSessionStatus extends Lifetime {
  mfaSerial: string;
  userName?: string;
}

export interface RoleStatus extends Lifetime {
  roleArn: string;
  accountName?: string;
  roleName?: string;
  region?: string;
}

export interface SourceStatus {
  profile: string;
  /** Masked aws_access_key_id of the profile, or null when it has no static keys. */
  accessKeyId: string | null;
  /** Where its keys come from (the OS keyring, switchrole's encrypted file, the credentials file), or null. */
  keysFrom: string | null;
  mfaSessions: MfaSessionStatus[];
  roles: RoleStatus[];
}

export interface StatusReport {
  now: string;
  cacheDir: string;
  minTtlSeconds: number;
  sources: SourceStatus[];
  environment: EnvIdentity | null;
}

export interface StatusInput {
  entries: ListedEntry[];
  now: number;
  cacheDir: string;
  minTtlSeconds: number;
  /** The profile's static access key id, if any. */
  sourceKeyId: (profile: string) => { accessKeyId: string; from: string } | undefined;
  env: NodeJS.ProcessEnv;
}

function lifetime(e: CacheEntry, now: number, minSeconds: number): Lifetime {
  const expires = e.credentials.expiration.getTime();
  const remainingSeconds = Math.floor((expires - now) / 1000);
  return {
    accessKeyId: maskKeyId(e.credentials.accessKeyId),
    createdAt: e.meta.createdAt.toISOString(),
    expiresAt: e.credentials.expiration.toISOString(),
    remainingSeconds,
    usable: expires - now >= minSeconds * 1000,
  };
}

const byExpiry = (a: Lifetime, b: Lifetime) => b.expiresAt.localeCompare(a.expiresAt);

export function statusReport(input: StatusInput): StatusReport {
  const { now, minTtlSeconds } = input;
  const sources = new Map<string, SourceStatus>();
  const sourceOf = (profile: string): SourceStatus => {
    let s = sources.get(profile);
    if (!s) {
      const id = input.sourceKeyId(profile);
      s = { profile, accessKeyId: id ? maskKeyId(id.accessKeyId) : null, keysFrom: id?.from ?? null, mfaSessions: [], roles: [] };
      sources.set(profile, s);
    }
    return s;
  };
  for (const { entry } of input.entries) {
    const s = sourceOf(entry.meta.sourceProfile);
    const m = entry.meta;
    if (entry.kind === "mfa-session") {
      s.mfaSessions.push({ mfaSerial: m.mfaSerial ?? "", ...(m.userName ? { userName: m.userName } : {}), ...lifetime(entry, now, MFA_SESSION_MIN_TTL_SECONDS) });
    } else {
      s.roles.push({
        roleArn: m.roleArn ?? "",
        ...(m.accountName ? { accountName: m.accountName } : {}),
        ...(m.roleName ? { roleName: m.roleName } : {}),
        ...(m.region ? { region: m.region } : {}),
        ...lifetime(entry, now, minTtlSeconds),
      });
    }
  }
  for (const s of sources.values()) {
    s.mfaSessions.sort(byExpiry);
    s.roles.sort((a, b) => roleLabel(a).localeCompare(roleLabel(b)) || byExpiry(a, b));
  }
  return {
    now: new Date(now).toISOString(),
    cacheDir: input.cacheDir,
    minTtlSeconds,
    sources: [...sources.values()].sort((a, b) => a.profile.localeCompare(b.profile)),
    environment: envIdentity(input.env, input.entries, now),
  };
}

/** "private_aws sample_switch_role", as the target is typed; the ARN when the names are unknown. */
export function roleLabel(r: Pick<RoleStatus, "accountName" | "roleName" | "roleArn">): string {
  return r.accountName && r.roleName ? `${r.accountName} ${r.roleName}` : r.roleArn;
}
