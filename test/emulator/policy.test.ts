// The policy evaluator on its own: IAM's decision (explicit Deny, then an Allow needed),
// Action/NotAction, Resource/NotResource with wildcards, policy variables, the condition
// operators and missing keys; and the world file's checks of identity policies.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateIdentity, evaluateTrust, type Context } from "../../emulator/policy";
import { validateWorld, type IdentityPolicy, type PolicyStatement } from "../../emulator/world";
import { forceMfaPolicy, seedWorld } from "../helpers/world";

const USER = "arn:aws:iam::111111111111:user/bastion";
const ROLE = "arn:aws:iam::123456789012:role/app";
const ctx = (o: Record<string, string>): Context => new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
const policy = (...Statement: PolicyStatement[]): IdentityPolicy => ({ Version: "2012-10-17", Statement });
const decide = (p: IdentityPolicy[], action: string, resource: string, context: Context = ctx({})) => evaluateIdentity(p, { action, resource, context });

describe("identity policy evaluation", () => {
  test("no statement applies: implicit deny; an Allow: allow; a Deny anywhere wins", () => {
    assert.equal(decide([], "sts:AssumeRole", ROLE), "implicitDeny");
    const allow = policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE });
    assert.equal(decide([allow], "sts:AssumeRole", ROLE), "allow");
    assert.equal(decide([allow], "sts:AssumeRole", `${ROLE}2`), "implicitDeny");
    const deny = policy({ Effect: "Deny", Action: "*", Resource: "*" });
    assert.equal(decide([allow, deny], "sts:AssumeRole", ROLE), "explicitDeny");
  });

  test("actions: wildcards, case-insensitive; NotAction matches every other action", () => {
    const p = policy({ Effect: "Allow", Action: ["STS:assume*", "iam:List?FADevices"], Resource: "*" });
    assert.equal(decide([p], "sts:AssumeRole", ROLE), "allow");
    assert.equal(decide([p], "iam:ListMFADevices", USER), "allow");
    assert.equal(decide([p], "iam:GetUser", USER), "implicitDeny");
    const not = policy({ Effect: "Deny", NotAction: ["iam:*"], Resource: "*" }, { Effect: "Allow", Action: "*", Resource: "*" });
    assert.equal(decide([not], "sts:AssumeRole", ROLE), "explicitDeny");
    assert.equal(decide([not], "iam:GetUser", USER), "allow");
  });

  test("resources: wildcards, case-sensitive; NotResource matches every other resource", () => {
    const p = policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/app*" });
    assert.equal(decide([p], "sts:AssumeRole", ROLE), "allow");
    assert.equal(decide([p], "sts:AssumeRole", "arn:aws:iam::123456789012:role/App"), "implicitDeny");
    const not = policy({ Effect: "Allow", Action: "sts:AssumeRole", NotResource: ["arn:aws:iam::*:role/admin-*"] });
    assert.equal(decide([not], "sts:AssumeRole", ROLE), "allow");
    assert.equal(decide([not], "sts:AssumeRole", "arn:aws:iam::123456789012:role/admin-x"), "implicitDeny");
  });

  test("policy variables: ${aws:username} in Resource, only with Version 2012-10-17; a missing key matches nothing", () => {
    const own = { Effect: "Allow" as const, Action: "iam:GetUser", Resource: "arn:aws:iam::*:user/${aws:username}" };
    assert.equal(decide([policy(own)], "iam:GetUser", USER, ctx({ "aws:username": "bastion" })), "allow");
    assert.equal(decide([policy(own)], "iam:GetUser", "arn:aws:iam::111111111111:user/other", ctx({ "aws:username": "bastion" })), "implicitDeny");
    assert.equal(decide([policy(own)], "iam:GetUser", USER, ctx({})), "implicitDeny", "a role session has no aws:username");
    assert.equal(decide([{ Statement: own }], "iam:GetUser", USER, ctx({ "aws:username": "bastion" })), "implicitDeny", "2008-10-17: the variable is literal text");
    const withDefault = policy({ Effect: "Allow", Action: "iam:GetUser", Resource: "arn:aws:iam::*:user/${aws:username, 'bastion'}" });
    assert.equal(decide([withDefault], "iam:GetUser", USER, ctx({})), "allow");
    const literalStar = policy({ Effect: "Allow", Action: "iam:GetUser", Resource: "arn:aws:iam::*:user/${*}" });
    assert.equal(decide([literalStar], "iam:GetUser", USER), "implicitDeny", "${*} is a literal asterisk");
  });

  test("Bool and BoolIfExists on aws:MultiFactorAuthPresent, as AWS's force-MFA statement uses them", () => {
    const p = [forceMfaPolicy(), policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" })];
    const userCtx = ctx({ "aws:username": "bastion" });
    assert.equal(decide(p, "sts:AssumeRole", ROLE, userCtx), "explicitDeny", "long-term keys: the key is absent, BoolIfExists holds");
    assert.equal(decide(p, "sts:AssumeRole", ROLE, ctx({ "aws:username": "bastion", "aws:MultiFactorAuthPresent": "false" })), "explicitDeny");
    assert.equal(decide(p, "sts:AssumeRole", ROLE, ctx({ "aws:username": "bastion", "aws:MultiFactorAuthPresent": "true" })), "allow");
    assert.equal(decide(p, "iam:GetUser", USER, userCtx), "allow", "GetUser is in NotAction and allowed on the own user");
    assert.equal(decide(p, "iam:ListMFADevices", USER, userCtx), "allow");
    assert.equal(decide(p, "iam:ListMFADevices", "arn:aws:iam::111111111111:user/other", userCtx), "implicitDeny");
    const plainBool = policy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }, { Effect: "Allow", Action: "*", Resource: "*" });
    assert.equal(decide([plainBool], "sts:AssumeRole", ROLE, userCtx), "allow", "Bool without IfExists does not match a missing key");
  });

  test("Numeric* on aws:MultiFactorAuthAge, Date* and String* on aws:TokenIssueTime", () => {
    const young = policy({ Effect: "Allow", Action: "*", Resource: "*", Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } });
    assert.equal(decide([young], "sts:AssumeRole", ROLE, ctx({ "aws:MultiFactorAuthAge": "10" })), "allow");
    assert.equal(decide([young], "sts:AssumeRole", ROLE, ctx({ "aws:MultiFactorAuthAge": "3600" })), "implicitDeny");
    assert.equal(decide([young], "sts:AssumeRole", ROLE, ctx({})), "implicitDeny", "no MFA: the key is absent");
    const ifExists = policy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { NumericGreaterThanIfExists: { "aws:MultiFactorAuthAge": 60 } } });
    assert.equal(decide([ifExists], "sts:AssumeRole", ROLE, ctx({})), "explicitDeny");
    assert.equal(decide([ifExists], "sts:AssumeRole", ROLE, ctx({ "aws:MultiFactorAuthAge": "59" })), "implicitDeny");

    const revoke = policy({ Effect: "Deny", Action: ["*"], Resource: ["*"], Condition: { DateLessThan: { "aws:TokenIssueTime": "2024-05-07T23:47:00Z" } } });
    assert.equal(decide([revoke], "sts:AssumeRole", ROLE, ctx({ "aws:TokenIssueTime": "2024-05-07T23:46:59.999Z" })), "explicitDeny");
    assert.equal(decide([revoke], "sts:AssumeRole", ROLE, ctx({ "aws:TokenIssueTime": "2024-05-07T23:47:00.000Z" })), "implicitDeny");
    assert.equal(decide([revoke], "sts:AssumeRole", ROLE, ctx({})), "implicitDeny", "long-term keys have no aws:TokenIssueTime");
    const epoch = policy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { DateGreaterThanEquals: { "aws:TokenIssueTime": "1715125620" } } });
    assert.equal(decide([epoch], "sts:AssumeRole", ROLE, ctx({ "aws:TokenIssueTime": "2024-05-07T23:47:00Z" })), "explicitDeny", "epoch seconds");
    const like = policy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:TokenIssueTime": "2024-05-*" } } });
    assert.equal(decide([like], "sts:AssumeRole", ROLE, ctx({ "aws:TokenIssueTime": "2024-05-07T23:47:00Z" })), "explicitDeny");
    const notEquals = policy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:username": "${aws:username}x" } } });
    assert.equal(decide([notEquals], "sts:AssumeRole", ROLE, ctx({ "aws:username": "bastion" })), "explicitDeny", "variables in string condition values");
    assert.equal(decide([notEquals], "sts:AssumeRole", ROLE, ctx({})), "explicitDeny", "a negated operator holds for a missing key");
  });

  test("trust policies say whether an Allow named the caller itself or only its account", () => {
    const req = { account: "111111111111", principalArns: [USER], action: "sts:AssumeRole", context: ctx({}) };
    const trust = (AWS: string) => evaluateTrust({ Statement: { Effect: "Allow", Principal: { AWS }, Action: "sts:AssumeRole" } }, req);
    assert.deepEqual(trust(USER), { decision: "allow", direct: true });
    assert.deepEqual(trust("111111111111"), { decision: "allow", direct: false });
    assert.deepEqual(trust("arn:aws:iam::111111111111:root"), { decision: "allow", direct: false });
    assert.deepEqual(trust("arn:aws:iam::999999999999:root"), { decision: "implicitDeny", direct: false });
  });
});

describe("world file: identity policies", () => {
  const withPolicies = (policies: unknown): unknown => {
    const w = seedWorld() as unknown as { users: Record<string, unknown>[] };
    w.users[0]!.policies = policies;
    return w;
  };
  const complaint = (policies: unknown): string => {
    try {
      validateWorld(withPolicies(policies));
      return "accepted";
    } catch (e) {
      return (e as Error).message;
    }
  };

  test("AWS's force-MFA policy is accepted as written", () => {
    assert.equal(complaint([forceMfaPolicy()]), "accepted");
    assert.equal(complaint([]), "accepted");
  });

  test("IAM's grammar: an array of documents, Action xor NotAction, Resource xor NotResource, no Principal, known operators", () => {
    const st = (s: Record<string, unknown>) => [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*", ...s }] }];
    assert.equal(complaint({}), "users[0].policies: must be an array of policy documents");
    assert.equal(complaint([{ Statement: [] }]), "users[0].policies[0].Statement: must be a statement or a non-empty array of statements");
    assert.equal(complaint(st({ Effect: "Maybe" })), 'users[0].policies[0].Statement[0].Effect: must be "Allow" or "Deny"');
    assert.equal(complaint(st({ NotAction: "iam:*" })), "users[0].policies[0].Statement[0].Action: give exactly one of Action or NotAction");
    assert.equal(complaint(st({ Resource: undefined })), "users[0].policies[0].Statement[0].Resource: give exactly one of Resource or NotResource");
    assert.equal(complaint(st({ Action: [] })), "users[0].policies[0].Statement[0].Action: must be a string or a non-empty array of strings");
    assert.match(complaint(st({ Principal: "*" })), /Statement\[0\]\.Principal: is not allowed in an identity-based policy/);
    assert.match(complaint(st({ Condition: { ForAnyValue_StringLike: { "aws:username": "x" } } })), /Condition\.ForAnyValue_StringLike: is not a condition operator the emulator evaluates/);
    assert.match(complaint([{ Version: "2014-01-01", Statement: st({})[0]!.Statement }]), /Version: must be "2012-10-17" or "2008-10-17"/);
  });
});
