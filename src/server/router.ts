// Paths -> answers: /health, and the credentials of a target in the container-credentials
// format the AWS SDKs and CLI read ({AccessKeyId, SecretAccessKey, Token, Expiration}).
// Failures become {Code, Message} with a 4xx/5xx status; the AWS CLI shows the body and
// the JS SDK the Message of a 4xx, so the message says what to do.
import type { Credentials, Target } from "../types";
import { isUserError } from "../errors";
import type { Answer } from "./http";
import { CredentialMemo } from "./single-flight";
import { LoginRequired } from "./refresh";

export const HEALTH_PATH = "/health";

export function credentialsBody(c: Credentials): Record<string, string> {
  return {
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    Token: c.sessionToken ?? "",
    Expiration: (c.expiration ?? new Date(0)).toISOString(),
  };
}

export function errorAnswer(err: unknown): Answer {
  if (isUserError(err)) {
    const message = err.hint ? `switchrole: ${err.message}; ${err.hint}` : `switchrole: ${err.message}`;
    return err instanceof LoginRequired ? { ok: false, status: 401, code: "LoginRequired", message } : { ok: false, status: 502, code: "CredentialsUnavailable", message };
  }
  return { ok: false, status: 500, code: "InternalError", message: "switchrole: unexpected error in the credential endpoint; see its log" };
}

export interface RouterOptions {
  memo: CredentialMemo<Target>;
  /** The target a path names, or undefined (404). */
  targetOf: (pathname: string) => Target | undefined;
  log?: (line: string) => void;
}

export function router(opts: RouterOptions): (pathname: string) => Promise<Answer> {
  const log = opts.log ?? (() => {});
  return async (pathname) => {
    if (pathname === HEALTH_PATH) return { ok: true, status: 200, body: { Status: "ok" } };
    const target = opts.targetOf(pathname);
    if (!target) return { ok: false, status: 404, code: "NotFound", message: "switchrole: no such credentials path" };
    const before = opts.memo.fetches;
    try {
      const c = await opts.memo.get(pathname, target);
      if (opts.memo.fetches !== before) log(`credentials for ${target.roleArn} until ${c.expiration?.toISOString() ?? "?"}`);
      return { ok: true, status: 200, body: credentialsBody(c) };
    } catch (err) {
      log(`could not get credentials for ${target.roleArn}: ${(err as Error)?.message ?? String(err)}`);
      return errorAnswer(err);
    }
  };
}
