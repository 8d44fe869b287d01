// MFA sessions: GetSessionToken with a code (asked again when STS refuses it), as a cache
// entry. The executor (obtain.ts) decides when one is made.
import type { Credentials, Source } from "../types";
import type { CacheEntry } from "../cache/types";
import type { StsModule } from "../sts/load";
import { asStsFailure, explainFailure, isMfaRefusal, type FailureContext } from "./explain";
import type { Engine, MfaSession } from "./obtain";
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

/** Asks for a code and makes the call; a code STS refuses is asked again (the source decides how often). */
export async function withMfaRetries<T>(engine: Pick<Engine, "mfaCode" | "say">, serial: string, ctx: FailureContext, call: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const code = await engine.mfaCode(serial, attempt);
    try {
      return await call(code);
    } catch (err) {
      const f = asStsFailure(err);
      if (!f || !isMfaRefusal(f) || attempt >= 2) return guard(() => Promise.reject(err), ctx);
      // Only before a new question: --mfa-code and mfa_process say so in their own error.
      if (engine.mfaCode.asksAgain) engine.say("The MFA code was refused; each code works once, and only while your device shows it.");
    }
  }
}

/** GetSessionToken with a code for the device: a new MFA session, as a cache entry. */
export async function newMfaSession(
  source: Source,
  creds: Credentials,
  sts: StsModule,
  engine: Pick<Engine, "mfaCode" | "say" | "env" | "now" | "onSlow">,
  session: { serialNumber: string; durationSeconds: number; userName?: string },
  ctx: FailureContext,
  onCode: () => void = () => {},
): Promise<CacheEntry> {
  const { serialNumber, durationSeconds, userName } = session;
  const createdAt = new Date(engine.now());
  const credentials = await withMfaRetries(engine, serialNumber, ctx, (tokenCode) => {
    onCode();
    return sts.getSessionToken(creds, { region: regionOf(source), env: engine.env, ...(engine.onSlow ? { onSlow: engine.onSlow } : {}), durationSeconds, serialNumber, tokenCode });
  });
  return {
    version: 1,
    kind: "mfa-session",
    credentials: credentials as CacheEntry["credentials"],
    meta: { sourceProfile: source.sourceProfile.value, mfaSerial: serialNumber, ...(userName ? { userName } : {}), createdAt },
  };
}
