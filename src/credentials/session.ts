// Shared by env, exec and assume-role: options -> Target -> credentials.
import type { Target } from "../types";
import type { Context } from "../context";
import { resolveTarget, type TargetOptions } from "../config/resolve";
import { loadProfiles } from "../config/profiles";
import { sourceCredentialsFor } from "./source";
import { obtain, type Obtained } from "./obtain";
import { mfaCodeSource } from "../mfa/code";
import { loadSts } from "../sts/load";
import { openCache } from "../cache";
import { minTtlSeconds } from "../cache/ttl";

export interface TargetFlags {
  "source-profile"?: string;
  duration?: string;
  "mfa-session-duration"?: string;
  region?: string;
  "mfa-serial"?: string;
  "mfa-code"?: string;
  "role-session-name"?: string;
  "external-id"?: string;
  "no-cache"?: boolean;
  refresh?: boolean;
}

export function targetOptions(positionals: string[], flags: TargetFlags, mode: TargetOptions["mode"] = "switchrole"): TargetOptions {
  return {
    positionals,
    sourceProfile: flags["source-profile"],
    duration: flags.duration,
    mfaSessionDuration: flags["mfa-session-duration"],
    region: flags.region,
    mfaSerial: flags["mfa-serial"],
    roleSessionName: flags["role-session-name"],
    externalId: flags["external-id"],
    mode,
  };
}

export interface Session {
  target: Target;
  obtained: Obtained;
}

/** Resolves the target (unless given one already resolved) and obtains its credentials. */
export async function obtainSession(opts: TargetOptions | Target, flags: TargetFlags, ctx: Context, extra: { withMfaSession?: boolean } = {}): Promise<Session> {
  const { env, io, ask } = ctx;
  const say = (line: string) => io.err(`${line}\n`);
  // The AWS files are read once, for the target and for the source's keys.
  const profiles = await loadProfiles(env);
  const target = "roleArn" in opts ? opts : await resolveTarget(opts, env, { warn: (line) => say(`switchrole: warning: ${line}`), profiles });
  const obtained = await obtain(target, {
    sts: loadSts,
    sourceCredentials: () => sourceCredentialsFor(target.sourceProfile, env, profiles),
    mfaCode: mfaCodeSource({ flagCode: flags["mfa-code"], mfaProcess: target.mfaProcess, ask }),
    ask,
    say,
    env,
    now: ctx.now,
    cache: openCache(env, { disabled: flags["no-cache"], warn: (line) => say(`switchrole: warning: ${line}`) }),
    minTtlSeconds: minTtlSeconds(env),
    refresh: flags.refresh,
    withMfaSession: extra.withMfaSession,
  });
  return { target, obtained };
}
