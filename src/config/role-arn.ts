// Role names, paths and ARNs, validated against IAM's rules before anything is sent.
import { usageError } from "../errors";
import { shown } from "./origin";

export interface RoleRef {
  partition: string;
  accountId: string;
  /** Name with its path, without a leading slash: "sample_switch_role", "team/deployer". */
  roleName: string;
  roleArn: string;
}

const PARTITIONS = ["aws", "aws-cn", "aws-us-gov"];
const ROLE_ARN = /^arn:([a-z-]+):iam::(\d{12}):role\/(.+)$/;
const ARN_EXAMPLE = "arn:aws:iam::123456789012:role/NAME (partition aws, aws-cn or aws-us-gov)";

/**
 * Checks a role name with an optional path (`team/deployer`; a leading `/` is dropped):
 * the name is 1–64 of [A-Za-z0-9+=,.@_-], each path part printable ASCII, the path ≤ 512.
 * `what` names the input in messages, e.g. `role "x/"` or `role_arn in profile dev (...)`.
 */
export function checkRoleName(roleWithPath: string, what: string): string {
  const role = roleWithPath.replace(/^\//, "");
  const parts = role.split("/");
  const name = parts.pop() ?? "";
  const path = parts.length ? `/${parts.join("/")}/` : "/";
  const hint = "a role name is 1–64 letters, digits or +=,.@_- and may follow a path such as team/ (e.g. team/deployer)";
  if (!/^[\w+=,.@-]{1,64}$/.test(name)) {
    throw usageError(`${what}: ${shown(name)} is not a valid IAM role name`, hint);
  }
  if (path.length > 512 || !parts.every((p) => /^[\x21-\x2e\x30-\x7e]+$/.test(p))) {
    throw usageError(`${what}: ${shown(path)} is not a valid IAM role path`, hint);
  }
  return role;
}

export function roleArnOf(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** Parses `arn:aws:iam::123456789012:role/x`. `what` names where the ARN came from. */
export function parseRoleArn(arn: string, what: string): RoleRef {
  const m = ROLE_ARN.exec(arn);
  if (!m || !PARTITIONS.includes(m[1] ?? "")) {
    throw usageError(`${what}: ${shown(arn)} is not an IAM role ARN`, `expected ${ARN_EXAMPLE}`);
  }
  const [, partition = "aws", accountId = "", rest = ""] = m;
  const roleName = checkRoleName(rest, what);
  return { partition, accountId, roleName, roleArn: roleArnOf(partition, accountId, roleName) };
}

/** The partition a region belongs to (for <account> <role> targets). */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith("cn-")) return "aws-cn";
  if (region?.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
