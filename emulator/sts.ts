// STS actions: GetCallerIdentity, GetSessionToken, AssumeRole, with AWS's validation,
// MFA, trust-policy and duration rules.
import { isoSeconds, type Ctx, type Handler } from "./context";
import { accessDenied, mfaFailed, validationError } from "./errors";
import { identityDecision, identityDenied, requestContext, setMfa } from "./authorize";
import { evaluateTrust } from "./policy";
import { callerAccount, callerArn, type Caller, type MfaContext, type UserInfo } from "./state";
import { Checks } from "./validate";
import type { Xml } from "./xml";

const SESSION_NAME = "[\\w+=,.@-]*";
const SERIAL = "[\\w+=/:,.@-]*";
const EXTERNAL_ID = "[\\w+=,.@:\\/-]*";

function mfaChecks(c: Checks, p: URLSearchParams): void {
  c.length(p.get("SerialNumber"), "serialNumber", 9, 256);
  c.pattern(p.get("SerialNumber"), "serialNumber", SERIAL);
  c.length(p.get("TokenCode"), "tokenCode", 6, 6);
  c.pattern(p.get("TokenCode"), "tokenCode", "[\\d]*");
}

function sourceUser(c: Caller): UserInfo | undefined {
  return c.kind === "role" ? c.sourceUser : c.user;
}

/** Checks SerialNumber/TokenCode when given; returns the fresh MFA context. */
function checkMfa({ state, caller, params, log }: Ctx): MfaContext | undefined {
  const serial = params.get("SerialNumber");
  const code = params.get("TokenCode");
  if (serial !== null) log.serialNumber = serial;
  log.tokenCodePresent = code !== null;
  if (serial === null && code === null) return undefined;
  if (serial === null || code === null) throw accessDenied("MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.");
  const owner = sourceUser(caller);
  if (!owner || state.deviceOwner.get(serial) !== owner) {
    throw accessDenied("MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.");
  }
  if (!state.mfa.consume(serial, code, state.now())) throw mfaFailed();
  return { authTime: state.now(), serial };
}

function credentialsXml(issued: { accessKeyId: string; secret: string; token: string; expires: number }): Xml {
  return { AccessKeyId: issued.accessKeyId, SecretAccessKey: issued.secret, SessionToken: issued.token, Expiration: isoSeconds(issued.expires) };
}

const getCallerIdentity: Handler = ({ caller }) => ({
  UserId: caller.kind === "role" ? `${caller.role.roleId}:${caller.sessionName}` : caller.user.userId,
  Account: callerAccount(caller),
  Arn: callerArn(caller),
});

const getSessionToken: Handler = (ctx) => {
  const { state, caller, params, log } = ctx;
  const c = new Checks();
  const duration = c.integer(params.get("DurationSeconds"), "durationSeconds", 900, 129600, 43200);
  mfaChecks(c, params);
  c.done();
  log.durationSeconds = duration;
  if (caller.kind !== "user") throw accessDenied("Cannot call GetSessionToken with session credentials");
  const mfa = checkMfa(ctx);
  const issued = state.issue({ kind: "session", user: caller.user, mfa }, duration, caller);
  log.issuedAccessKeyId = issued.accessKeyId;
  return { Credentials: credentialsXml(issued) };
};

const assumeRole: Handler = (ctx) => {
  const { state, caller, params, log } = ctx;
  const c = new Checks();
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  const externalId = params.get("ExternalId");
  if (c.required(roleArn, "roleArn")) c.length(roleArn, "roleArn", 20, 2048);
  if (c.required(sessionName, "roleSessionName")) {
    c.length(sessionName, "roleSessionName", 2, 64);
    c.pattern(sessionName, "roleSessionName", SESSION_NAME);
  }
  const duration = c.integer(params.get("DurationSeconds"), "durationSeconds", 900, 43200, 3600);
  c.length(externalId, "externalId", 2, 1224);
  c.pattern(externalId, "externalId", EXTERNAL_ID);
  mfaChecks(c, params);
  Object.assign(log, { roleArn: roleArn ?? undefined, roleSessionName: sessionName ?? undefined, durationSeconds: duration, externalId: externalId ?? undefined });
  c.done();

  const mfa = checkMfa(ctx) ?? (caller.kind === "user" ? undefined : caller.mfa);
  const role = state.roles.get(roleArn!);
  // The caller's identity-based policies see the request as its credentials make it: the
  // call's own SerialNumber/TokenCode authenticate the session asked for, and reach only the
  // role's trust policy (AWS enforces MFA for AssumeRole "at the time when the user assumes
  // the role", through the trust policy; long-term keys carry no MFA keys).
  const context = requestContext(state, caller);
  const identity = identityDecision(state, caller, "sts:AssumeRole", roleArn!, context);
  const trustContext = new Map(context);
  if (mfa) setMfa(trustContext, mfa.authTime, state.now());
  if (externalId !== null) trustContext.set("sts:externalid", externalId);
  const principalArns = caller.kind === "role" ? [caller.role.arn, callerArn(caller)] : [caller.user.arn];
  const trust = role ? evaluateTrust(role.role.trustPolicy, { account: callerAccount(caller), principalArns, action: "sts:AssumeRole", context: trustContext }) : { decision: "implicitDeny" as const, direct: false };
  const trustDenied = accessDenied(`User: ${callerArn(caller)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  if (identity === "explicitDeny") throw identityDenied(caller, "sts:AssumeRole", roleArn!, identity);
  if (trust.decision === "explicitDeny") throw trustDenied;
  // Within one account a trust policy that names the caller itself grants on its own; a
  // role in another account (or a trust in the account alone) needs the caller's Allow too.
  const grantedByTrust = role?.accountId === callerAccount(caller) && trust.decision === "allow" && trust.direct;
  if (identity === "implicitDeny" && !grantedByTrust) throw identityDenied(caller, "sts:AssumeRole", roleArn!, identity);
  if (!role || trust.decision !== "allow") throw trustDenied;
  if (duration > (role.role.maxSessionDuration ?? 3600)) throw validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  if (caller.kind !== "user" && duration > 3600) {
    throw validationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  const issued = state.issue({ kind: "role", role, sessionName: sessionName!, sourceUser: sourceUser(caller), mfa }, duration, caller);
  log.issuedAccessKeyId = issued.accessKeyId;
  return {
    Credentials: credentialsXml(issued),
    AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${sessionName}`, Arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/${sessionName}` },
  };
};

export const STS_ACTIONS: Record<string, Handler> = {
  GetCallerIdentity: getCallerIdentity,
  GetSessionToken: getSessionToken,
  AssumeRole: assumeRole,
};
