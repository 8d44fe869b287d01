// Phrases an STS/IAM failure for the user: one line naming the role, profile or endpoint,
// and a hint with what to do.
import { UserError, maskKeyId } from "../errors";
import { CHAINING_CAP_SECONDS } from "./plan";
import { formatClock } from "../report/time-text";
import { isStsFailure, type StsFailure } from "../sts/errors";
import type { Source, Target } from "../types";

export { stsEndpoint } from "../sts/endpoint";

export interface FailureContext {
  /** The role being assumed, or (login) the source alone. */
  target: Target | Source;
  /** Which call failed. */
  action: "GetSessionToken" | "AssumeRole" | "GetUser" | "ListMFADevices" | "GetCallerIdentity";
  /** The access key id that signed the call, when it was the source's long-term key (shown masked). */
  signerKeyId?: string;
  /** How the failing call was signed. */
  signedWith: "source" | "mfa-session";
  usedMfa: boolean;
  endpoint: string;
  /** The credentials file as messages show it (default ~/.aws/credentials). */
  credentialsFile?: string;
  /** Inside an .envrc (direnv sets DIRENV_IN_ENVRC=1): a retry is `direnv reload`. */
  underDirenv?: boolean;
}

/**
 * The STS failure in err, if it is one. dist/sts.js is a separate bundle with its own copy
 * of the StsFailure class, so `instanceof` is false across the two: match by its brand,
 * a Symbol.for() property every copy sets.
 */
export function asStsFailure(err: unknown): StsFailure | undefined {
  return isStsFailure(err) ? err : undefined;
}

const MORE_TIME = "or allow more time with SWITCHROLE_TIMEOUT (e.g. SWITCHROLE_TIMEOUT=30s)";

/** "within 15 s at https://...": how long and where a call went unanswered. */
function unanswered(f: StsFailure, endpoint: string): string {
  return `${f.waitedSeconds !== undefined ? ` within ${f.waitedSeconds} s` : ""} at ${f.endpoint ?? endpoint}`;
}

/** STS refused an MFA code (a wrong or reused one, or a device not of this user). */
export function isMfaRefusal(f: StsFailure): boolean {
  return f.code === "AccessDenied" && /MultiFactorAuthentication failed/i.test(f.message);
}

/**
 * STS refused the temporary credentials that signed the call (revoked, expired, or its
 * key deactivated), as opposed to the call itself: the session, not the request, is bad.
 */
export function refusesSession(f: StsFailure, accessKeyId: string): boolean {
  if (f.network) return false;
  if (["InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException"].includes(f.code)) return true;
  return f.code === "AccessDenied" && !isMfaRefusal(f) && (f.message.includes(accessKeyId) || /security token|session (?:has been |was )?(?:revoked|expired|invalid)/i.test(f.message));
}

const UNAVAILABLE = Symbol.for("switchrole.serviceUnavailable");

/** STS/IAM gave no usable answer (unreachable, timed out, throttled, 5xx): cached credentials may still serve. */
export function isServiceUnavailable(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[UNAVAILABLE] === true;
}

/** An identity-policy denial (not the role's trust policy) of a call. */
export function isIdentityPolicyDenial(f: StsFailure): boolean {
  return f.code === "AccessDenied" && /identity-based policy/.test(f.message);
}

/**
 * Over 1 hour under AWS's force-MFA policy: AssumeRole signed with the long-term keys is
 * denied even with a code, and a role assumed from an MFA session is capped at 1 hour.
 * `deniedAt`: said before any call, from the denial remembered at that time.
 */
export function mfaSessionRequired(target: Target, deniedAt?: Date): UserError {
  const over = target.duration;
  return new UserError(
    `${over.value} s (from ${over.from}) cannot be had: the IAM policy of profile ${target.sourceProfile.value}'s user denies AssumeRole signed with its long-term keys (it requires an MFA session), and AWS caps roles assumed from an MFA session at 1 hour`,
    deniedAt
      ? `ask for --duration 1h or less; the MFA session then serves it (STS denied it at ${formatClock(deniedAt.getTime())}; --refresh asks STS again)`
      : "ask for --duration 1h or less; the MFA session then serves it",
  );
}

export function explainFailure(f: StsFailure, ctx: FailureContext): UserError {
  const e = phrase(f, ctx);
  const throttled = ["Throttling", "ThrottlingException", "RequestLimitExceeded"].includes(f.code);
  if (f.network || throttled || (f.status !== undefined && f.status >= 500)) Object.defineProperty(e, UNAVAILABLE, { value: true });
  return e;
}

function phrase(f: StsFailure, ctx: FailureContext): UserError {
  const target = ctx.target as Partial<Target> & Source;
  const profile = `profile ${target.sourceProfile.value}`;
  const file = ctx.credentialsFile ?? "~/.aws/credentials";
  if (f.network && (ctx.action === "GetUser" || ctx.action === "ListMFADevices")) {
    if (f.timedOut) {
      return new UserError(
        `IAM did not answer ${f.action ?? ctx.action}${unanswered(f, "the IAM endpoint")}, looking up the MFA device of ${profile}`,
        `set mfa_serial in the profile or AWS_MFA_SERIAL to skip this lookup; else check the network or AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL, ${MORE_TIME}`,
      );
    }
    return new UserError(
      `could not reach IAM to find the MFA device of ${profile} (${f.code})`,
      "check the network or AWS_ENDPOINT_URL_IAM, or set mfa_serial in the profile or AWS_MFA_SERIAL",
    );
  }
  if (f.network) {
    if (f.timedOut) {
      return new UserError(
        `${f.service ?? "STS"} did not answer ${f.action ?? ctx.action}${unanswered(f, ctx.endpoint)}`,
        `check the network, or the endpoint in AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, ${MORE_TIME}`,
      );
    }
    return new UserError(`could not reach STS at ${f.endpoint ?? ctx.endpoint} (${f.code})`, "check the network, or the endpoint in AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL");
  }
  const msg = f.message;
  switch (f.code) {
    case "InvalidClientTokenId":
    case "SignatureDoesNotMatch":
      // Long-term keys are blamed only when they signed the call.
      if (ctx.signedWith === "mfa-session") {
        return new UserError(
          `STS refused the MFA session's credentials for ${ctx.action} (${f.code}): ${msg}`,
          `the session may have been revoked; run \`switchrole login\` to start a new one`,
        );
      }
      return new UserError(
        `${ctx.action === "GetUser" || ctx.action === "ListMFADevices" ? `IAM (${ctx.action})` : "STS"} refused the access key ${ctx.signerKeyId ? `${maskKeyId(ctx.signerKeyId)} ` : ""}of ${profile}: ${msg}`,
        `check aws_access_key_id and aws_secret_access_key of [${target.sourceProfile.value}] in ${file}`,
      );
    case "ExpiredToken":
    case "ExpiredTokenException":
      // Only temporary keys expire: signed by the source, they are the profile's own
      // (aws_session_token), which a new MFA session cannot renew.
      if (ctx.signedWith === "source") {
        return new UserError(
          `the temporary keys of ${profile} have expired (${ctx.action === "GetUser" || ctx.action === "ListMFADevices" ? `IAM ${ctx.action}` : ctx.action}): ${msg}`,
          `put new keys (with aws_session_token) in [${target.sourceProfile.value}] in ${file}, or refresh whatever wrote them there`,
        );
      }
      return new UserError(`the credentials used for ${ctx.action} have expired: ${msg}`, "run `switchrole login` to start a new MFA session");
    case "Throttling":
    case "ThrottlingException":
    case "RequestLimitExceeded":
      return new UserError(`STS is throttling ${ctx.action} calls (still refused after retries)`, "wait a moment and try again");
    case "AccessDenied":
      if (isMfaRefusal(f)) {
        return new UserError(
          `STS refused the MFA code: ${msg}`,
          ctx.underDirenv ? "run `direnv reload` and give the code your device shows now; each code works only once" : "use the code your device shows now; each code works only once",
        );
      }
      if (ctx.action === "AssumeRole" && isIdentityPolicyDenial(f)) {
        // The user's own policy, not the role's trust policy. Under AWS's force-MFA policy a
        // call signed with long-term keys is denied even with SerialNumber/TokenCode, and a
        // role assumed from an MFA session is capped at 1 hour: over 1 hour cannot be had.
        if (ctx.signedWith === "source" && ctx.usedMfa && target.duration && target.duration.value > CHAINING_CAP_SECONDS) {
          return mfaSessionRequired(target as Target);
        }
        return new UserError(`the IAM policy of ${profile}'s user denies AssumeRole on ${target.roleArn ?? "the role"}: ${msg}`, "ask your AWS administrator to allow sts:AssumeRole for this user");
      }
      if (ctx.action === "AssumeRole") {
        return new UserError(
          `${target.roleArn} refused ${profile}: ${msg}`,
          ctx.usedMfa
            ? `check that ${target.roleArn} exists (role names are case-sensitive) and that its trust policy allows this user${target.externalId ? ` and the external id ${target.externalId}` : ""}`
            : "the role may require MFA: set mfa_serial in the profile or AWS_MFA_SERIAL, or attach an MFA device to the user",
        );
      }
      if (ctx.action === "GetUser" || ctx.action === "ListMFADevices") {
        return new UserError(
          `could not look up the MFA device of ${profile}: IAM refused ${ctx.action}: ${msg}`,
          `name the device with mfa_serial in the profile or AWS_MFA_SERIAL, or allow the user iam:${ctx.action} on itself`,
        );
      }
      return new UserError(`STS refused ${ctx.action} for ${profile}: ${msg}`);
    case "ValidationError":
      if (/MaxSessionDuration/.test(msg) && target.duration) {
        return new UserError(
          `${target.duration.value} seconds (from ${target.duration.from}) is more than ${target.roleArn} allows: ${msg}`,
          "ask for less, or raise the role's MaxSessionDuration",
        );
      }
      if (/role chaining/.test(msg) && target.duration) {
        return new UserError(
          `${target.duration.value} seconds (from ${target.duration.from}) is over the 1-hour limit for roles assumed with temporary credentials: ${msg}`,
          "the source credentials are temporary; ask for 3600 seconds or less",
        );
      }
      return new UserError(`STS rejected ${ctx.action}: ${msg}`);
    default:
      if (f.status === 404) {
        // Not an AWS answer: the endpoint is some other web server (a wrong URL or port).
        const iam = ctx.action === "GetUser" || ctx.action === "ListMFADevices";
        return new UserError(
          `${ctx.action} failed (${f.code}, HTTP 404): ${msg}`,
          `${f.endpoint ?? (iam ? "the IAM endpoint" : ctx.endpoint)} answered 404 Not Found, so it is probably not ${iam ? "IAM" : "STS"}: check ${iam ? "AWS_ENDPOINT_URL_IAM" : "AWS_ENDPOINT_URL_STS"} / AWS_ENDPOINT_URL (or unset them for AWS's own)`,
        );
      }
      return new UserError(`${ctx.action} failed (${f.code}${f.status ? `, HTTP ${f.status}` : ""}): ${msg}`);
  }
}
