// IAM actions switchrole may use to find a user's MFA device: GetUser, ListMFADevices.
import type { Ctx, Handler } from "./context";
import { AwsError, invalidClientTokenId, validationError } from "./errors";
import { authorize } from "./authorize";
import { callerAccount, type Caller, type UserInfo } from "./state";
import { Checks } from "./validate";

const CREATED = "2019-09-19T02:42:45Z";

/**
 * The user named by UserName, or the caller's own user; AWS's refusals otherwise, in its
 * order: the credentials, the parameters, the caller's identity-based policies (on the
 * user's ARN, named "user <name>" in the message as IAM does), then whether the user exists.
 */
function targetUser({ state, caller, params, log }: Ctx, action: string): UserInfo {
  // Credentials from GetSessionToken without MFA cannot call IAM at all.
  if (caller.kind === "session" && !caller.mfa) throw invalidClientTokenId();
  const name = params.get("UserName");
  const c = new Checks();
  c.length(name, "userName", 1, 128);
  c.pattern(name, "userName", "[\\w+=,.@-]+");
  c.done();
  if (name === null && caller.kind === "role") throw validationError("Must specify userName when calling with non-User credentials");
  if (name !== null) log.userName = name;
  const account = callerAccount(caller);
  const user = name === null ? (caller as Exclude<Caller, { kind: "role" }>).user : state.userByName(account, name);
  authorize(state, caller, `iam:${action}`, user?.arn ?? `arn:aws:iam::${account}:user/${name}`, `user ${user?.userName ?? name}`);
  if (!user) throw new AwsError(404, "NoSuchEntity", `The user with name ${name} cannot be found.`);
  return user;
}

const getUser: Handler = (ctx) => {
  const u = targetUser(ctx, "GetUser");
  return { User: { Path: u.path, UserName: u.userName, UserId: u.userId, Arn: u.arn, CreateDate: CREATED } };
};

const listMfaDevices: Handler = (ctx) => {
  const u = targetUser(ctx, "ListMFADevices");
  const devices = (u.user.mfaDevices ?? []).map((d) => ({ UserName: u.userName, SerialNumber: d.serial, EnableDate: CREATED }));
  return { MFADevices: devices, IsTruncated: false };
};

export const IAM_ACTIONS: Record<string, Handler> = {
  GetUser: getUser,
  ListMFADevices: listMfaDevices,
};
