// `switchrole plan`: the steps `env` would take for a target, with what the cache holds
// and why. Config files and cache files only: no network call, no SDK.
import type { Target } from "../types";
import type { CacheEntry, CredentialCache } from "../cache/types";
import { isFresh } from "../cache/ttl";
import { maskKeyId } from "../errors";
import { planSteps, type Step } from "../credentials/plan";
import { sessionKeys } from "../credentials/keys";
import { stsEndpoint } from "../credentials/explain";
import { MFA_SESSION_MIN_TTL_SECONDS, regionOf } from "../credentials/obtain";
import { formatSpan } from "./time-text";

export type CacheStatus = "hit" | "miss" | "below-min-ttl" | "expired" | "refresh" | "off" | "unknown";

export interface CacheLookup {
  status: CacheStatus;
  expiresAt?: string;
  remainingSeconds?: number;
  why: string;
}

export interface PlannedCall {
  service: "iam" | "sts";
  action: "GetUser" | "ListMFADevices" | "GetSessionToken" | "AssumeRole";
  /** False when the cache serves it (an MFA session hit). */
  made: boolean;
  durationSeconds?: number;
  roleArn?: string;
  externalId?: string;
  signWith?: "source" | "mfa-session";
  /** Whether an MFA code is sent with this call. */
  mfaCode?: boolean;
  serialNumber?: string;
  cache?: CacheLookup;
  why: string;
}

export interface PlanReport {
  target: Target;
  /** Masked access key id of the source's static keys; null when the SDK provides them. */
  sourceAccessKeyId: string | null;
  endpoint: string;
  mfaDevice: { serial: string | null; from: string };
  role: CacheLookup;
  calls: PlannedCall[];
  stsCalls: number;
  mfaCodeAsked: boolean;
}

export interface PlanInput {
  target: Target;
  sourceAccessKeyId: string | undefined;
  env: NodeJS.ProcessEnv;
  cache: CredentialCache;
  cacheOff: boolean;
  refresh: boolean;
  now: number;
  minTtlSeconds: number;
}

export const DISCOVERED = "(the device IAM lists)";

function lookup(e: CacheEntry | undefined, now: number, minSeconds: number, what: string): CacheLookup {
  if (!e) return { status: "miss", why: "not cached" };
  const remainingMs = e.credentials.expiration.getTime() - now;
  const at = { expiresAt: e.credentials.expiration.toISOString(), remainingSeconds: Math.floor(remainingMs / 1000) };
  if (isFresh(e, now, minSeconds)) return { status: "hit", ...at, why: `cached, ${formatSpan(remainingMs)} left` };
  if (remainingMs <= 0) return { status: "expired", ...at, why: `cached, but expired ${formatSpan(-remainingMs)} ago` };
  return { status: "below-min-ttl", ...at, why: `cached, but only ${formatSpan(remainingMs)} left, under the ${formatSpan(minSeconds * 1000)} minimum${what === "role credentials" ? " ($SWITCHROLE_MIN_TTL)" : ""}` };
}

export async function planReport(input: PlanInput): Promise<PlanReport> {
  const { target, now } = input;
  const endpoint = stsEndpoint(input.env, regionOf(target));
  const keyId = input.sourceAccessKeyId;
  const keys = keyId === undefined || input.cacheOff ? undefined : sessionKeys(target, keyId, endpoint);
  const roleEntry = keys && !input.refresh ? await input.cache.get(keys.role) : undefined;
  const mfaEntry = keys ? await input.cache.get(keys.mfaSession) : undefined;

  let role: CacheLookup;
  if (input.cacheOff) role = { status: "off", why: "--no-cache: the cache is neither read nor written" };
  else if (!keys) role = { status: "unknown", why: `profile ${target.sourceProfile.value} has no static keys, so its cache key is known only once the SDK provides them` };
  else if (input.refresh) role = { status: "refresh", why: "--refresh: new role credentials are fetched whatever is cached" };
  else role = lookup(roleEntry, now, input.minTtlSeconds, "role credentials");

  const report: PlanReport = {
    target,
    sourceAccessKeyId: keyId ? maskKeyId(keyId) : null,
    endpoint,
    mfaDevice: mfaDeviceOf(target, mfaEntry),
    role,
    calls: [],
    stsCalls: 0,
    mfaCodeAsked: false,
  };
  if (role.status === "hit") return report;

  const calls: PlannedCall[] = [];
  if (report.mfaDevice.serial === null) {
    const why = "no MFA device configured or known from a cached MFA session, so it is discovered through IAM";
    calls.push({ service: "iam", action: "GetUser", made: true, signWith: "source", why }, { service: "iam", action: "ListMFADevices", made: true, signWith: "source", why });
  }
  for (const step of planSteps(target, report.mfaDevice.serial ?? DISCOVERED)) calls.push(toCall(step, mfaEntry, input));
  report.calls = calls;
  report.stsCalls = calls.filter((c) => c.service === "sts" && c.made).length;
  report.mfaCodeAsked = calls.some((c) => c.made && c.mfaCode);
  return report;
}

function mfaDeviceOf(target: Target, cached: CacheEntry | undefined): PlanReport["mfaDevice"] {
  if (cached?.meta.mfaSerial) return { serial: cached.meta.mfaSerial, from: "the cached MFA session" };
  if (target.mfaSerial) return { serial: target.mfaSerial.value, from: target.mfaSerial.from };
  return { serial: null, from: "not configured: discovered through IAM (GetUser + ListMFADevices)" };
}

function toCall(step: Step, mfaEntry: CacheEntry | undefined, input: PlanInput): PlannedCall {
  if (step.kind === "getSessionToken") {
    const cache: CacheLookup = input.cacheOff
      ? { status: "off", why: "--no-cache" }
      : input.sourceAccessKeyId === undefined
        ? { status: "unknown", why: "the source's keys come from the SDK" }
        : lookup(mfaEntry, input.now, MFA_SESSION_MIN_TTL_SECONDS, "MFA session");
    const made = cache.status !== "hit";
    return { service: "sts", action: "GetSessionToken", made, durationSeconds: step.durationSeconds, signWith: "source", mfaCode: made, serialNumber: step.serialNumber, cache, why: step.why };
  }
  const call: PlannedCall = { service: "sts", action: "AssumeRole", made: true, roleArn: step.roleArn, durationSeconds: step.durationSeconds, signWith: step.signWith, mfaCode: step.mfa === "code", why: step.why };
  if (step.externalId !== undefined) call.externalId = step.externalId;
  if (step.serialNumber) call.serialNumber = step.serialNumber;
  return call;
}
