// IAM actions switchrole may use to find a user's MFA device (GetUser, ListMFADevices) and
// to rotate the bastion's keys (CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey).
import { isoSeconds, type Ctx, type Handler } from "./context";
import { AwsError, invalidClientTokenId, validationError } from "./errors";
import { authorize } from "./authorize";
import { ACCESS_KEYS_PER_USER, callerAccount, type Caller, type LongTermKey, type UserInfo } from "./state";
import { Checks } from "./validate";

const CREATED = "2019-09-19T02:42:45Z";

/**
 * The user named by UserName, or the caller's own user; AWS's refusals otherwise, in its
 * order: the credentials, the parameters, the caller's identity-based policies (on the
 * user's ARN, named "user <name>" in the message as IAM does), then whether the user exists.
 */
function targetUser({ state, caller, params, log }: Ctx, action: string, more?: (c: Checks) => void): UserInfo {
  // Credentials from GetSessionToken without MFA cannot call IAM at all.
  if (caller.kind === "session" && !caller.mfa) throw invalidClientTokenId();
  const name = params.get("UserName");
  const c = new Checks();
  c.length(name, "userName", 1, 128);
  c.pattern(name, "userName", "[\\w+=,.@-]+");
  more?.(c);
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

const createDate = (k: LongTermKey): string => (k.createdAt === undefined ? CREATED : isoSeconds(k.createdAt));

const createAccessKey: Handler = (ctx) => {
  const u = targetUser(ctx, "CreateAccessKey");
  if (ctx.state.keysOf(u).length >= ACCESS_KEYS_PER_USER) {
    throw new AwsError(409, "LimitExceeded", `Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
  }
  const { accessKeyId, key } = ctx.state.createAccessKey(u);
  ctx.log.issuedAccessKeyId = accessKeyId;
  return { AccessKey: { UserName: u.userName, AccessKeyId: accessKeyId, Status: key.status, SecretAccessKey: key.secret, CreateDate: createDate(key) } };
};

const listAccessKeys: Handler = (ctx) => {
  const u = targetUser(ctx, "ListAccessKeys");
  const keys = ctx.state.keysOf(u).map(({ accessKeyId, key }) => ({ UserName: u.userName, AccessKeyId: accessKeyId, Status: key.status, CreateDate: createDate(key) }));
  return { AccessKeyMetadata: keys, IsTruncated: false };
};

/** AccessKeyId (and, for UpdateAccessKey, Status) checked with UserName; the key must be the user's. */
function targetKey(ctx: Ctx, action: string, status?: "required"): { accessKeyId: string; user: UserInfo } {
  const id = ctx.params.get("AccessKeyId");
  const u = targetUser(ctx, action, (c) => {
    if (c.required(id, "accessKeyId")) {
      c.length(id, "accessKeyId", 16, 128);
      c.pattern(id, "accessKeyId", "[\\w]+");
    }
    if (status) {
      const s = ctx.params.get("Status");
      if (c.required(s, "status") && s !== "Active" && s !== "Inactive") c.enumeration(s, "status", ["Active", "Inactive"]);
    }
  });
  ctx.log.targetAccessKeyId = id!;
  if (ctx.state.keys.get(id!)?.user !== u) throw new AwsError(404, "NoSuchEntity", `The Access Key with id ${id} cannot be found.`);
  return { accessKeyId: id!, user: u };
}

const updateAccessKey: Handler = (ctx) => {
  const { accessKeyId } = targetKey(ctx, "UpdateAccessKey", "required");
  ctx.state.updateAccessKey(accessKeyId, ctx.params.get("Status") as "Active" | "Inactive");
  return {};
};

const deleteAccessKey: Handler = (ctx) => {
  const { accessKeyId } = targetKey(ctx, "DeleteAccessKey");
  ctx.state.deleteAccessKey(accessKeyId);
  return {};
};

export const IAM_ACTIONS: Record<string, Handler> = {
  GetUser: getUser,
  ListMFADevices: listMfaDevices,
  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
};
