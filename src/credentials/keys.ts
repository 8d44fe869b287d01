// Cache keys for a target: everything that changes what STS would return. The MFA device
// is keyed as configured ("discover" when IAM finds it), so a hit needs no IAM call.
import { cacheKey } from "../cache/key";
import type { Target } from "../types";

export interface SessionKeys {
  mfaSession: string;
  role: string;
}

export function sessionKeys(target: Target, sourceAccessKeyId: string, endpoint: string): SessionKeys {
  const common = {
    sourceProfile: target.sourceProfile.value,
    sourceAccessKeyId,
    mfaSerial: target.mfaSerial?.value ?? "discover",
    stsEndpoint: endpoint,
  };
  return {
    // Keyed by source and device only: one MFA session serves every role and region.
    mfaSession: cacheKey({ kind: "mfa-session", ...common, durationSeconds: 0 }),
    role: cacheKey({
      kind: "role",
      ...common,
      roleArn: target.roleArn,
      externalId: target.externalId,
      sessionName: target.roleSessionName,
      durationSeconds: target.duration.value,
      region: target.region?.value,
    }),
  };
}
