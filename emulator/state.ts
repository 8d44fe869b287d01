// Everything the emulator remembers: the world's principals, the credentials it issued,
// the clock offset, the call log and pending faults. reset() forgets all but the world.
import { createHash, randomBytes } from "node:crypto";
import type { AccessKeyStatus, EmulatorCall, FaultSpec, RevokeSpec } from "./types";
import { MfaDevices } from "./mfa";
import { parseRoleArn, parseUserArn, type IdentityPolicy, type Role, type User, type World } from "./world";

export interface UserInfo { arn: string; accountId: string; userName: string; path: string; userId: string; user: User }
export interface RoleInfo { arn: string; accountId: string; roleName: string; roleId: string; role: Role }
export interface MfaContext { authTime: number; serial: string }

/** Who signed a call. Temporary credentials carry when they were issued (aws:TokenIssueTime). */
export type Caller =
  | { kind: "user"; accessKeyId: string; user: UserInfo }
  | { kind: "session"; accessKeyId: string; issuedAt: number; user: UserInfo; mfa?: MfaContext }
  | { kind: "role"; accessKeyId: string; issuedAt: number; role: RoleInfo; sessionName: string; sourceUser?: UserInfo; mfa?: MfaContext };

type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewSession = DistOmit<Exclude<Caller, { kind: "user" }>, "accessKeyId" | "issuedAt">;

/** A long-term access key of the world, and its state (POST /__emulator/access-keys/...). */
export interface LongTermKey {
  secret: string;
  user: UserInfo;
  status: AccessKeyStatus;
  /** Emulator-clock ms when iam:CreateAccessKey made it; undefined for a world key. */
  createdAt?: number;
}

/** AWS's quota on access keys per IAM user (CreateAccessKey answers LimitExceeded beyond it). */
export const ACCESS_KEYS_PER_USER = 2;

/** The name IAM gives the inline policy that "Revoke active sessions" attaches to a role. */
export const REVOKE_POLICY_NAME = "AWSRevokeOlderSessions";

/** AWS's revoke-sessions policy: deny everything to credentials issued before `beforeMs`. */
export function revokeOlderSessionsPolicy(beforeMs: number): IdentityPolicy {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Deny", Action: ["*"], Resource: ["*"], Condition: { DateLessThan: { "aws:TokenIssueTime": new Date(beforeMs).toISOString() } } }],
  };
}

export interface Issued {
  secret: string;
  token: string;
  expires: number; // emulator-clock ms
  caller: Caller;
  /** The long-term key at the root of the chain that made it (GetSessionToken, AssumeRole, chained AssumeRole). */
  source: { accessKeyId: string; userArn: string };
  /** Revoked through POST /__emulator/revoke: answered as an unknown key from then on. */
  revoked?: boolean;
}

/** An admin request naming a key, user, role or session the emulator does not know (the admin API answers 404). */
export class UnknownTarget extends Error {}

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(bytes: Buffer, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += B32[bytes[i]! & 31];
  return s;
}
/** A stable unique id like AWS's AIDA.../AROA... (prefix + 17 characters). */
function uniqueId(prefix: string, arn: string): string {
  return prefix + base32(createHash("sha256").update(arn).digest(), 17);
}

export class State {
  /** The world's long-term keys that still exist (a deleted key is gone from here, as from IAM). */
  readonly keys = new Map<string, LongTermKey>();
  /** Every long-term key the world file names, for reset and for revoking a deleted key's sessions. */
  private readonly worldKeys = new Map<string, { secret: string; user: UserInfo }>();
  /** Ids of the keys iam:CreateAccessKey made since the last reset (deleted ones too). */
  private readonly createdKeys = new Set<string>();
  /** POST /__emulator/consistency: a key created less than this long ago (emulator clock) is not yet known. */
  newKeyDelayMs = 0;
  /** User or role ARN -> the time of its AWSRevokeOlderSessions policy (POST /__emulator/revoke-sessions). */
  readonly sessionRevocations = new Map<string, number>();
  readonly users = new Map<string, UserInfo>(); // by ARN
  readonly roles = new Map<string, RoleInfo>(); // by ARN
  readonly deviceOwner = new Map<string, UserInfo>(); // MFA serial -> user
  readonly mfa: MfaDevices;
  issued = new Map<string, Issued>();
  calls: EmulatorCall[] = [];
  faults: (FaultSpec & { count: number })[] = [];
  offsetMs = 0;

  constructor(world: World) {
    for (const u of world.users) {
      const { accountId, userName } = parseUserArn(u.arn)!;
      const path = u.arn.slice(u.arn.indexOf(":user") + 5, u.arn.length - userName.length);
      const info: UserInfo = { arn: u.arn, accountId, userName, path, userId: uniqueId("AIDA", u.arn), user: u };
      this.users.set(u.arn, info);
      for (const k of u.accessKeys) this.worldKeys.set(k.id, { secret: k.secret, user: info });
      for (const d of u.mfaDevices ?? []) this.deviceOwner.set(d.serial, info);
    }
    for (const r of world.roles) {
      const { accountId, roleName } = parseRoleArn(r.arn)!;
      this.roles.set(r.arn, { arn: r.arn, accountId, roleName, roleId: uniqueId("AROA", r.arn), role: r });
    }
    this.mfa = new MfaDevices(world.users.flatMap((u) => u.mfaDevices ?? []));
    this.restoreKeys();
  }

  private restoreKeys(): void {
    this.keys.clear();
    for (const [id, k] of this.worldKeys) this.keys.set(id, { ...k, status: "Active" });
  }

  /** Whether the world had this long-term key and it was deleted since. */
  keyDeleted(accessKeyId: string): boolean {
    return (this.worldKeys.has(accessKeyId) || this.createdKeys.has(accessKeyId)) && !this.keys.has(accessKeyId);
  }

  /** The user's live keys (world keys first, then created ones, in creation order). */
  keysOf(user: UserInfo): { accessKeyId: string; key: LongTermKey }[] {
    return [...this.keys].filter(([, k]) => k.user === user).map(([accessKeyId, key]) => ({ accessKeyId, key }));
  }

  /** As iam:CreateAccessKey (the caller checks the quota): AKIA + 16 characters, a 40-character secret, Active. */
  createAccessKey(user: UserInfo): { accessKeyId: string; key: LongTermKey } {
    let accessKeyId: string;
    do accessKeyId = "AKIA" + base32(randomBytes(16), 16);
    while (this.keys.has(accessKeyId) || this.worldKeys.has(accessKeyId) || this.createdKeys.has(accessKeyId));
    const key: LongTermKey = { secret: randomBytes(30).toString("base64"), user, status: "Active", createdAt: this.now() };
    this.keys.set(accessKeyId, key);
    this.createdKeys.add(accessKeyId);
    return { accessKeyId, key };
  }

  /** Whether a key made by CreateAccessKey is still within the consistency delay (so not usable yet). */
  notYetConsistent(key: LongTermKey): boolean {
    return key.createdAt !== undefined && this.now() - key.createdAt < this.newKeyDelayMs;
  }

  /** As iam:UpdateAccessKey: an Inactive key is refused, an Active one works again. */
  updateAccessKey(accessKeyId: string, status: AccessKeyStatus): LongTermKey {
    const key = this.liveKey(accessKeyId);
    key.status = status;
    return key;
  }

  /** As iam:DeleteAccessKey: the key is gone (until reset). Sessions made from it are not touched. */
  deleteAccessKey(accessKeyId: string): LongTermKey {
    const key = this.liveKey(accessKeyId);
    this.keys.delete(accessKeyId);
    return key;
  }

  private liveKey(accessKeyId: string): LongTermKey {
    const key = this.keys.get(accessKeyId);
    if (!key) throw new UnknownTarget(this.keyDeleted(accessKeyId) ? `access key ${accessKeyId} was deleted` : `no access key ${accessKeyId} in the world`);
    return key;
  }

  /** As IAM's "Revoke active sessions": attaches (or refreshes) the deny-older-sessions policy to a role or user. */
  revokeSessions(kind: "role" | "user", arn: string): { at: number; policy: IdentityPolicy } {
    if (!(kind === "role" ? this.roles : this.users).has(arn)) throw new UnknownTarget(`no ${kind} ${arn} in the world`);
    const at = this.now();
    this.sessionRevocations.set(arn, at);
    return { at, policy: revokeOlderSessionsPolicy(at) };
  }

  /**
   * The identity-based policies that apply to a caller: its user's (long-term keys and
   * GetSessionToken sessions) or its role's (role sessions), from the world (undefined when
   * the world gives none: allow-all), and the revoke-sessions policy attached since.
   */
  identityPolicies(caller: Caller): { world: IdentityPolicy[] | undefined; revoke: IdentityPolicy | undefined } {
    const arn = caller.kind === "role" ? caller.role.arn : caller.user.arn;
    const world = caller.kind === "role" ? this.roles.get(arn)?.role.policies : caller.user.user.policies;
    const at = this.sessionRevocations.get(arn);
    return { world, revoke: at === undefined ? undefined : revokeOlderSessionsPolicy(at) };
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  userByName(accountId: string, userName: string): UserInfo | undefined {
    for (const u of this.users.values()) if (u.accountId === accountId && u.userName === userName) return u;
    return undefined;
  }

  /**
   * New temporary credentials in AWS's shapes: ASIA + 16, 40-character secret, opaque token.
   * `signer` made the call; the new session inherits its root long-term key.
   */
  issue(caller: NewSession, durationSeconds: number, signer: Caller): { accessKeyId: string } & Issued {
    const accessKeyId = "ASIA" + base32(randomBytes(16), 16);
    const secret = randomBytes(30).toString("base64");
    const token = "IQoJb3JpZ2luX2VjE" + randomBytes(420).toString("base64");
    const source = signer.kind === "user" ? { accessKeyId: signer.accessKeyId, userArn: signer.user.arn } : this.issued.get(signer.accessKeyId)!.source;
    const issuedAt = this.now();
    const issued: Issued = { secret, token, expires: issuedAt + durationSeconds * 1000, caller: { ...caller, accessKeyId, issuedAt } as Caller, source };
    this.issued.set(accessKeyId, issued);
    return { accessKeyId, ...issued };
  }

  /** Revokes the sessions the spec names; returns the ids revoked now (not those revoked before). */
  revoke(spec: RevokeSpec): string[] {
    let match: (i: Issued, id: string) => boolean;
    if ("accessKeyId" in spec) {
      if (!this.issued.has(spec.accessKeyId)) throw new UnknownTarget(`no issued credentials with access key id ${spec.accessKeyId}`);
      match = (_, id) => id === spec.accessKeyId;
    } else if ("source" in spec) {
      if (!this.worldKeys.has(spec.source) && !this.createdKeys.has(spec.source)) throw new UnknownTarget(`no access key ${spec.source} in the world`);
      match = (i) => i.source.accessKeyId === spec.source;
    } else {
      if (!this.users.has(spec.userArn)) throw new UnknownTarget(`no user ${spec.userArn} in the world`);
      match = (i) => i.source.userArn === spec.userArn;
    }
    const revoked: string[] = [];
    for (const [id, i] of this.issued) {
      if (i.revoked || !match(i, id)) continue;
      i.revoked = true;
      revoked.push(id);
    }
    return revoked;
  }

  /** Takes one pending fault for this action, if any. */
  takeFault(action: string): FaultSpec | undefined {
    const i = this.faults.findIndex((f) => f.action === action || f.action === "*");
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.count -= 1;
    if (f.count <= 0) this.faults.splice(i, 1);
    return f;
  }

  reset(): void {
    this.issued.clear();
    this.calls = [];
    this.faults = [];
    this.offsetMs = 0;
    this.mfa.reset();
    this.createdKeys.clear();
    this.newKeyDelayMs = 0;
    this.restoreKeys();
    this.sessionRevocations.clear();
  }
}

/** The ARN GetCallerIdentity answers and AccessDenied messages name. */
export function callerArn(c: Caller): string {
  if (c.kind === "role") return `arn:aws:sts::${c.role.accountId}:assumed-role/${c.role.roleName}/${c.sessionName}`;
  return c.user.arn;
}
export function callerAccount(c: Caller): string {
  return c.kind === "role" ? c.role.accountId : c.user.accountId;
}
