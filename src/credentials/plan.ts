// Planning: a pure function from a resolved target (and its MFA device, once known) to the
// STS calls that will be made. No I/O, so `switchrole plan` can print it and tests can
// assert on it.
import type { Target } from "../types";

/** The region for STS calls and AWS_REGION: the target's, else us-east-1 (STS's global home). */
export function regionOf(target: Target): string {
  return target.region?.value ?? "us-east-1";
}

/** AWS caps a role assumed with temporary credentials (role chaining) at one hour. */
export const CHAINING_CAP_SECONDS = 3600;

export interface GetSessionTokenStep {
  kind: "getSessionToken";
  durationSeconds: number;
  serialNumber: string;
  signWith: "source";
  why: string;
}

export interface AssumeRoleStep {
  kind: "assumeRole";
  roleArn: string;
  durationSeconds: number;
  externalId?: string;
  signWith: "source" | "mfa-session";
  /** "code": SerialNumber/TokenCode on this call; "session": MFA context from the session; "none". */
  mfa: "code" | "session" | "none";
  serialNumber?: string;
  why: string;
}

export type Step = GetSessionTokenStep | AssumeRoleStep;

/** `mfaSerial`: the device in use, or null when the source uses no MFA. */
export function planSteps(target: Target, mfaSerial: string | null): Step[] {
  const duration = target.duration.value;
  const role = { kind: "assumeRole" as const, roleArn: target.roleArn, durationSeconds: duration, externalId: target.externalId };
  if (mfaSerial === null) {
    return [{ ...role, signWith: "source", mfa: "none", why: "no MFA device for the source; the role is assumed with its keys" }];
  }
  if (duration > CHAINING_CAP_SECONDS) {
    return [
      {
        ...role,
        signWith: "source",
        mfa: "code",
        serialNumber: mfaSerial,
        why: `${duration} s is over the 1-hour cap AWS puts on roles assumed from an MFA session, so AssumeRole gets the MFA code itself`,
      },
    ];
  }
  return [
    {
      kind: "getSessionToken",
      durationSeconds: target.mfaSessionDuration.value,
      serialNumber: mfaSerial,
      signWith: "source",
      why: "an MFA session, so one code serves every role reached from this source",
    },
    { ...role, signWith: "mfa-session", mfa: "session", why: "signed with the MFA session (role chaining, within the 1-hour cap)" },
  ];
}

/** The one line said on stderr when the plan avoids the chaining cap. */
export function chainingNote(steps: Step[]): string | undefined {
  const direct = steps.find((s): s is AssumeRoleStep => s.kind === "assumeRole" && s.mfa === "code");
  if (!direct) return undefined;
  return `switchrole: note: ${direct.durationSeconds} s is over AWS's 1-hour limit for roles assumed from an MFA session, so this role is assumed directly with a new MFA code (the MFA session is not reused)`;
}
