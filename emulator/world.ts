// The world file: the IAM users and roles the emulator knows. loadWorld() validates it and
// names the file and the field in every complaint (the CLI prints that one line, exit 2).
import { readFileSync } from "node:fs";
import { CONDITION_OPERATORS, operatorOf } from "./policy";

export interface AccessKey { id: string; secret: string }
export interface MfaDevice { serial: string; totpSecret: string }
/**
 * `policies` (users and roles): inline identity-based policies. Absent: the identity may do
 * anything (the emulator's behaviour before policies existed, so older worlds keep working).
 * Present, even empty: evaluated as IAM does, so an action needs an Allow.
 */
export interface User { arn: string; accessKeys: AccessKey[]; mfaDevices?: MfaDevice[]; policies?: IdentityPolicy[] }
export interface Role { arn: string; maxSessionDuration?: number; trustPolicy: TrustPolicy; policies?: IdentityPolicy[] }
export interface TrustPolicy { Version?: string; Statement: PolicyStatement | PolicyStatement[] }
export interface IdentityPolicy { Version?: string; Id?: string; Statement: PolicyStatement | PolicyStatement[] }
export type ConditionValue = string | boolean | number;
export type ConditionBlock = Record<string, ConditionValue | ConditionValue[]>;
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  /** Trust policies only. */
  Principal?: "*" | { AWS?: string | string[]; [other: string]: unknown };
  Action?: string | string[];
  /** Identity policies only (one of Action / NotAction). */
  NotAction?: string | string[];
  /** Identity policies only (one of Resource / NotResource). */
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, ConditionBlock>;
}
export interface World { users: User[]; roles: Role[] }

export class WorldError extends Error {}

const USER_ARN = /^arn:aws:iam::(\d{12}):user\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const MFA_ARN = /^arn:aws:iam::\d{12}:mfa\/[\w+=,.@/-]+$/;
const KEY_ID = /^AKIA[A-Z0-9]{16}$/;
const BASE32 = /^[A-Z2-7]+=*$/i;

export function parseUserArn(arn: string): { accountId: string; userName: string } | undefined {
  const m = USER_ARN.exec(arn);
  return m ? { accountId: m[1]!, userName: m[2]! } : undefined;
}
export function parseRoleArn(arn: string): { accountId: string; roleName: string } | undefined {
  const m = ROLE_ARN.exec(arn);
  return m ? { accountId: m[1]!, roleName: m[2]! } : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Throws WorldError("<field>: <problem>") for the first problem found. */
export function validateWorld(raw: unknown): World {
  const fail = (field: string, problem: string): never => {
    throw new WorldError(`${field}: ${problem}`);
  };
  if (!isObject(raw)) fail("(top level)", "must be an object with users and roles");
  const w = raw as Record<string, unknown>;
  if (!Array.isArray(w.users)) fail("users", "must be an array");
  if (!Array.isArray(w.roles)) fail("roles", "must be an array");
  const keyIds = new Set<string>();
  const serials = new Set<string>();
  (w.users as unknown[]).forEach((u, i) => {
    const at = `users[${i}]`;
    if (!isObject(u)) return fail(at, "must be an object");
    if (typeof u.arn !== "string" || !parseUserArn(u.arn)) fail(`${at}.arn`, "must be an IAM user ARN like arn:aws:iam::111111111111:user/name");
    if (!Array.isArray(u.accessKeys)) return fail(`${at}.accessKeys`, "must be an array");
    u.accessKeys.forEach((k: unknown, j: number) => {
      const kat = `${at}.accessKeys[${j}]`;
      if (!isObject(k)) return fail(kat, "must be an object with id and secret");
      if (typeof k.id !== "string" || !KEY_ID.test(k.id)) fail(`${kat}.id`, "must be AKIA followed by 16 upper-case letters or digits");
      if (keyIds.has(k.id as string)) fail(`${kat}.id`, "is used twice");
      keyIds.add(k.id as string);
      if (typeof k.secret !== "string" || k.secret.length < 16) fail(`${kat}.secret`, "must be a string of at least 16 characters");
    });
    if (u.mfaDevices === undefined) return;
    if (!Array.isArray(u.mfaDevices)) return fail(`${at}.mfaDevices`, "must be an array");
    u.mfaDevices.forEach((d: unknown, j: number) => {
      const dat = `${at}.mfaDevices[${j}]`;
      if (!isObject(d)) return fail(dat, "must be an object with serial and totpSecret");
      if (typeof d.serial !== "string" || !MFA_ARN.test(d.serial)) fail(`${dat}.serial`, "must be an MFA device ARN like arn:aws:iam::111111111111:mfa/name");
      if (serials.has(d.serial as string)) fail(`${dat}.serial`, "is used twice");
      serials.add(d.serial as string);
      if (typeof d.totpSecret !== "string" || !BASE32.test(d.totpSecret)) fail(`${dat}.totpSecret`, "must be a base32 string");
    });
  });
  (w.users as Record<string, unknown>[]).forEach((u, i) => validatePolicies(u.policies, `users[${i}].policies`, fail));
  const roleArns = new Set<string>();
  (w.roles as unknown[]).forEach((r, i) => {
    const at = `roles[${i}]`;
    if (!isObject(r)) return fail(at, "must be an object");
    if (typeof r.arn !== "string" || !parseRoleArn(r.arn)) fail(`${at}.arn`, "must be an IAM role ARN like arn:aws:iam::123456789012:role/name");
    if (roleArns.has(r.arn as string)) fail(`${at}.arn`, "is used twice");
    roleArns.add(r.arn as string);
    const max = r.maxSessionDuration;
    if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max) || max < 3600 || max > 43200)) {
      fail(`${at}.maxSessionDuration`, "must be an integer from 3600 to 43200 seconds");
    }
    validatePolicy(r.trustPolicy, `${at}.trustPolicy`, fail);
    validatePolicies(r.policies, `${at}.policies`, fail);
  });
  return raw as unknown as World;
}

function validatePolicy(p: unknown, at: string, fail: (field: string, problem: string) => never): void {
  if (!isObject(p)) return fail(at, "must be an object with a Statement");
  const st = p.Statement;
  const list = Array.isArray(st) ? st : [st];
  if (st === undefined || list.length === 0) fail(`${at}.Statement`, "must be a statement or a non-empty array of statements");
  list.forEach((s: unknown, k: number) => {
    const sat = Array.isArray(st) ? `${at}.Statement[${k}]` : `${at}.Statement`;
    if (!isObject(s)) return fail(sat, "must be an object");
    if (s.Effect !== "Allow" && s.Effect !== "Deny") fail(`${sat}.Effect`, 'must be "Allow" or "Deny"');
    if (s.Principal !== undefined && s.Principal !== "*" && !isObject(s.Principal)) fail(`${sat}.Principal`, 'must be "*" or an object like {"AWS": "..."}');
    const a = s.Action;
    if (a !== undefined && typeof a !== "string" && !(Array.isArray(a) && a.every((x) => typeof x === "string"))) {
      fail(`${sat}.Action`, "must be a string or an array of strings");
    }
    if (s.Condition !== undefined) {
      if (!isObject(s.Condition)) return fail(`${sat}.Condition`, "must be an object");
      for (const [op, block] of Object.entries(s.Condition)) {
        if (!isObject(block)) fail(`${sat}.Condition.${op}`, "must be an object of condition keys");
      }
    }
  });
}

const strings = (v: unknown): boolean => typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"));

/** Identity-based policies: IAM's grammar (Action or NotAction, Resource or NotResource, no Principal). */
function validatePolicies(p: unknown, at: string, fail: (field: string, problem: string) => never): void {
  if (p === undefined) return;
  if (!Array.isArray(p)) return fail(at, "must be an array of policy documents");
  p.forEach((doc: unknown, j: number) => {
    const dat = `${at}[${j}]`;
    if (!isObject(doc)) return fail(dat, 'must be a policy document like {"Version": "2012-10-17", "Statement": [...]}');
    if (doc.Version !== undefined && doc.Version !== "2012-10-17" && doc.Version !== "2008-10-17") fail(`${dat}.Version`, 'must be "2012-10-17" or "2008-10-17"');
    const st = doc.Statement;
    const list = Array.isArray(st) ? st : [st];
    if (st === undefined || list.length === 0) fail(`${dat}.Statement`, "must be a statement or a non-empty array of statements");
    list.forEach((s: unknown, k: number) => {
      const sat = Array.isArray(st) ? `${dat}.Statement[${k}]` : `${dat}.Statement`;
      if (!isObject(s)) return fail(sat, "must be an object");
      if (s.Effect !== "Allow" && s.Effect !== "Deny") fail(`${sat}.Effect`, 'must be "Allow" or "Deny"');
      if (s.Principal !== undefined || s.NotPrincipal !== undefined) fail(`${sat}.Principal`, "is not allowed in an identity-based policy (it applies to the user or role it is attached to)");
      for (const [a, b] of [["Action", "NotAction"], ["Resource", "NotResource"]] as const) {
        if ((s[a] === undefined) === (s[b] === undefined)) fail(`${sat}.${a}`, `give exactly one of ${a} or ${b}`);
        const given = s[a] !== undefined ? a : b;
        if (!strings(s[given])) fail(`${sat}.${given}`, "must be a string or a non-empty array of strings");
      }
      if (s.Condition === undefined) return;
      if (!isObject(s.Condition)) return fail(`${sat}.Condition`, "must be an object");
      for (const [op, block] of Object.entries(s.Condition)) {
        if (!isObject(block)) fail(`${sat}.Condition.${op}`, "must be an object of condition keys");
        if (!CONDITION_OPERATORS.has(operatorOf(op).op)) fail(`${sat}.Condition.${op}`, "is not a condition operator the emulator evaluates (String*, Numeric*, Date*, Bool, Arn*, Null, each with ...IfExists)");
      }
    });
  });
}

/** Reads and validates a world file; errors name the file and the field. */
export function loadWorld(path: string): World {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new WorldError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new WorldError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  try {
    return validateWorld(raw);
  } catch (e) {
    if (e instanceof WorldError) throw new WorldError(`${path}: ${e.message}`);
    throw e;
  }
}
