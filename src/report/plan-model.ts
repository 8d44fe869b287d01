// `switchrole plan`: the plan the executor would perform for a target (credentials/plan.ts,
// from the same snapshot of the cache), as a report with the calls each step makes.
// Config files and cache files only: no network call, no SDK.
import type { Target } from "../types";
import type { CredentialCache } from "../cache/types";
import { maskKeyId } from "../errors";
import { plan, type CacheLookup, type Plan, type Policy, type Step } from "../credentials/plan";
import { keysFor, readSnapshot } from "../credentials/obtain";
import { stsEndpoint } from "../sts/endpoint";
import { regionOf } from "../credentials/plan";
import { mfaSessionRequired } from "../credentials/explain";

export type { CacheLookup, CacheStatus } from "../credentials/plan";
export { DISCOVERED } from "../credentials/plan";

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
  /** Where the source's keys come from (the OS keyring, switchrole's encrypted file, the credentials file); null when the SDK provides them. */
  sourceKeysFrom: string | null;
  endpoint: string;
  mfaDevice: { serial: string | null; from: string };
  role: CacheLookup;
  /** The executor's steps, exactly as it would perform them. */
  steps: Step[];
  calls: PlannedCall[];
  stsCalls: number;
  mfaCodeAsked: boolean;
  /** Set when the executor would refuse before any call (no steps): its line and hint. */
  refused?: { message: string; hint?: string };
}

export interface PlanInput {
  target: Target;
  sourceAccessKeyId: string | undefined;
  sourceKeysFrom?: string;
  env: NodeJS.ProcessEnv;
  cache: CredentialCache;
  policy: Policy;
  now: number;
}

export async function planReport(input: PlanInput): Promise<PlanReport> {
  const { target, env } = input;
  const goal = { kind: "role" as const, target };
  const keys = input.sourceAccessKeyId === undefined ? undefined : keysFor(goal, input.sourceAccessKeyId, env);
  const p = plan(goal, await readSnapshot(goal, keys, input.cache, input.policy), input.now, input.policy);
  const calls = p.steps.flatMap((step) => callsOf(step, p));
  const refused = p.refused ? mfaSessionRequired(target, p.refused.mfaSessionRequiredAt) : undefined;
  return {
    ...(refused ? { refused: { message: refused.message, ...(refused.hint ? { hint: refused.hint } : {}) } } : {}),
    target,
    sourceAccessKeyId: input.sourceAccessKeyId ? maskKeyId(input.sourceAccessKeyId) : null,
    sourceKeysFrom: input.sourceKeysFrom ?? null,
    endpoint: stsEndpoint(env, regionOf(target)),
    mfaDevice: p.device ? { serial: p.device.serial, from: p.device.from } : { serial: null, from: "not configured: discovered through IAM (GetUser + ListMFADevices)" },
    role: p.role as CacheLookup,
    steps: p.steps,
    calls,
    stsCalls: calls.filter((c) => c.service === "sts" && c.made).length,
    mfaCodeAsked: calls.some((c) => c.made && c.mfaCode),
  };
}

function callsOf(step: Step, p: Plan): PlannedCall[] {
  switch (step.kind) {
    case "useCachedRole":
      return [];
    case "discoverDevice":
      return (["GetUser", "ListMFADevices"] as const).map((action) => ({ service: "iam", action, made: true, signWith: "source", why: step.why }));
    case "useCachedMfaSession":
    case "getSessionToken": {
      const made = step.kind === "getSessionToken";
      const durationSeconds = step.kind === "getSessionToken" ? step.durationSeconds : p.goal.kind === "role" ? p.goal.target.mfaSessionDuration.value : undefined;
      const call: PlannedCall = { service: "sts", action: "GetSessionToken", made, signWith: "source", mfaCode: made, serialNumber: step.serialNumber, why: step.why };
      if (durationSeconds !== undefined) call.durationSeconds = durationSeconds;
      if (p.mfaSession) call.cache = p.mfaSession;
      return [call];
    }
    case "assumeRole": {
      const call: PlannedCall = { service: "sts", action: "AssumeRole", made: true, roleArn: step.roleArn, durationSeconds: step.durationSeconds, signWith: step.signWith, mfaCode: step.mfa === "code", why: step.why };
      if (step.externalId !== undefined) call.externalId = step.externalId;
      if (step.serialNumber) call.serialNumber = step.serialNumber;
      return [call];
    }
  }
}
