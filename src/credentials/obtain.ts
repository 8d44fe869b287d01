// The executor: performs the plan (plan.ts) with the collaborators it is given (cache,
// STS, MFA code source, terminal, clock) and nothing else deciding. Role credentials are
// looked up first without a lock (a hit: no SDK, no STS); on a miss the role's lock is
// taken, the cache read again and the plan made again, so concurrent runs make one set
// of calls and one MFA prompt. Learning the device, or STS refusing a cached MFA
// session, also re-plans: the steps run are always the steps of the latest plan.
import type { Credentials, Source, Target } from "../types";
import type { CacheEntry, CredentialCache } from "../cache/types";
import { getOrCreate } from "../cache/get-or-create";
import { isFresh } from "../cache/ttl";
import type { MfaCodeSource } from "../mfa/code";
import { pick, type Ask } from "../mfa/terminal";
import type { StsModule } from "../sts/load";
import { stsEndpoint } from "../sts/endpoint";
import { UserError } from "../errors";
import {
  plan,
  chainingNote,
  regionOf,
  MFA_SESSION_MIN_TTL_SECONDS,
  type AssumeRoleStep,
  type Goal,
  type Policy,
  type Snapshot,
  type Step,
} from "./plan";
import { asStsFailure, explainFailure, refusesSession, type FailureContext } from "./explain";
import { deviceKey, mfaSessionKey, roleKey } from "./keys";
import { newMfaSession, toMfaSession, withMfaRetries } from "./mfa-session";
import { credentialsFile, displayPath } from "../config/paths";

export type { StsModule } from "../sts/load";
export type { Policy } from "./plan";
export { regionOf, MFA_SESSION_MIN_TTL_SECONDS } from "./plan";

/** The collaborators: everything the executor touches, passed in (see wiring.ts). */
export interface Engine {
  sts: () => Promise<StsModule>;
  sourceCredentials: (profile: Source["sourceProfile"]) => Promise<Credentials>;
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
  if (!source.mfaSerial) snap.device = await cache.getDevice(keys.device);
  const serial = source.mfaSerial?.value ?? snap.device?.mfaSerial;
  if (serial) snap.mfaSession = await cache.get(keys.mfaSession(serial));
  return snap;
}

export async function obtain(target: Target, engine: Engine, policy: Policy): Promise<Obtained> {
  const goal: Goal = { kind: "role", target };
  const source = await engine.sourceCredentials(target.sourceProfile);
  const keys = keysFor(goal, source.accessKeyId, engine.env);
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
    const run = new Run(goal, engine, policy, source, keys);
    const done = await run.execute(await readSnapshot(goal, keys, engine.cache, policy));
    if (!done.role) throw new Error("plan without AssumeRole");
    await engine.cache.put(roleLock, {
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
    return { ...done, role: done.role };
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
  const run = new Run(goal, engine, policy, creds, keys);
  const done = await run.execute(await readSnapshot(goal, keys, engine.cache, policy));
  if (!done.mfaSession) {
    throw new UserError(
      `the IAM user of profile ${source.sourceProfile.value} has no MFA device, so there is no MFA session to start`,
      "roles are assumed with its keys directly; `switchrole env <target>` needs no login",
    );
  }
  return done.mfaSession;
}

type Done = Omit<Obtained, "role" | "fromCache"> & { role?: Credentials; fromCache: false };

/** One execution of a goal: the steps performed so far and what they produced. */
class Run {
  private readonly steps: Step[] = [];
  private codes = 0;
  private mfaSession?: { entry: CacheEntry; fromCache: boolean };
  private userName?: string;
  private sts?: StsModule;
  /** Set when STS refused a cached MFA session: said when the new code is asked, at most once. */
  private healed?: string;
  private noted = false;
  private readonly endpoint: string;

  constructor(
    private readonly goal: Goal,
    private readonly engine: Engine,
    private readonly policy: Policy,
    private readonly source: Credentials,
    private readonly keys: Keys,
  ) {
    this.endpoint = stsEndpoint(engine.env, regionOf(this.settings));
  }

  private get settings(): Source {
    return this.goal.kind === "role" ? this.goal.target : this.goal.source;
  }

  /** Plans from the snapshot and performs the steps; learning the device or a refused session plans again. */
  async execute(snap: Snapshot): Promise<Done> {
    const p = plan(this.goal, snap, this.engine.now(), this.policy);
    this.userName ??= p.device?.userName;
    const note = chainingNote(p.steps);
    if (note && !this.noted) this.engine.say(note);
    this.noted ||= note !== undefined;
    let role: Credentials | undefined;
    for (const step of p.steps) {
      switch (step.kind) {
        case "discoverDevice":
          // The device is known now: the rest is the plan made with it.
          this.steps.push(step);
          return this.execute(await this.discoverDevice(snap));
        case "useCachedMfaSession":
        case "getSessionToken":
          await this.mfaSessionFor(step);
          break;
        case "assumeRole": {
          const refused = await this.assume(step).then(
            (c) => ((role = c), undefined),
            (err: unknown) => err,
          );
          if (refused === undefined) break;
          if (!this.canHeal(step, refused)) throw this.explain(refused, step);
          return this.execute(await this.heal(refused, snap));
        }
        case "useCachedRole":
          throw new Error("executor given a cache hit");
      }
    }
    return {
      ...(role ? { role } : {}),
      roleStartedAt: this.engine.now(),
      ...(this.mfaSession ? { mfaSession: toMfaSession(this.mfaSession.entry) } : {}),
      steps: this.steps,
      mfaCodesUsed: this.codes,
      fromCache: false,
    };
  }

  private async loadSts(): Promise<StsModule> {
    return (this.sts ??= await this.engine.sts());
  }

  private ctx(action: FailureContext["action"], signedWith: FailureContext["signedWith"], usedMfa: boolean): FailureContext {
    const target = this.goal.kind === "role" ? this.goal.target : this.goal.source;
    return { target, action, signedWith, usedMfa, endpoint: this.endpoint, credentialsFile: displayPath(credentialsFile(this.engine.env), this.engine.env) };
  }

  private callOptions() {
    return { region: regionOf(this.settings), env: this.engine.env, ...(this.engine.onSlow ? { onSlow: this.engine.onSlow } : {}) };
  }

  /** IAM names the device; it is remembered, and the snapshot gains it (and its cached MFA session, if any). */
  private async discoverDevice(snap: Snapshot): Promise<Snapshot> {
    const sts = await this.loadSts();
    // Two IAM calls: the failure names the one that failed.
    const found = await sts.discoverMfa(this.source, this.callOptions()).catch((err: unknown) => {
      const f = asStsFailure(err);
      throw f ? explainFailure(f, this.ctx(f.action === "ListMFADevices" ? "ListMFADevices" : "GetUser", "source", false)) : err;
    });
    const serial = found.serials.length === 0 ? null : await pick(this.engine.ask, "Several MFA devices are attached to the user:", found.serials);
    this.userName = found.userName || undefined;
    const memo = {
      version: 1 as const,
      kind: "device" as const,
      mfaSerial: serial,
      sourceProfile: this.settings.sourceProfile.value,
      createdAt: new Date(this.engine.now()),
      ...(this.userName ? { userName: this.userName } : {}),
    };
    // Only a device is remembered: a user without one may add one, and is asked again next time.
    if (this.policy.cacheOff || serial === null) return { ...snap, device: memo };
    await this.engine.cache.putDevice(this.keys.device, memo);
    const mfaSession = await this.engine.cache.get(this.keys.mfaSession(serial));
    return { ...snap, device: memo, ...(mfaSession ? { mfaSession } : {}) };
  }

  /** The MFA session a step names: the cached one, or a new one (unless another run made it meanwhile). */
  private async mfaSessionFor(step: Extract<Step, { kind: "useCachedMfaSession" | "getSessionToken" }>): Promise<void> {
    const key = this.keys.mfaSession(step.serialNumber);
    const force = this.goal.kind === "mfa-session";
    const usable = (e: CacheEntry) => !force && isFresh(e, this.engine.now(), MFA_SESSION_MIN_TTL_SECONDS);
    const durationSeconds = step.kind === "getSessionToken" ? step.durationSeconds : this.settings.mfaSessionDuration.value;
    const { entry, hit } = await getOrCreate(this.engine.cache, key, usable, async () => {
      const sts = await this.loadSts();
      return newMfaSession(this.settings, this.source, sts, this.withReason(), { serialNumber: step.serialNumber, durationSeconds, userName: this.userName }, this.ctx("GetSessionToken", "source", true), () => this.codes++);
    });
    this.mfaSession = { entry, fromCache: hit };
    this.userName ??= entry.meta.userName;
    this.steps.push(hit ? { kind: "useCachedMfaSession", serialNumber: step.serialNumber, why: step.why } : { ...step, kind: "getSessionToken", durationSeconds, signWith: "source" });
  }

  private async assume(step: AssumeRoleStep): Promise<Credentials> {
    if (this.goal.kind !== "role") throw new Error("AssumeRole in a plan for an MFA session");
    const target = this.goal.target;
    const sts = await this.loadSts();
    const sessionName = target.roleSessionName ?? this.userName ?? `switchrole-${Math.floor(this.engine.now() / 1000)}`;
    const base = { ...this.callOptions(), roleArn: step.roleArn, roleSessionName: sessionName, durationSeconds: step.durationSeconds, externalId: step.externalId };
    this.steps.push(step);
    if (step.mfa === "code" && step.serialNumber) {
      const serialNumber = step.serialNumber;
      return withMfaRetries(this.withReason(), serialNumber, this.ctx("AssumeRole", "source", true), (tokenCode) => {
        this.codes++;
        return sts.assumeRole(this.source, { ...base, serialNumber, tokenCode });
      });
    }
    const signer = step.signWith === "mfa-session" ? this.mfaSession?.entry.credentials : this.source;
    if (!signer) throw new Error("AssumeRole signed with an MFA session the plan did not provide");
    return sts.assumeRole(signer, base);
  }

  /** A refusal of credentials the cache gave (not ones just made) is healed, once. */
  private canHeal(step: AssumeRoleStep, err: unknown): boolean {
    const f = asStsFailure(err);
    return this.healed === undefined && step.signWith === "mfa-session" && this.mfaSession?.fromCache === true && f !== undefined && refusesSession(f, this.mfaSession.entry.credentials.accessKeyId);
  }

  private explain(err: unknown, step: AssumeRoleStep): unknown {
    const f = asStsFailure(err);
    // withMfaRetries has already phrased the failure of a call that carried a code.
    if (!f || step.mfa === "code") return err;
    return explainFailure(f, this.ctx("AssumeRole", step.signWith, step.mfa !== "none"));
  }

  /** Forgets the refused MFA session and plans again without it: a new code, with one line saying why. */
  private async heal(err: unknown, snap: Snapshot): Promise<Snapshot> {
    const serial = this.mfaSession?.entry.meta.mfaSerial ?? "the device";
    this.healed = `the cached MFA session for ${serial} was refused by STS (${asStsFailure(err)?.code ?? "refused"}; revoked?)`;
    if (this.mfaSession) await this.engine.cache.delete(this.keys.mfaSession(serial));
    this.mfaSession = undefined;
    const { mfaSession: _refused, ...rest } = snap;
    return rest;
  }

  /** The engine's code source, told (on the first code after a heal) why a new code is needed. */
  private withReason(): Engine {
    const reason = this.healed;
    if (!reason) return this.engine;
    const mfaCode: MfaCodeSource = Object.assign((serial: string, attempt: number) => this.engine.mfaCode(serial, attempt, attempt === 0 ? reason : undefined), {
      asksAgain: this.engine.mfaCode.asksAgain,
    });
    return { ...this.engine, mfaCode };
  }
}

