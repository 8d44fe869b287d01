// The one place that builds the executor's collaborators (the Engine) for env, exec,
// assume-role, credential-process, login and the credential server, and the per-call
// policy (refresh, minimum lifetime) from the flags, kept apart from them.
import { warningLine } from "../errors";
import type { Target } from "../types";
import type { Context } from "../context";
import { resolveTarget, type TargetOptions } from "../config/resolve";
import { loadProfiles, type Profiles } from "../config/profiles";
import { sourceCredentialsFor } from "./source";
import { obtain, type Engine, type Obtained, type Policy } from "./obtain";
import { mfaCodeSource, mfaPrompt, type MfaCodeSource } from "../mfa/code";
import { NoTerminalError } from "../mfa/terminal";
import { loadSts } from "../sts/load";
import { openCache } from "../cache";
import type { CredentialCache } from "../cache/types";
import { minTtlSeconds } from "../cache/ttl";
import { budgetSeconds } from "../sts/timeout";
import { checkEndpoints } from "../sts/endpoint";
import { processTimeoutSeconds } from "../run-command";
import { envValue } from "../config/paths";
import { readMeta } from "../keys/meta";

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

export interface EngineOptions {
  /** Where codes come from: the flag or mfa_process, else the terminal; a MfaCodeSource of its own (the server's never asks). */
  mfa: { flagCode?: string; mfaProcess?: string; mfaProcessFrom?: string } | MfaCodeSource;
  noCache?: boolean;
  /** The AWS files, when the caller has read them already. */
  profiles?: Profiles;
  /** The cache, when the caller holds one already (the server). */
  cache?: CredentialCache;
  /** No one to ask: device pickers and prompts fail at once. */
  unattended?: boolean;
  say?: (line: string) => void;
}

export function engineFor(ctx: Pick<Context, "env" | "io" | "now" | "ask">, opts: EngineOptions): Engine {
  const { env } = ctx;
  // A bad SWITCHROLE_TIMEOUT, SWITCHROLE_PROCESS_TIMEOUT or endpoint URL is refused before
  // anything is asked, not at the first call.
  budgetSeconds(env);
  const processTimeout = processTimeoutSeconds(env);
  checkEndpoints(env);
  const say = opts.say ?? ((line: string) => ctx.io.err(`${line}\n`));
  const ask: Engine["ask"] = opts.unattended
    ? async () => {
        throw new NoTerminalError("no terminal in the credential endpoint");
      }
    : ctx.ask;
  const mfaCode =
    typeof opts.mfa === "function"
      ? opts.mfa
      : mfaCodeSource({ ...opts.mfa, envCode: envValue(env, "SWITCHROLE_MFA_CODE"), processTimeoutSeconds: processTimeout, ask, say, ...(env.DIRENV_IN_ENVRC === "1" ? { underDirenv: true } : {}) });
  return {
    sts: loadSts,
    sourceCredentials: (profile) => sourceCredentialsFor(profile, env, opts.profiles),
    // A stored key's id from switchrole's metadata (the AWS files' keys need the files read anyway).
    sourceKeyId: (profile) => (opts.profiles ? opts.profiles.storedKey(profile.value) : readMeta(env).profiles[profile.value])?.accessKeyId,
    mfaCode,
    ask,
    say,
    env,
    now: ctx.now,
    cache: opts.cache ?? openCache(env, { disabled: opts.noCache, warn: say }),
    // A person at a terminal is told what a slow call waits for; logs and pipes are not.
    // (Asked only when a call is slow: touching process.stderr builds its stream, which a
    // cached lookup should not pay for.)
    ...(opts.unattended ? {} : { onSlow: (line: string) => void (process.stderr.isTTY && say(line)) }),
  };
}

export function policyFor(flags: Pick<TargetFlags, "refresh" | "no-cache">, env: NodeJS.ProcessEnv, extra: Partial<Policy> = {}): Policy {
  return { minTtlSeconds: minTtlSeconds(env), refresh: flags.refresh === true, cacheOff: flags["no-cache"] === true, ...extra };
}

export interface Session {
  target: Target;
  obtained: Obtained;
}

/** Resolves the target (unless given one already resolved) and obtains its credentials. */
export async function obtainSession(opts: TargetOptions | Target, flags: TargetFlags, ctx: Context, extra: { withMfaSession?: boolean } = {}): Promise<Session> {
  const say = (line: string) => ctx.io.err(`${line}\n`);
  // The AWS files are read once, for the target and for the source's keys.
  const profiles = await loadProfiles(ctx.env);
  const target = "roleArn" in opts ? opts : await resolveTarget(opts, ctx.env, { warn: (line) => say(warningLine(line)), profiles });
  // The seed's drop-in asks as the seed did; switchrole's own commands say which device and role.
  const prompt = extra.withMfaSession ? {} : { prompt: mfaPrompt(target.accountName && target.roleName ? `${target.accountName}/${target.roleName}` : target.roleArn) };
  const engine = engineFor(ctx, { mfa: { flagCode: flags["mfa-code"], mfaProcess: target.mfaProcess, mfaProcessFrom: target.mfaProcessFrom, ...prompt }, noCache: flags["no-cache"], profiles, say });
  const obtained = await obtain(target, engine, policyFor(flags, ctx.env, extra));
  return { target, obtained };
}
