// Policy evaluation as IAM does it for the calls the emulator serves. A statement applies
// when its principal (trust policies), action, resource (identity policies) and every
// condition match the request; then an explicit Deny wins, else some Allow is needed, else
// the request is implicitly denied. Conditions: operators case-insensitive, keys
// case-insensitive, a key's values OR-ed, keys and operators AND-ed, ...IfExists.
// Policy variables (${aws:username}, ${key, 'default'}, ${*} ${?} ${$}) in Resource and in
// string/ARN condition values, only in policies with "Version": "2012-10-17", as in IAM.
import type { ConditionBlock, IdentityPolicy, PolicyStatement, TrustPolicy } from "./world";

/** Condition keys, lower-cased: "aws:multifactorauthpresent" -> "true". */
export type Context = Map<string, string>;

export type Decision = "allow" | "implicitDeny" | "explicitDeny";

export interface Request {
  account: string; // the caller's account id
  principalArns: string[]; // e.g. the user ARN, or the role ARN and the assumed-role ARN
  action: string; // "sts:AssumeRole"
  context: Context;
}

export interface IdentityRequest {
  action: string; // "sts:AssumeRole", "iam:GetUser"
  resource: string; // the ARN the action is on
  context: Context;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A trust policy's answer, and whether an Allow named the caller itself (not only its account). */
export function evaluateTrust(policy: TrustPolicy, req: Request): { decision: Decision; direct: boolean } {
  const vars = policy.Version === "2012-10-17";
  const matching = list(policy.Statement).flatMap((s) => {
    const principal = principalMatch(s, req);
    if (!principal || !list(s.Action).some((a) => glob(a, req.action, true)) || !conditionsHold(s.Condition, req.context, vars)) return [];
    return [{ s, principal }];
  });
  if (matching.some((m) => m.s.Effect === "Deny")) return { decision: "explicitDeny", direct: false };
  const allows = matching.filter((m) => m.s.Effect === "Allow");
  return { decision: allows.length > 0 ? "allow" : "implicitDeny", direct: allows.some((m) => m.principal === "direct") };
}

export function allows(policy: TrustPolicy, req: Request): boolean {
  return evaluateTrust(policy, req).decision === "allow";
}

/** Identity-based policies of a user or role: explicit Deny in any wins, else an Allow in any is needed. */
export function evaluateIdentity(policies: readonly IdentityPolicy[], req: IdentityRequest): Decision {
  let allowed = false;
  for (const p of policies) {
    const vars = p.Version === "2012-10-17";
    for (const s of list(p.Statement)) {
      if (!actionMatches(s, req.action) || !resourceMatches(s, req.resource, req.context, vars) || !conditionsHold(s.Condition, req.context, vars)) continue;
      if (s.Effect === "Deny") return "explicitDeny";
      allowed = true;
    }
  }
  return allowed ? "allow" : "implicitDeny";
}

function principalMatch(s: PolicyStatement, req: Request): "direct" | "account" | false {
  if (s.Principal === "*") return "direct";
  if (s.Principal === undefined) return false;
  let found: "direct" | "account" | false = false;
  for (const p of list(s.Principal.AWS)) {
    if (p === "*" || req.principalArns.includes(p)) return "direct";
    if (p === req.account || p === `arn:aws:iam::${req.account}:root`) found = "account";
  }
  return found;
}

function actionMatches(s: PolicyStatement, action: string): boolean {
  if (s.NotAction !== undefined) return !list(s.NotAction).some((a) => glob(a, action, true));
  return list(s.Action).some((a) => glob(a, action, true));
}

function resourceMatches(s: PolicyStatement, resource: string, context: Context, vars: boolean): boolean {
  const matches = (pattern: string): boolean => {
    const parts = vars ? substitute(pattern, context) : [{ lit: pattern }];
    return parts !== undefined && globParts(parts, resource, false);
  };
  if (s.NotResource !== undefined) return !list(s.NotResource).some(matches);
  return list(s.Resource).some(matches);
}

// --- wildcards and policy variables ---

/** A pattern after policy variables: literal text (wildcards active) and substituted values (literal). */
type Part = { lit: string } | { val: string };

const VARIABLE = /\$\{([^}]*)\}/g;

/** Resolves ${...}; undefined when a variable names a key the request does not have (and no default). */
function substitute(pattern: string, context: Context): Part[] | undefined {
  const parts: Part[] = [];
  let last = 0;
  for (const m of pattern.matchAll(VARIABLE)) {
    parts.push({ lit: pattern.slice(last, m.index) });
    last = m.index! + m[0].length;
    const inner = m[1]!.trim();
    if (inner === "*" || inner === "?" || inner === "$") {
      parts.push({ val: inner });
      continue;
    }
    const v = /^([\w:./-]+)\s*(?:,\s*'([^']*)')?$/.exec(inner);
    if (!v) {
      parts.push({ lit: m[0] });
      continue;
    }
    const value = context.get(v[1]!.toLowerCase()) ?? v[2];
    if (value === undefined) return undefined;
    parts.push({ val: value });
  }
  parts.push({ lit: pattern.slice(last) });
  return parts;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const globRe = (s: string): string => s.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");

function globParts(parts: Part[], value: string, ignoreCase: boolean): boolean {
  const re = parts.map((p) => ("lit" in p ? globRe(p.lit) : escapeRe(p.val))).join("");
  return new RegExp(`^${re}$`, ignoreCase ? "is" : "s").test(value);
}

function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  return globParts([{ lit: pattern }], value, ignoreCase);
}

// --- conditions ---

type Test = (actual: string, expected: Part[]) => boolean;
const text = (parts: Part[]): string => parts.map((p) => ("lit" in p ? p.lit : p.val)).join("");
const num = (f: (a: number, b: number) => boolean): Test => (a, b) => {
  const x = Number(a);
  const y = Number(text(b));
  return a.trim() !== "" && !Number.isNaN(x) && !Number.isNaN(y) && f(x, y);
};
/** ISO 8601 or epoch seconds, as IAM's date operators take them. */
function dateMs(s: string): number {
  return /^\d+$/.test(s.trim()) ? Number(s) * 1000 : Date.parse(s);
}
const date = (f: (a: number, b: number) => boolean): Test => (a, b) => {
  const x = dateMs(a);
  const y = dateMs(text(b));
  return !Number.isNaN(x) && !Number.isNaN(y) && f(x, y);
};
const OPERATORS: Record<string, Test> = {
  stringequals: (a, b) => a === text(b),
  stringequalsignorecase: (a, b) => a.toLowerCase() === text(b).toLowerCase(),
  stringlike: (a, b) => globParts(b, a, false),
  arnequals: (a, b) => globParts(b, a, false),
  arnlike: (a, b) => globParts(b, a, false),
  bool: (a, b) => a.toLowerCase() === text(b).toLowerCase(),
  numericequals: num((a, b) => a === b),
  numericlessthan: num((a, b) => a < b),
  numericlessthanequals: num((a, b) => a <= b),
  numericgreaterthan: num((a, b) => a > b),
  numericgreaterthanequals: num((a, b) => a >= b),
  dateequals: date((a, b) => a === b),
  datelessthan: date((a, b) => a < b),
  datelessthanequals: date((a, b) => a <= b),
  dategreaterthan: date((a, b) => a > b),
  dategreaterthanequals: date((a, b) => a >= b),
};
const NEGATED: Record<string, string> = {
  stringnotequals: "stringequals",
  stringnotequalsignorecase: "stringequalsignorecase",
  stringnotlike: "stringlike",
  numericnotequals: "numericequals",
  datenotequals: "dateequals",
  arnnotequals: "arnequals",
  arnnotlike: "arnlike",
};
/** Operators whose values may hold policy variables. */
const WITH_VARIABLES = /^(string|arn)/;

/** The operator names the emulator evaluates (without IfExists), for the world file's checks. */
export const CONDITION_OPERATORS: ReadonlySet<string> = new Set([...Object.keys(OPERATORS), ...Object.keys(NEGATED), "null"]);

/** Splits "BoolIfExists" into ("bool", true). */
export function operatorOf(raw: string): { op: string; ifExists: boolean } {
  const op = raw.toLowerCase();
  return op.endsWith("ifexists") && op !== "null" ? { op: op.slice(0, -"ifexists".length), ifExists: true } : { op, ifExists: false };
}

function conditionsHold(condition: Record<string, ConditionBlock> | undefined, context: Context, vars: boolean): boolean {
  for (const [rawOp, block] of Object.entries(condition ?? {})) {
    const { op, ifExists } = operatorOf(rawOp);
    for (const [rawKey, rawValues] of Object.entries(block)) {
      const actual = context.get(rawKey.toLowerCase());
      const strings = list(rawValues).map(String);
      if (op === "null") {
        if (!strings.some((v) => (v.toLowerCase() === "true") === (actual === undefined))) return false;
        continue;
      }
      // A value naming a key the request lacks (no default) matches nothing.
      const values = strings.flatMap((v) => {
        const parts = vars && WITH_VARIABLES.test(op) ? substitute(v, context) : [{ lit: v }];
        return parts ? [parts] : [];
      });
      const negatedOf = NEGATED[op];
      if (actual === undefined) {
        if (ifExists || negatedOf) continue;
        return false;
      }
      if (negatedOf) {
        if (values.some((v) => OPERATORS[negatedOf]!(actual, v))) return false;
        continue;
      }
      const test = OPERATORS[op];
      if (!test || !values.some((v) => test(actual, v))) return false; // unknown operators never match
    }
  }
  return true;
}
