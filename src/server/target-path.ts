// A resolved Target as a URL path, so one server can serve every target: the client (the
// user's shell) resolves profiles and options with its own environment, and the server
// uses exactly that. The path is /role/<base64url(JSON)>; anyone able to use it already
// holds the token, which grants no more than the user's own configuration does.
import type { Sourced, Target } from "../types";

export const ROLE_PREFIX = "/role/";

/** The fields that decide the credentials (never mfaProcess: the server does not run it). */
function essentials(t: Target): Target {
  const out: Target = {
    input: t.input,
    roleArn: t.roleArn,
    accountId: t.accountId,
    accountName: t.accountName,
    roleName: t.roleName,
    sourceProfile: t.sourceProfile,
    duration: t.duration,
    mfaSessionDuration: t.mfaSessionDuration,
  };
  if (t.profile !== undefined) out.profile = t.profile;
  if (t.mfaSerial !== undefined) out.mfaSerial = t.mfaSerial;
  if (t.region !== undefined) out.region = t.region;
  if (t.externalId !== undefined) out.externalId = t.externalId;
  if (t.roleSessionName !== undefined) out.roleSessionName = t.roleSessionName;
  return out;
}

export function targetPath(target: Target): string {
  return ROLE_PREFIX + Buffer.from(JSON.stringify(essentials(target)), "utf8").toString("base64url");
}

const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 2048;
const isSourced = <T>(v: unknown, check: (x: unknown) => x is T): v is Sourced<T> =>
  typeof v === "object" && v !== null && check((v as Sourced<T>).value) && typeof (v as Sourced<T>).from === "string";
const isSeconds = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 900 && (v as number) <= 129600;
const optional = (o: Record<string, unknown>, k: string, check: (v: unknown) => boolean) => o[k] === undefined || check(o[k]);

/** The Target a path names, or undefined when it is not a well-formed /role/ path. */
export function parseTargetPath(pathname: string): Target | undefined {
  if (!pathname.startsWith(ROLE_PREFIX)) return undefined;
  const encoded = pathname.slice(ROLE_PREFIX.length);
  if (!/^[A-Za-z0-9_-]{1,8192}$/.test(encoded)) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const ok =
    [r.input, r.roleArn, r.accountId, r.accountName, r.roleName].every(isString) &&
    /^arn:aws[a-z-]*:iam::\d{12}:role\//.test(r.roleArn as string) &&
    isSourced(r.sourceProfile, isString) &&
    isSourced(r.duration, isSeconds) &&
    isSourced(r.mfaSessionDuration, isSeconds) &&
    optional(r, "profile", isString) &&
    optional(r, "mfaSerial", (v) => isSourced(v, isString)) &&
    optional(r, "region", (v) => isSourced(v, isString)) &&
    optional(r, "externalId", isString) &&
    optional(r, "roleSessionName", isString);
  return ok ? essentials(r as unknown as Target) : undefined;
}
