// Obtaining role credentials with no one to ask: from the cache, else from the cached MFA
// session (AssumeRole only), else a LoginRequired error telling the user what to run.
import type { Credentials, Target } from "../types";
import type { CredentialCache } from "../cache/types";
import { obtain } from "../credentials/obtain";
import { sourceCredentialsFor } from "../credentials/source";
import { loadSts } from "../sts/load";
import { NoTerminalError } from "../mfa/terminal";
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
export async function noMfaCode(serial: string): Promise<string> {
  throw new LoginRequired(
    `the MFA session for ${serial} has ended (or was never started) and switchrole cannot ask for a code here`,
    "run `switchrole login` in a terminal, then retry",
  );
}

export function refresher(deps: RefreshDeps): (target: Target) => Promise<Credentials> {
  return async (target) => {
    const obtained = await obtain(target, {
      sts: loadSts,
      sourceCredentials: () => sourceCredentialsFor(target.sourceProfile, deps.env),
      mfaCode: noMfaCode,
      ask: async () => {
        throw new NoTerminalError("no terminal in the credential endpoint");
      },
      say: deps.say ?? (() => {}),
      env: deps.env,
      now: deps.now,
      cache: deps.cache,
      minTtlSeconds: deps.minTtlSeconds,
    });
    return obtained.role;
  };
}
