// Running a plan: the source keys sign GetSessionToken (with the MFA code), that MFA
// session signs AssumeRole; or AssumeRole is signed by the source directly. The STS
// module, the MFA code source, the terminal and the clock are passed in.
import type { Credentials, Target } from "../types";

import type { MfaCodeSource } from "../mfa/code";
import { pick, type Ask } from "../mfa/terminal";
import { StsFailure } from "../sts/errors";
import { planSteps, chainingNote, type Step, type AssumeRoleStep } from "./plan";
import { explainFailure, stsEndpoint, type FailureContext } from "./explain";

export type { StsModule } from "../sts/load";
import type { StsModule } from "../sts/load";

export interface ObtainDeps {
  sts: () => Promise<StsModule>;
  sourceCredentials: () => Promise<Credentials>;
  mfaCode: MfaCodeSource;
  ask: Ask;
  say: (line: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => number;
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
  mfaSerial: string | null;
  userName?: string;
  steps: Step[];
  /** True when someone was asked for a code on the terminal or otherwise. */
  mfaCodesUsed: number;
}

export function regionOf(target: Target): string {
  return target.region?.value ?? "us-east-1";
}

export async function obtain(target: Target, deps: ObtainDeps): Promise<Obtained> {
  const region = regionOf(target);
  const endpoint = stsEndpoint(deps.env, region);
  const ctx = (action: FailureContext["action"], signedWith: FailureContext["signedWith"], usedMfa: boolean): FailureContext => ({
    target, action, signedWith, usedMfa, endpoint,
  });
  const source = await deps.sourceCredentials();
  const sts = await deps.sts();

  let userName: string | undefined;
  let mfaSerial: string | null;
  if (target.mfaSerial) {
    mfaSerial = target.mfaSerial.value;
  } else {
    const found = await guard(() => sts.discoverMfa(source, { region }), ctx("GetUser", "source", false));
    userName = found.userName || undefined;
    mfaSerial = found.serials.length === 0 ? null : await pick(deps.ask, "Several MFA devices are attached to the user:", found.serials);
  }

  const steps = planSteps(target, mfaSerial);
  const note = chainingNote(steps);
  if (note) deps.say(note);

  const sessionName = target.roleSessionName ?? userName ?? `switchrole-${Math.floor(deps.now() / 1000)}`;
  let mfaSession: MfaSession | undefined;
  let mfaCodesUsed = 0;
  let role: Credentials | undefined;
  for (const step of steps) {
    if (step.kind === "getSessionToken") {
      const startedAt = deps.now();
      const credentials = await withMfaRetries(deps, step.serialNumber, ctx("GetSessionToken", "source", true), (tokenCode) => {
        mfaCodesUsed++;
        return sts.getSessionToken(source, { region, durationSeconds: step.durationSeconds, serialNumber: step.serialNumber, tokenCode });
      });
      mfaSession = { credentials, serialNumber: step.serialNumber, startedAt };
    } else {
      role = await assume(step, mfaSession?.credentials ?? source);
    }
  }
  if (!role) throw new Error("plan without AssumeRole");
  return { role, roleStartedAt: deps.now(), mfaSession, mfaSerial, userName, steps, mfaCodesUsed };

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
    if (err instanceof StsFailure) throw explainFailure(err, ctx);
    throw err;
  }
}

function isMfaRefusal(err: unknown): boolean {
  return err instanceof StsFailure && err.code === "AccessDenied" && /MultiFactorAuthentication failed/i.test(err.message);
}

/** Asks for a code and makes the call; a code STS refuses is asked again (the source decides how often). */
async function withMfaRetries<T>(deps: ObtainDeps, serial: string, ctx: FailureContext, call: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const code = await deps.mfaCode(serial, attempt);
    try {
      return await call(code);
    } catch (err) {
      if (!isMfaRefusal(err)) return guard(() => Promise.reject(err), ctx);
      deps.say("The MFA code was refused; each code works once, and only while your device shows it.");
      if (attempt >= 2) throw explainFailure(err as StsFailure, ctx);
    }
  }
}

