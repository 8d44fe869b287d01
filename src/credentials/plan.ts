// The plan is the program: a pure function from what is wanted (a role, or an MFA session
// for `login`), what the cache holds and the clock to the steps that get it, each with
// why. The executor (obtain.ts) performs exactly these steps, and `switchrole plan` prints
// them; no other code decides which calls are made.
import type { CacheEntry, DeviceMemo } from "../cache/types";
import type { Source, Target } from "../types";
import { isFresh } from "../cache/ttl";
import { formatSpan } from "../report/time-text";

/** The region for STS calls and AWS_REGION: the target's, else us-east-1 (STS's global home). */
export function regionOf(source: Source): string {
  return source.region?.value ?? "us-east-1";
}

/** AWS caps a role assumed with temporary credentials (role chaining) at one hour. */
export const CHAINING_CAP_SECONDS = 3600;

/** An MFA session is used while it has at least this long left. */
export const MFA_SESSION_MIN_TTL_SECONDS = 60;

/** Stands for the serial in a plan made before IAM has named the device. */
export const DISCOVERED = "(the device IAM lists)";

export type Goal = { kind: "role"; target: Target } | { kind: "mfa-session"; source: Source };

export interface Snapshot {
  /** False when the source's access key id is unknown (keys from the SDK, in `plan`): nothing can be looked up. */
  keysKnown: boolean;
  role?: CacheEntry;
  /** The MFA session for the device in use, when the device is known. */
  mfaSession?: CacheEntry;
  device?: DeviceMemo;
}

export interface Policy {
  /** Role credentials are handed out only with at least this many seconds left. */
  minTtlSeconds: number;
  /** Ignore cached role credentials (the MFA session is still reused). */
  refresh?: boolean;
  /** --no-cache: nothing is read or written. */
  cacheOff?: boolean;
  /** Also return a cached MFA session on a role hit (only the seed's assume-role exports it). */
  withMfaSession?: boolean;
}

export type CacheStatus = "hit" | "miss" | "below-min-ttl" | "expired" | "refresh" | "off" | "unknown";

export interface CacheLookup {
  status: CacheStatus;
  expiresAt?: string;
  remainingSeconds?: number;
  why: string;
}

/** The MFA device in use: null when the source has none. */
export interface Device {
  serial: string | null;
  from: string;
  userName?: string;
}

export interface UseCachedRoleStep {
  kind: "useCachedRole";
  why: string;
}

export interface DiscoverDeviceStep {
  kind: "discoverDevice";
  why: string;
}

export interface UseCachedMfaSessionStep {
  kind: "useCachedMfaSession";
  serialNumber: string;
  why: string;
}

export interface GetSessionTokenStep {
  kind: "getSessionToken";
  durationSeconds: number;
  serialNumber: string;
  signWith: "source";
  why: string;
}

export interface AssumeRoleStep {
  kind: "assumeRole";
  roleArn: string;
  durationSeconds: number;
  externalId?: string;
  signWith: "source" | "mfa-session";
  /** "code": SerialNumber/TokenCode on this call; "session": MFA context from the session; "none". */
  mfa: "code" | "session" | "none";
  serialNumber?: string;
  why: string;
}

export type Step = UseCachedRoleStep | DiscoverDeviceStep | UseCachedMfaSessionStep | GetSessionTokenStep | AssumeRoleStep;

export interface Plan {
  goal: Goal;
  /** Undefined until IAM names it (the plan then starts with discoverDevice). */
  device?: Device;
  role?: CacheLookup;
  mfaSession?: CacheLookup;
  steps: Step[];
  /**
   * Set (with no steps) when the goal is known to be refused before any call: the user's
   * IAM policy denied AssumeRole signed with its long-term keys, which over 1 hour needs.
   */
  refused?: { mfaSessionRequiredAt: Date };
}

/** How long a force-MFA denial is remembered (a policy may change; --refresh asks again). */
export const MFA_SESSION_REQUIRED_MEMO_MS = 12 * 3600 * 1000;

/** The AWS calls a step makes, as the emulator's call log names them. */
export function callsOf(step: Step): string[] {
  switch (step.kind) {
    case "discoverDevice":
      return ["iam:GetUser", "iam:ListMFADevices"];
    case "getSessionToken":
      return ["sts:GetSessionToken"];
    case "assumeRole":
      return ["sts:AssumeRole"];
    default:
      return [];
  }
}

export function plan(goal: Goal, snap: Snapshot, now: number, policy: Policy): Plan {
  const source = goal.kind === "role" ? goal.target : goal.source;
  const device = deviceOf(source, snap.device);
  const out: Plan = { goal, steps: [] };
  if (device) out.device = device;
  if (goal.kind === "role") {
    out.role = roleLookup(goal.target, snap, now, policy);
    if (out.role.status === "hit") {
      out.steps.push({ kind: "useCachedRole", why: "cached role credentials with enough time left" });
      return out;
    }
  }
  if (!device) {
    out.steps.push({ kind: "discoverDevice", why: "no MFA device configured or remembered for this source, so IAM is asked which it has" });
  }
  const serial = device ? device.serial : DISCOVERED;
  if (goal.kind === "mfa-session") {
    if (serial === null) return out;
    out.mfaSession = mfaLookup(snap, device, now, policy);
    out.steps.push({
      kind: "getSessionToken",
      durationSeconds: goal.source.mfaSessionDuration.value,
      serialNumber: serial,
      signWith: "source",
      why: "login starts a new MFA session, replacing any cached one",
    });
    return out;
  }

  const target = goal.target;
  const duration = target.duration.value;
  const role = { kind: "assumeRole" as const, roleArn: target.roleArn, durationSeconds: duration, ...(target.externalId !== undefined ? { externalId: target.externalId } : {}) };
  if (serial === null) {
    out.steps.push({ ...role, signWith: "source", mfa: "none", why: "no MFA device for the source; the role is assumed with its keys" });
    return out;
  }
  if (duration > CHAINING_CAP_SECONDS) {
    const denied = snap.device?.mfaSessionRequiredAt;
    if (denied && !policy.refresh && now - denied.getTime() < MFA_SESSION_REQUIRED_MEMO_MS) {
      out.refused = { mfaSessionRequiredAt: denied };
      return out;
    }
    out.steps.push({
      ...role,
      signWith: "source",
      mfa: "code",
      serialNumber: serial,
      why: `${duration} s is over the 1-hour cap AWS puts on roles assumed from an MFA session, so AssumeRole gets the MFA code itself`,
    });
    return out;
  }
  out.mfaSession = mfaLookup(snap, device, now, policy);
  if (out.mfaSession.status === "hit") {
    out.steps.push({ kind: "useCachedMfaSession", serialNumber: serial, why: "the cached MFA session serves every role reached from this source" });
  } else {
    out.steps.push({
      kind: "getSessionToken",
      durationSeconds: target.mfaSessionDuration.value,
      serialNumber: serial,
      signWith: "source",
      why: "an MFA session, so one code serves every role reached from this source",
    });
  }
  out.steps.push({ ...role, signWith: "mfa-session", mfa: "session", why: "signed with the MFA session (role chaining, within the 1-hour cap)" });
  return out;
}

function deviceOf(source: Source, memo: DeviceMemo | undefined): Device | undefined {
  if (source.mfaSerial) return { serial: source.mfaSerial.value, from: source.mfaSerial.from };
  if (memo) return { serial: memo.mfaSerial, from: "remembered from IAM", ...(memo.userName ? { userName: memo.userName } : {}) };
  return undefined;
}

/** The entry's own record of what it is must agree with the target (defence in depth for the key). */
export function belongsTo(e: CacheEntry, target: Target): boolean {
  return e.meta.roleArn === target.roleArn && e.meta.sourceProfile === target.sourceProfile.value;
}

function roleLookup(target: Target, snap: Snapshot, now: number, policy: Policy): CacheLookup {
  if (policy.cacheOff) return { status: "off", why: "--no-cache: the cache is neither read nor written" };
  if (!snap.keysKnown) return { status: "unknown", why: `profile ${target.sourceProfile.value} has no static keys, so its cache key is known only once the SDK provides them` };
  if (policy.refresh) return { status: "refresh", why: "--refresh: new role credentials are fetched whatever is cached" };
  const e = snap.role && belongsTo(snap.role, target) ? snap.role : undefined;
  return lookup(e, now, policy.minTtlSeconds, " ($SWITCHROLE_MIN_TTL)");
}

function mfaLookup(snap: Snapshot, device: Device | undefined, now: number, policy: Policy): CacheLookup {
  if (policy.cacheOff) return { status: "off", why: "--no-cache" };
  if (!snap.keysKnown) return { status: "unknown", why: "the source's keys come from the SDK" };
  if (!device) return { status: "unknown", why: "looked up once IAM names the device" };
  return lookup(snap.mfaSession, now, MFA_SESSION_MIN_TTL_SECONDS, "");
}

function lookup(e: CacheEntry | undefined, now: number, minSeconds: number, minName: string): CacheLookup {
  if (!e) return { status: "miss", why: "not cached" };
  const remainingMs = e.credentials.expiration.getTime() - now;
  const at = { expiresAt: e.credentials.expiration.toISOString(), remainingSeconds: Math.floor(remainingMs / 1000) };
  if (isFresh(e, now, minSeconds)) return { status: "hit", ...at, why: `cached, ${formatSpan(remainingMs)} left` };
  if (remainingMs <= 0) return { status: "expired", ...at, why: `cached, but expired ${formatSpan(-remainingMs)} ago` };
  return { status: "below-min-ttl", ...at, why: `cached, but only ${formatSpan(remainingMs)} left, under the ${formatSpan(minSeconds * 1000)} minimum${minName}` };
}

/** The one line said on stderr when the plan avoids the chaining cap. */
export function chainingNote(steps: Step[]): string | undefined {
  const direct = steps.find((s): s is AssumeRoleStep => s.kind === "assumeRole" && s.mfa === "code");
  if (!direct) return undefined;
  return `switchrole: note: ${direct.durationSeconds} s is over AWS's 1-hour limit for roles assumed from an MFA session, so this role is assumed directly with a new MFA code (the MFA session is not reused)`;
}
