// MFA sessions: which device the source uses, GetSessionToken with a code (asked again
// when STS refuses it), and `switchrole login`, which starts one explicitly. Used by
// obtain() for roles of up to an hour, which it signs with the session.
import type { Credentials, Target } from "../types";
import type { CacheEntry } from "../cache/types";
import { getOrCreate } from "../cache/get-or-create";
import { pick } from "../mfa/terminal";
import type { StsModule } from "../sts/load";
import { asStsFailure, explainFailure, stsEndpoint, type FailureContext } from "./explain";
import { sessionKeys } from "./keys";
import { UserError } from "../errors";
import type { MfaSession, ObtainDeps } from "./obtain";
import { regionOf } from "./plan";

export function toMfaSession(e: CacheEntry): MfaSession {
  return { credentials: e.credentials, serialNumber: e.meta.mfaSerial ?? "", startedAt: e.meta.createdAt.getTime() };
}

export async function guard<T>(fn: () => Promise<T>, ctx: FailureContext): Promise<T> {
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
export async function withMfaRetries<T>(deps: ObtainDeps, serial: string, ctx: FailureContext, call: (code: string) => Promise<T>): Promise<T> {
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
export async function mfaDevice(
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
  const found = await guard(() => sts.discoverMfa(source, { region: regionOf(target), env: deps.env }), ctx);
  const serial = found.serials.length === 0 ? null : await pick(deps.ask, "Several MFA devices are attached to the user:", found.serials);
  return { serial, userName: found.userName || undefined };
}

/** GetSessionToken with a code for the device: a new MFA session, as a cache entry. */
export async function newMfaSession(
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
    return sts.getSessionToken(source, { region: regionOf(target), env: deps.env, durationSeconds, serialNumber, tokenCode });
  });
  return {
    version: 1,
    kind: "mfa-session",
    credentials: credentials as CacheEntry["credentials"],
    meta: { sourceProfile: target.sourceProfile.value, mfaSerial: serialNumber, userName, createdAt },
  };
}
