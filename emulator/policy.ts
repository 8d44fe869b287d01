// Trust-policy evaluation for sts:AssumeRole: an explicit Deny wins, else some Allow must
// match the principal, the action and every condition; otherwise the call is denied.
import type { PolicyStatement, TrustPolicy } from "./world";

export interface Request {
  account: string; // the caller's account id
  principalArns: string[]; // e.g. the user ARN, or the role ARN and the assumed-role ARN
  action: string; // "sts:AssumeRole"
  context: Map<string, string>; // condition keys, lower-cased: "aws:multifactorauthpresent" -> "true"
}

export function allows(policy: TrustPolicy, req: Request): boolean {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const matching = statements.filter((s) => principalMatches(s, req) && actionMatches(s, req.action) && conditionsHold(s, req.context));
  return matching.some((s) => s.Effect === "Allow") && !matching.some((s) => s.Effect === "Deny");
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`, ignoreCase ? "i" : "").test(value);
}

function principalMatches(s: PolicyStatement, req: Request): boolean {
  if (s.Principal === "*") return true;
  if (s.Principal === undefined) return false;
  return list(s.Principal.AWS).some((p) => {
    if (p === "*") return true;
    if (p === req.account || p === `arn:aws:iam::${req.account}:root`) return true;
    return req.principalArns.includes(p);
  });
}

function actionMatches(s: PolicyStatement, action: string): boolean {
  return list(s.Action).some((a) => glob(a, action, true));
}

type Test = (actual: string, expected: string) => boolean;
const num = (f: (a: number, b: number) => boolean): Test => (a, b) => {
  const x = Number(a);
  const y = Number(b);
  return !Number.isNaN(x) && !Number.isNaN(y) && f(x, y);
};
const OPERATORS: Record<string, Test> = {
  stringequals: (a, b) => a === b,
  stringequalsignorecase: (a, b) => a.toLowerCase() === b.toLowerCase(),
  stringlike: (a, b) => glob(b, a, false),
  bool: (a, b) => a.toLowerCase() === b.toLowerCase(),
  numericequals: num((a, b) => a === b),
  numericlessthan: num((a, b) => a < b),
  numericlessthanequals: num((a, b) => a <= b),
  numericgreaterthan: num((a, b) => a > b),
  numericgreaterthanequals: num((a, b) => a >= b),
};
const NEGATED: Record<string, string> = { stringnotequals: "stringequals", stringnotequalsignorecase: "stringequalsignorecase", stringnotlike: "stringlike", numericnotequals: "numericequals" };

function conditionsHold(s: PolicyStatement, context: Map<string, string>): boolean {
  for (const [rawOp, block] of Object.entries(s.Condition ?? {})) {
    let op = rawOp.toLowerCase();
    const ifExists = op.endsWith("ifexists");
    if (ifExists) op = op.slice(0, -"ifexists".length);
    for (const [rawKey, rawValues] of Object.entries(block)) {
      const values = list(rawValues).map(String);
      const actual = context.get(rawKey.toLowerCase());
      if (op === "null") {
        if (!values.some((v) => (v.toLowerCase() === "true") === (actual === undefined))) return false;
        continue;
      }
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
