// Running a plan: the source keys sign GetSessionToken (with the MFA code), that MFA
// session signs AssumeRole; or AssumeRole is signed by the source directly. The cache,
// the STS module, the MFA code source, the terminal and the clock are passed in.
//
// Role credentials are looked up first, without a lock (the fast path: no SDK, no STS).
// On a miss the role's lock is taken, so concurrent invocations make one set of calls and
// one MFA prompt, and the rest read what it stored.
import type { Credentials, Target } from "../types";
import type { CacheEntry, CredentialCache } from "../cache/types";
import { getOrCreate } from "../cache/get-or-create";
import { isFresh } from "../cache/ttl";
import type { MfaCodeSource } from "../mfa/code";
import type { Ask } from "../mfa/terminal";
import type { StsModule } from "../sts/load";
import { planSteps, chainingNote, regionOf, type Step, type AssumeRoleStep } from "./plan";
import { stsEndpoint, type FailureContext } from "./explain";
import { sessionKeys } from "./keys";
import { guard, mfaDevice, newMfaSession, toMfaSession, withMfaRetries } from "./mfa-session";

export type { StsModule } from "../sts/load";
export { regionOf } from "./plan";

/** An MFA session is used while it has at least this long left. */
export const MFA_SESSION_MIN_TTL_SECONDS = 60;

export interface ObtainDeps {
  sts: () => Promise<StsModule>;
  sourceCredentials: () => Promise<Credentials>;
  mfaCode: MfaCodeSource;
  ask: Ask;
  say: (line: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => number;
  cache: CredentialCache;
  /** Role credentials are handed out only with at least this many seconds left. */
  minTtlSeconds: number;
  /** Ignore cached role credentials (the MFA session is still reused). */
  refresh?: boolean;
  /** Also return a cached MFA session on a role hit (only the seed's assume-role exports it). */
  withMfaSession?: boolean;
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
  /** The STS calls made (empty on a cache hit). */
  steps: Step[];
  /** How many MFA codes were used. */
  mfaCodesUsed: number;
  fromCache: boolean;
}


export async function obtain(target: Target, deps: ObtainDeps): Promise<Obtained> {
  const region = regionOf(target);
  const endpoint = stsEndpoint(deps.env, region);
  const source = await deps.sourceCredentials();
  const keys = sessionKeys(target, source.accessKeyId, endpoint);
  const usableRole = (e: CacheEntry) => isFresh(e, deps.now(), deps.minTtlSeconds);
  const usableMfa = (e: CacheEntry) => isFresh(e, deps.now(), MFA_SESSION_MIN_TTL_SECONDS);

  const cachedRole = async (): Promise<Obtained | undefined> => {
    const role = deps.refresh ? undefined : await deps.cache.get(keys.role);
    if (!role || !usableRole(role) || !belongsTo(role, target)) return undefined;
    const mfa = deps.withMfaSession ? await deps.cache.get(keys.mfaSession) : undefined;
    return {
      role: role.credentials,
      roleStartedAt: role.meta.createdAt.getTime(),
      mfaSession: mfa && usableMfa(mfa) ? toMfaSession(mfa) : undefined,
      steps: [],
      mfaCodesUsed: 0,
      fromCache: true,
    };
  };

  const hit = await cachedRole();
  if (hit) return hit;
  return deps.cache.withLock(keys.role, async () => {
    const again = await cachedRole();
    if (again) return again;
    const fresh = await callSts(target, source, deps, { region, endpoint, mfaKey: keys.mfaSession, usableMfa });
    await deps.cache.put(keys.role, {
      version: 1,
      kind: "role",
      credentials: fresh.role as CacheEntry["credentials"],
      meta: {
        sourceProfile: target.sourceProfile.value,
        roleArn: target.roleArn,
        mfaSerial: fresh.mfaSession?.serialNumber,
        accountName: target.accountName,
        roleName: target.roleName,
        region: target.region?.value,
        createdAt: new Date(fresh.roleStartedAt),
      },
    });
    return fresh;
  });
}

/** The entry's own record of what it is must agree with the target (defence in depth for the key). */
function belongsTo(e: CacheEntry, target: Target): boolean {
  return e.meta.roleArn === target.roleArn && e.meta.sourceProfile === target.sourceProfile.value;
}


interface CallContext {
  region: string;
  endpoint: string;
  mfaKey: string;
  usableMfa: (e: CacheEntry) => boolean;
}

async function callSts(target: Target, source: Credentials, deps: ObtainDeps, cc: CallContext): Promise<Obtained> {
  const { region } = cc;
  const ctx = (action: FailureContext["action"], signedWith: FailureContext["signedWith"], usedMfa: boolean): FailureContext => ({
    target, action, signedWith, usedMfa, endpoint: cc.endpoint,
  });
  const sts = await deps.sts();

  const { serial: mfaSerial, userName } = await mfaDevice(target, source, sts, deps, cc.mfaKey, ctx("GetUser", "source", false));

  const steps = planSteps(target, mfaSerial);
  const note = chainingNote(steps);
  if (note) deps.say(note);

  const sessionName = target.roleSessionName ?? userName ?? `switchrole-${Math.floor(deps.now() / 1000)}`;
  let mfaSession: MfaSession | undefined;
  let mfaCodesUsed = 0;
  let role: Credentials | undefined;
  for (const step of steps) {
    if (step.kind === "getSessionToken") {
      const session = { serialNumber: step.serialNumber, durationSeconds: step.durationSeconds, userName };
      const { entry } = await getOrCreate(deps.cache, cc.mfaKey, cc.usableMfa, () =>
        newMfaSession(target, source, sts, deps, session, ctx("GetSessionToken", "source", true), () => mfaCodesUsed++),
      );
      mfaSession = toMfaSession(entry);
    } else {
      role = await assume(step, mfaSession?.credentials ?? source);
    }
  }
  if (!role) throw new Error("plan without AssumeRole");
  return { role, roleStartedAt: deps.now(), mfaSession, steps, mfaCodesUsed, fromCache: false };

  async function assume(step: AssumeRoleStep, signer: Credentials): Promise<Credentials> {
    const base = { region, env: deps.env, roleArn: step.roleArn, roleSessionName: sessionName, durationSeconds: step.durationSeconds, externalId: step.externalId };
    if (step.mfa === "code" && step.serialNumber) {
      const serialNumber = step.serialNumber;
      return withMfaRetries(deps, serialNumber, ctx("AssumeRole", "source", true), (tokenCode) => {
        mfaCodesUsed++;
        return sts.assumeRole(signer, { ...base, serialNumber, tokenCode });
      });
    }
    return guard(() => sts.assumeRole(signer, base), ctx("AssumeRole", step.signWith, step.mfa !== "none"));
  }
}
