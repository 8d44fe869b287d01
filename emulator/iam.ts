// IAM actions switchrole may use to find a user's MFA device: GetUser, ListMFADevices.
import type { Ctx, Handler } from "./context";
import { AwsError, invalidClientTokenId, validationError } from "./errors";
import { callerAccount, type UserInfo } from "./state";
import { Checks } from "./validate";

const CREATED = "2019-09-19T02:42:45Z";

/** The user named by UserName, or the caller's own user; AWS's refusals otherwise. */
function targetUser({ state, caller, params, log }: Ctx): UserInfo {
  // Credentials from GetSessionToken without MFA cannot call IAM at all.
  if (caller.kind === "session" && !caller.mfa) throw invalidClientTokenId();
  const name = params.get("UserName");
  const c = new Checks();
  c.length(name, "userName", 1, 128);
  c.pattern(name, "userName", "[\\w+=,.@-]+");
  c.done();
  if (name === null) {
    if (caller.kind === "role") throw validationError("Must specify userName when calling with non-User credentials");
    return caller.user;
  }
  log.userName = name;
  const user = state.userByName(callerAccount(caller), name);
  if (!user) throw new AwsError(404, "NoSuchEntity", `The user with name ${name} cannot be found.`);
  return user;
}

const getUser: Handler = (ctx) => {
  const u = targetUser(ctx);
  return { User: { Path: u.path, UserName: u.userName, UserId: u.userId, Arn: u.arn, CreateDate: CREATED } };
};

const listMfaDevices: Handler = (ctx) => {
  const u = targetUser(ctx);
  const devices = (u.user.mfaDevices ?? []).map((d) => ({ UserName: u.userName, SerialNumber: d.serial, EnableDate: CREATED }));
  return { MFADevices: devices, IsTruncated: false };
};

export const IAM_ACTIONS: Record<string, Handler> = {
  GetUser: getUser,
  ListMFADevices: listMfaDevices,
};
