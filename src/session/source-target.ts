// `login` acts on a source profile, not a role. The source's settings (MFA device, MFA
// session length, region, mfa_process) are resolved exactly as for a role target, so the
// MFA session it starts has the cache key that `env` and `exec` look up: resolveTarget is
// given a placeholder role, which is never called.
import type { Target } from "../types";
import { resolveTarget } from "../config/resolve";

const PLACEHOLDER_ROLE = "arn:aws:iam::000000000000:role/switchrole-login";

export interface SourceOptions {
  sourceProfile?: string;
  sourceProfileFrom?: string;
  mfaSerial?: string;
  mfaSessionDuration?: string;
  region?: string;
}

export async function resolveSource(opts: SourceOptions, env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<Target> {
  // The role duration is irrelevant here; fixing it keeps a bad AWS_ROLE_SESSION_TIMEOUT from failing a login.
  const t = await resolveTarget({ positionals: [PLACEHOLDER_ROLE], ...opts, duration: "3600" }, env, { warn });
  const name = t.sourceProfile.value;
  return { ...t, input: name, accountName: name, roleName: "(MFA session)" };
}
