// Cache keys: everything that changes what STS would return, and nothing that does not.
// - a role: the source (profile and access key), the role and every parameter of the call;
// - an MFA session: the source's access key and the device, however the device was
//   learned (flag, profile, AWS_MFA_SERIAL or IAM), so one code serves them all;
// - a remembered device: the source's access key and the IAM endpoint that named it.
import { cacheKey } from "../cache/key";
import { endpointOverride } from "../sts/endpoint";
import type { Target } from "../types";

export function roleKey(target: Target, sourceAccessKeyId: string, stsEndpoint: string): string {
  return cacheKey({
    kind: "role",
    sourceProfile: target.sourceProfile.value,
    sourceAccessKeyId,
    roleArn: target.roleArn,
    externalId: target.externalId,
    sessionName: target.roleSessionName,
    durationSeconds: target.duration.value,
    region: target.region?.value,
    stsEndpoint,
  });
}

export function mfaSessionKey(sourceAccessKeyId: string, mfaSerial: string, stsEndpoint: string): string {
  return cacheKey({ kind: "mfa-session", sourceAccessKeyId, mfaSerial, stsEndpoint });
}

export function deviceKey(sourceAccessKeyId: string, env: NodeJS.ProcessEnv): string {
  return cacheKey({ kind: "device", sourceAccessKeyId, iamEndpoint: iamEndpoint(env) });
}

export function iamEndpoint(env: NodeJS.ProcessEnv): string {
  return endpointOverride(env, "IAM") ?? "https://iam.amazonaws.com";
}
