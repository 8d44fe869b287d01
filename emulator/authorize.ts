// The request context of a call (as AWS defines each global key's availability) and the
// identity-based policy decision for the caller, with AWS's AccessDenied messages.
import { accessDenied, type AwsError } from "./errors";
import { evaluateIdentity, type Context, type Decision } from "./policy";
import { callerAccount, callerArn, type Caller, type State } from "./state";

/**
 * The keys a request signed by `caller` carries. Long-term keys: no MFA keys and no
 * aws:TokenIssueTime (AWS: "not present in AWS CLI, AWS API, or AWS SDK requests that are
 * made using long-term credentials"). Temporary credentials: aws:TokenIssueTime, and
 * aws:MultiFactorAuthPresent "true" (with aws:MultiFactorAuthAge) when MFA authenticated
 * them, else "false". An AssumeRole call's own SerialNumber/TokenCode are not part of it:
 * they reach only the role's trust policy (sts.ts).
 */
export function requestContext(state: State, caller: Caller): Context {
  const now = state.now();
  const context: Context = new Map([
    ["aws:securetransport", "true"],
    ["aws:currenttime", new Date(now).toISOString()],
    ["aws:epochtime", String(Math.floor(now / 1000))],
    ["aws:principalaccount", callerAccount(caller)],
    ["aws:principalarn", caller.kind === "role" ? caller.role.arn : caller.user.arn],
    ["aws:principaltype", caller.kind === "role" ? "AssumedRole" : "User"],
    ["aws:userid", caller.kind === "role" ? `${caller.role.roleId}:${caller.sessionName}` : caller.user.userId],
  ]);
  if (caller.kind !== "role") context.set("aws:username", caller.user.userName);
  if (caller.kind !== "user") {
    context.set("aws:tokenissuetime", new Date(caller.issuedAt).toISOString());
    setMfa(context, caller.mfa?.authTime, now);
  }
  return context;
}

/** Marks a context MFA-authenticated at `authTime` (or, when undefined, not). */
export function setMfa(context: Context, authTime: number | undefined, now: number): void {
  if (authTime === undefined) {
    context.set("aws:multifactorauthpresent", "false");
    context.delete("aws:multifactorauthage");
    return;
  }
  context.set("aws:multifactorauthpresent", "true");
  context.set("aws:multifactorauthage", String(Math.floor((now - authTime) / 1000)));
}

/** The caller's identity-based policies on `action` / `resource`: a world without policies for it allows all. */
export function identityDecision(state: State, caller: Caller, action: string, resource: string, context: Context): Decision {
  const { world, revoke } = state.identityPolicies(caller);
  const decision = evaluateIdentity([...(world ?? []), ...(revoke ? [revoke] : [])], { action, resource, context });
  return decision === "implicitDeny" && world === undefined ? "allow" : decision;
}

/** AWS's wording for a refusal by identity-based policies (explicit or implicit). */
export function identityDenied(caller: Caller, action: string, resourceShown: string, decision: Exclude<Decision, "allow">): AwsError {
  const why = decision === "explicitDeny" ? "with an explicit deny in an identity-based policy" : `because no identity-based policy allows the ${action} action`;
  return accessDenied(`User: ${callerArn(caller)} is not authorized to perform: ${action} on resource: ${resourceShown} ${why}`);
}

/** Throws AccessDenied unless the caller's identity-based policies allow the action. */
export function authorize(state: State, caller: Caller, action: string, resource: string, resourceShown: string): void {
  const decision = identityDecision(state, caller, action, resource, requestContext(state, caller));
  if (decision !== "allow") throw identityDenied(caller, action, resourceShown, decision);
}
