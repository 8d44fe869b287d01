// Test doubles for obtain(): a resolved Target, a fake STS module that records its calls
// and answers from a script, a fixed clock and a scripted MFA code source.
import type { Credentials, Target } from "../../src/types";
import type { StsModule } from "../../src/credentials/obtain";
import { StsFailure } from "../../src/sts/errors";

export const NOW = Date.UTC(2024, 0, 2, 3, 4, 5);
export const SERIAL = "arn:aws:iam::111111111111:mfa/bastion";
export const SOURCE: Credentials = { accessKeyId: "AKIASOURCE0000000001", secretAccessKey: "source-secret" };

export function target(over: Partial<Target> = {}): Target {
  return {
    input: "private_aws sample_switch_role",
    roleArn: "arn:aws:iam::123456789012:role/sample_switch_role",
    accountId: "123456789012",
    accountName: "private_aws",
    roleName: "sample_switch_role",
    sourceProfile: { value: "bastion", from: "AWS_PROFILE_ASSUME_ROLE" },
    duration: { value: 3600, from: "default" },
    mfaSessionDuration: { value: 43200, from: "default" },
    region: { value: "ap-northeast-1", from: "profile bastion" },
    ...over,
  };
}

let issued = 0;
export function temp(prefix: string, now = NOW, seconds = 3600): Credentials {
  issued++;
  return {
    accessKeyId: `ASIA${prefix.toUpperCase().padEnd(12, "X").slice(0, 12)}${String(issued).padStart(4, "0")}`,
    secretAccessKey: `${prefix}-secret-${issued}`,
    sessionToken: `${prefix}-token-${issued}`,
    expiration: new Date(now + seconds * 1000),
  };
}

export interface Call {
  action: "GetUser+ListMFADevices" | "GetSessionToken" | "AssumeRole" | "GetCallerIdentity" | "profileCredentials";
  signer: string;
  params: Record<string, unknown>;
}

/** Per action, answers in order (the last repeats); an Error is thrown instead of answered. */
export interface Script {
  serials?: string[];
  getSessionToken?: Array<Credentials | Error>;
  assumeRole?: Array<Credentials | Error>;
}

export const mfaRefused = () => new StsFailure("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", 403);

export function fakeSts(script: Script = {}) {
  const calls: Call[] = [];
  const next = <T>(list: Array<T | Error> | undefined, i: number, fallback: () => T): T => {
    const v = list === undefined ? fallback() : list[Math.min(i, list.length - 1)];
    if (v instanceof Error) throw v;
    return v as T;
  };
  let gst = 0;
  let ar = 0;
  const sts = {
    discoverMfa: async (creds: Credentials) => {
      calls.push({ action: "GetUser+ListMFADevices", signer: creds.accessKeyId, params: {} });
      return { userName: "bastion", userArn: "arn:aws:iam::111111111111:user/bastion", serials: script.serials ?? [SERIAL] };
    },
    getSessionToken: async (creds: Credentials, params: Record<string, unknown>) => {
      calls.push({ action: "GetSessionToken", signer: creds.accessKeyId, params });
      return next(script.getSessionToken, gst++, () => temp("session"));
    },
    assumeRole: async (creds: Credentials, params: Record<string, unknown>) => {
      calls.push({ action: "AssumeRole", signer: creds.accessKeyId, params });
      return next(script.assumeRole, ar++, () => temp("role"));
    },
    getCallerIdentity: async (creds: Credentials) => {
      calls.push({ action: "GetCallerIdentity", signer: creds.accessKeyId, params: {} });
      return { account: "123456789012", arn: "", userId: "" };
    },
    profileCredentials: async (profile: string) => {
      calls.push({ action: "profileCredentials", signer: "", params: { profile } });
      return SOURCE;
    },
    StsFailure,
  };
  return { calls, sts: sts as unknown as StsModule };
}

/** A code source answering from a list; records which attempts were asked. */
export function codes(list: string[]) {
  const asked: number[] = [];
  const source = Object.assign(
    async (_serial: string, attempt: number) => {
      asked.push(attempt);
      const code = list[attempt];
      if (code === undefined) throw new Error(`no code for attempt ${attempt}`);
      return code;
    },
    { asksAgain: true },
  );
  return { asked, source };
}
