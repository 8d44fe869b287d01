// The executor: performs the plan (plan.ts) with the collaborators it is given (cache,
// STS, MFA code source, terminal, clock) and nothing else deciding. Role credentials are
// looked up first without a lock (a hit: no SDK, no STS); on a miss the role's lock is
// taken, the cache read again and the plan made again, so concurrent runs make one set
// of calls and one MFA prompt. Learning the device, or STS refusing a cached MFA
// session, also re-plans: the steps run are always the steps of the latest plan.
import type { Credentials, Source, Target } from "../types";
import type { CacheEntry, CredentialCache } from "../cache/types";
import { isFresh } from "../cache/ttl";
import type { MfaCodeSource } from "../mfa/code";
import type { Ask } from "../mfa/terminal";
import type { StsModule } from "../sts/load";
import { stsEndpoint } from "../sts/endpoint";
import { plan, regionOf, MFA_SESSION_MIN_TTL_SECONDS, type Goal, type Policy, type Snapshot, type Step } from "./plan";
import { deviceKey, mfaSessionKey, roleKey } from "./keys";
import { toMfaSession } from "./mfa-entry";

export type { StsModule } from "../sts/load";
export type { Policy } from "./plan";
export { regionOf, MFA_SESSION_MIN_TTL_SECONDS } from "./plan";

/** The collaborators: everything the executor touches, passed in (see wiring.ts). */
export interface Engine {
  sts: () => Promise<StsModule>;
  sourceCredentials: (profile: Source["sourceProfile"]) => Promise<Credentials>;
  /**
   * The source's access key id when it is known without reading the keys (stored by
   * switchrole: its metadata file), so a cache hit does not open the keyring.
   */
  sourceKeyId?: (profile: Source["sourceProfile"]) => string | undefined;
  mfaCode: MfaCodeSource;
  ask: Ask;
  say: (line: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => number;
  cache: CredentialCache;
  /** Told once when an STS or IAM call has been waiting a while (a terminal shows it). */
  onSlow?: (line: string) => void;
}

export interface MfaSession {
  credentials: Credentials;
  serialNumber: string;
  /** Unix ms when it was obtained. */
  startedAt: number;
}

export interface Obtained {
  role: Credentials;
  /** Unix ms when the role credentials were obtained. */
  roleStartedAt: number;
  mfaSession?: MfaSession;
  /** The steps performed, in order (cache steps included). */
  steps: Step[];
  /** How many MFA codes were used. */
  mfaCodesUsed: number;
  fromCache: boolean;
}

/** Where a goal's entries live in the cache, once the source's access key id is known. */
export interface Keys {
  role?: string;
  device: string;
  mfaSession: (serial: string) => string;
}

export function keysFor(goal: Goal, sourceAccessKeyId: string, env: NodeJS.ProcessEnv): Keys {
  const source = goal.kind === "role" ? goal.target : goal.source;
  const endpoint = stsEndpoint(env, regionOf(source));
  return {
    ...(goal.kind === "role" ? { role: roleKey(goal.target, sourceAccessKeyId, endpoint) } : {}),
    device: deviceKey(sourceAccessKeyId, env),
    mfaSession: (serial) => mfaSessionKey(sourceAccessKeyId, serial, endpoint),
  };
}

/**
 * What the cache holds for a goal. `full: false` reads the role entry only (the hot
 * path); the rest is read when the role is not served from the cache.
 */
export async function readSnapshot(goal: Goal, keys: Keys | undefined, cache: CredentialCache, policy: Policy, full = true): Promise<Snapshot> {
  if (!keys || policy.cacheOff) return { keysKnown: keys !== undefined };
  const snap: Snapshot = { keysKnown: true };
  if (keys.role && !policy.refresh) snap.role = await cache.get(keys.role);
  if (!full) return snap;
  const source = goal.kind === "role" ? goal.target : goal.source;
  // Read even when the profile names the device: the memo also remembers a force-MFA denial.
  const device = await cache.getDevice(keys.device);
  if (device) snap.device = device;
  const serial = source.mfaSerial?.value ?? snap.device?.mfaSerial;
  if (serial) snap.mfaSession = await cache.get(keys.mfaSession(serial));
  return snap;
}

export async function obtain(target: Target, engine: Engine, policy: Policy): Promise<Obtained> {
  const goal: Goal = { kind: "role", target };
  const knownId = engine.sourceKeyId?.(target.sourceProfile);
  let loaded: Credentials | undefined;
  const sourceCredentials = async () => (loaded ??= await engine.sourceCredentials(target.sourceProfile));
  let keys = keysFor(goal, knownId ?? (await sourceCredentials()).accessKeyId, engine.env);
  const roleLock = keys.role as string;

  const hit = async (full: boolean): Promise<Obtained | undefined> => {
    const snap = await readSnapshot(goal, keys, engine.cache, policy, full);
    const p = plan(goal, snap, engine.now(), policy);
    if (p.steps[0]?.kind !== "useCachedRole" || !snap.role) return undefined;
    let mfaSession: MfaSession | undefined;
    if (policy.withMfaSession) {
      const all = full ? snap : await readSnapshot(goal, keys, engine.cache, policy);
      if (all.mfaSession && isFresh(all.mfaSession, engine.now(), MFA_SESSION_MIN_TTL_SECONDS)) mfaSession = toMfaSession(all.mfaSession);
    }
    return { role: snap.role.credentials, roleStartedAt: snap.role.meta.createdAt.getTime(), mfaSession, steps: p.steps, mfaCodesUsed: 0, fromCache: true };
  };

  const fast = await hit(false);
  if (fast) return fast;
  return engine.cache.withLock(roleLock, async () => {
    const again = await hit(true);
    if (again) return again;
    // The miss path (STS, MFA, healing) is its own bundle in dist/, loaded only here.
    const { executeForRole } = require("./execute") as typeof import("./execute");
    const source = await sourceCredentials();
    // The metadata's id is the stored key's; should they differ, the key that signs decides.
    if (source.accessKeyId !== knownId && knownId !== undefined) keys = keysFor(goal, source.accessKeyId, engine.env);
    const snap = await readSnapshot(goal, keys, engine.cache, policy);
    const done = await executeForRole(target, engine, policy, source, keys, snap).catch(async (err: unknown) => {
      // Suspended while holding the lock (SIGSTOP), this run may have lost it as stale to
      // another that cached the role meanwhile: what that one cached serves instead.
      const other = await hit(true);
      if (other) return other;
      throw err;
    });
    if (!done.fromCache) {
      await engine.cache.put(keys.role as string, {
        version: 1,
        kind: "role",
        credentials: done.role as CacheEntry["credentials"],
        meta: {
          sourceProfile: target.sourceProfile.value,
          roleArn: target.roleArn,
          mfaSerial: done.mfaSession?.serialNumber,
          accountName: target.accountName,
          roleName: target.roleName,
          region: target.region?.value,
          createdAt: new Date(done.roleStartedAt),
        },
      });
    }
    return done;
  });
}

/**
 * `switchrole login`: the plan for the source alone, a new MFA session replacing a cached
 * one (under its lock, so concurrent runs wait for it). Throws when the source has no MFA device.
 */
export async function startMfaSession(source: Source, engine: Engine): Promise<MfaSession> {
  const goal: Goal = { kind: "mfa-session", source };
  const policy: Policy = { minTtlSeconds: 0 };
  const creds = await engine.sourceCredentials(source.sourceProfile);
  const keys = keysFor(goal, creds.accessKeyId, engine.env);
  const { executeForSource } = require("./execute") as typeof import("./execute");
  return executeForSource(source, engine, policy, creds, keys, await readSnapshot(goal, keys, engine.cache, policy));
}
