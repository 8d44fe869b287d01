// The miss path of the executor (obtain.ts): performs a plan's steps with STS, the MFA
// code source and the cache, re-planning when IAM names the device or STS refuses a cached
// MFA session. A bundle of its own in dist/, loaded only when the cache cannot serve.
import type { Credentials, Source, Target } from "../types";
import type { CacheEntry } from "../cache/types";
import { getOrCreate } from "../cache/get-or-create";
import { isFresh } from "../cache/ttl";
import type { MfaCodeSource } from "../mfa/code";
import { pick } from "../mfa/terminal";
import type { StsModule } from "../sts/load";
import { stsEndpoint } from "../sts/endpoint";
import { UserError, isUserError } from "../errors";
import { formatSpan } from "../report/time-text";
import { plan, belongsTo, chainingNote, regionOf, MFA_SESSION_MIN_TTL_SECONDS, type AssumeRoleStep, type Goal, type Policy, type Snapshot, type Step } from "./plan";
import { asStsFailure, explainFailure, isIdentityPolicyDenial, isServiceUnavailable, mfaSessionRequired, refusesSession, type FailureContext } from "./explain";
import type { DeviceMemo } from "../cache/types";
import { newMfaSession, withMfaRetries } from "./mfa-session";
import { credentialsFile, displayPath } from "../config/paths";
import { toMfaSession } from "./mfa-entry";
import type { Engine, Keys, MfaSession, Obtained } from "./obtain";

/**
 * Role credentials for a target the cache did not serve (called under the role's lock).
 * With STS down or throttling, still-valid cached credentials are handed out instead,
 * with one warning (fromCache: true, so the caller stores nothing).
 */
export async function executeForRole(target: Target, engine: Engine, policy: Policy, source: Credentials, keys: Keys, snap: Snapshot): Promise<Obtained> {
  const run = new Run({ kind: "role", target }, engine, policy, source, keys);
  try {
    const done = await run.execute(snap);
    if (!done.role) throw new Error("plan without AssumeRole");
    return { ...done, role: done.role };
  } catch (err) {
    const stale = stillValid(snap, target, engine.now());
    if (!stale || !isServiceUnavailable(err)) throw err;
    // STS is down or throttling, but what is cached still works for a while: better
    // than nothing, and said so (the minimum lifetime is a margin, not a validity).
    const left = stale.credentials.expiration.getTime() - engine.now();
    engine.say(`switchrole: warning: ${isUserError(err) ? err.message : "STS is unavailable"}; handing out the cached credentials, which expire in ${formatSpan(left)}`);
    return { role: stale.credentials, roleStartedAt: stale.meta.createdAt.getTime(), steps: [{ kind: "useCachedRole", why: "STS is unavailable and the cached credentials are still valid" }], mfaCodesUsed: 0, fromCache: true };
  }
}

/** `login`'s MFA session; throws when the source has no MFA device. */
export async function executeForSource(source: Source, engine: Engine, policy: Policy, creds: Credentials, keys: Keys, snap: Snapshot): Promise<MfaSession> {
  const done = await new Run({ kind: "mfa-session", source }, engine, policy, creds, keys).execute(snap);
  if (!done.mfaSession) {
    throw new UserError(
      `the IAM user of profile ${source.sourceProfile.value} has no MFA device, so there is no MFA session to start`,
      "roles are assumed with its keys directly; `switchrole env <target>` needs no login",
    );
  }
  return done.mfaSession;
}

/** The cached role entry when it is the target's and not yet expired (whatever the minimum lifetime). */
function stillValid(snap: Snapshot, target: Target, now: number): CacheEntry | undefined {
  const e = snap.role;
  return e && belongsTo(e, target) && e.credentials.expiration.getTime() > now ? e : undefined;
}

type Done = Omit<Obtained, "role"> & { role?: Credentials };

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
  /** The device memo of the latest snapshot (it also remembers a force-MFA denial). */
  private device?: DeviceMemo;

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
    if (p.refused && this.goal.kind === "role") throw mfaSessionRequired(this.goal.target, p.refused.mfaSessionRequiredAt);
    this.device = snap.device;
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
    return {
      target: this.goal.kind === "role" ? this.goal.target : this.goal.source,
      action,
      signedWith,
      usedMfa,
      endpoint: this.endpoint,
      credentialsFile: displayPath(credentialsFile(this.engine.env), this.engine.env),
      ...(this.engine.env.DIRENV_IN_ENVRC === "1" ? { underDirenv: true } : {}),
      ...(signedWith === "source" ? { signerKeyId: this.source.accessKeyId } : {}),
    };
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
    const memo = this.newDeviceMemo(serial);
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
      const creds = await withMfaRetries(this.withReason(), serialNumber, this.ctx("AssumeRole", "source", true), (tokenCode) => {
        this.codes++;
        return sts.assumeRole(this.source, { ...base, serialNumber, tokenCode }).catch(async (err: unknown) => {
          const f = asStsFailure(err);
          if (f && isIdentityPolicyDenial(f)) await this.rememberDenial(serialNumber, new Date(this.engine.now()));
          throw err;
        });
      });
      if (this.device?.mfaSessionRequiredAt) await this.rememberDenial(serialNumber, undefined);
      return creds;
    }
    const signer = step.signWith === "mfa-session" ? this.mfaSession?.entry.credentials : this.source;
    if (!signer) throw new Error("AssumeRole signed with an MFA session the plan did not provide");
    return sts.assumeRole(signer, base);
  }

  /** A device memo for the source, made now. */
  private newDeviceMemo(serial: string | null): DeviceMemo {
    return {
      version: 1,
      kind: "device",
      mfaSerial: serial,
      sourceProfile: this.settings.sourceProfile.value,
      createdAt: new Date(this.engine.now()),
      ...(this.userName ? { userName: this.userName } : {}),
    };
  }

  /**
   * Remembers (at) or forgets (undefined) that the user's IAM policy denies AssumeRole
   * signed with its long-term keys, in the source's device memo: the next request over
   * 1 hour is then refused before a code is asked (plan.ts).
   */
  private async rememberDenial(serial: string, at: Date | undefined): Promise<void> {
    if (this.policy.cacheOff) return;
    const { mfaSessionRequiredAt: _old, ...kept } = this.device ?? this.newDeviceMemo(serial);
    const memo: DeviceMemo = at ? { ...kept, mfaSessionRequiredAt: at } : kept;
    await this.engine.cache.putDevice(this.keys.device, memo);
    this.device = memo;
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

