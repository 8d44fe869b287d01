// Obtaining role credentials with no one to ask: from the cache, else from the cached MFA
// session (AssumeRole only), else a LoginRequired error telling the user what to run.
import type { Credentials, Target } from "../types";
import type { CredentialCache } from "../cache/types";
import { obtain } from "../credentials/obtain";
import { engineFor } from "../credentials/wiring";
import { UserError } from "../errors";

export class LoginRequired extends UserError {}

export interface RefreshDeps {
  env: NodeJS.ProcessEnv;
  now: () => number;
  cache: CredentialCache;
  minTtlSeconds: number;
  /** Lines for the server's log (notes about chaining); never secrets. */
  say?: (line: string) => void;
}

/** The MFA code source of a process that must never prompt. */
export async function noMfaCode(serial: string, _attempt = 0, reason?: string): Promise<string> {
  throw new LoginRequired(
    reason ? `${reason}, and switchrole cannot ask for a new code here` : `the MFA session for ${serial} has ended (or was never started) and switchrole cannot ask for a code here`,
    "run `switchrole login` in a terminal, then retry",
  );
}

export function refresher(deps: RefreshDeps): (target: Target) => Promise<Credentials> {
  const engine = engineFor(
    { env: deps.env, now: deps.now, io: { out: () => {}, err: () => {}, stdoutIsTTY: false }, ask: async () => "" },
    { mfa: noMfaCode, cache: deps.cache, unattended: true, say: deps.say ?? (() => {}) },
  );
  return async (target) => (await obtain(target, engine, { minTtlSeconds: deps.minTtlSeconds })).role;
}
