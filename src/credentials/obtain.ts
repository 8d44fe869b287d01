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
import { pick, type Ask } from "../mfa/terminal";
import type { StsModule } from "../sts/load";
import { planSteps, chainingNote, type Step, type AssumeRoleStep } from "./plan";
import { asStsFailure, explainFailure, stsEndpoint, type FailureContext } from "./explain";
import { sessionKeys } from "./keys";
import { UserError } from "../errors";

export type { StsModule } from "../sts/load";

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

export function regionOf(target: Target): string {
  return target.region?.value ?? "us-east-1";
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
    const mfa = await deps.cache.get(keys.mfaSession);
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

function toMfaSession(e: CacheEntry): MfaSession {
  return { credentials: e.credentials, serialNumber: e.meta.mfaSerial ?? "", startedAt: e.meta.createdAt.getTime() };
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
    const base = { region, roleArn: step.roleArn, roleSessionName: sessionName, durationSeconds: step.durationSeconds, externalId: step.externalId };
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

async function guard<T>(fn: () => Promise<T>, ctx: FailureContext): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const failure = asStsFailure(err);
    if (failure) throw explainFailure(failure, ctx);
    throw err;
  }
}

function isMfaRefusal(err: unknown): boolean {
  const f = asStsFailure(err);
  return f !== undefined && f.code === "AccessDenied" && /MultiFactorAuthentication failed/i.test(f.message);
}

/** Asks for a code and makes the call; a code STS refuses is asked again (the source decides how often). */
async function withMfaRetries<T>(deps: ObtainDeps, serial: string, ctx: FailureContext, call: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const code = await deps.mfaCode(serial, attempt);
    try {
      return await call(code);
    } catch (err) {
      if (!isMfaRefusal(err)) return guard(() => Promise.reject(err), ctx);
      if (attempt >= 2) return guard(() => Promise.reject(err), ctx);
      // Only before a new question: --mfa-code and mfa_process say so in their own error.
      if (deps.mfaCode.asksAgain) deps.say("The MFA code was refused; each code works once, and only while your device shows it.");
    }
  }
}

/**
 * `switchrole login`: a new MFA session for the target's source and device, replacing a
 * cached one (under its lock, so concurrent runs wait for it). Throws when the source
 * has no MFA device.
 */
export async function startMfaSession(target: Target, deps: ObtainDeps): Promise<MfaSession> {
  const region = regionOf(target);
  const endpoint = stsEndpoint(deps.env, region);
  const source = await deps.sourceCredentials();
  const { mfaSession: key } = sessionKeys(target, source.accessKeyId, endpoint);
  const ctx = (action: FailureContext["action"], usedMfa: boolean): FailureContext => ({ target, action, signedWith: "source", usedMfa, endpoint });
  const sts = await deps.sts();
  const { serial, userName } = await mfaDevice(target, source, sts, deps, key, ctx("GetUser", false));
  if (serial === null) {
    throw new UserError(
      `the IAM user of profile ${target.sourceProfile.value} has no MFA device, so there is no MFA session to start`,
      "roles are assumed with its keys directly; `switchrole env <target>` needs no login",
    );
  }
  const session = { serialNumber: serial, durationSeconds: target.mfaSessionDuration.value, userName };
  const { entry } = await getOrCreate(deps.cache, key, () => false, () => newMfaSession(target, source, sts, deps, session, ctx("GetSessionToken", true)));
  return toMfaSession(entry);
}

/**
 * Which MFA device (null: none) and the IAM user's name: from the cached MFA session, else
 * the configuration, else IAM (GetUser + ListMFADevices, asking which when there are several).
 */
async function mfaDevice(
  target: Target,
  source: Credentials,
  sts: StsModule,
  deps: ObtainDeps,
  mfaKey: string,
  ctx: FailureContext,
): Promise<{ serial: string | null; userName?: string }> {
  const cached = await deps.cache.get(mfaKey);
  if (cached?.meta.mfaSerial) return { serial: cached.meta.mfaSerial, userName: cached.meta.userName };
  if (target.mfaSerial) return { serial: target.mfaSerial.value, userName: cached?.meta.userName };
  const found = await guard(() => sts.discoverMfa(source, { region: regionOf(target) }), ctx);
  const serial = found.serials.length === 0 ? null : await pick(deps.ask, "Several MFA devices are attached to the user:", found.serials);
  return { serial, userName: found.userName || undefined };
}

/** GetSessionToken with a code for the device: a new MFA session, as a cache entry. */
async function newMfaSession(
  target: Target,
  source: Credentials,
  sts: StsModule,
  deps: ObtainDeps,
  session: { serialNumber: string; durationSeconds: number; userName?: string },
  ctx: FailureContext,
  onCode: () => void = () => {},
): Promise<CacheEntry> {
  const { serialNumber, durationSeconds, userName } = session;
  const createdAt = new Date(deps.now());
  const credentials = await withMfaRetries(deps, serialNumber, ctx, (tokenCode) => {
    onCode();
    return sts.getSessionToken(source, { region: regionOf(target), durationSeconds, serialNumber, tokenCode });
  });
  return {
    version: 1,
    kind: "mfa-session",
    credentials: credentials as CacheEntry["credentials"],
    meta: { sourceProfile: target.sourceProfile.value, mfaSerial: serialNumber, userName, createdAt },
  };
}
