// Role names, paths and ARNs, validated against IAM's rules before anything is sent.
import { usageError } from "../errors";
import { asWritten, shown } from "./origin";

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
 * `subject` is the input as shown in messages, e.g. `role "a b"` or an ARN as written.
 */
export function checkRoleName(roleWithPath: string, subject: string): string {
  const role = roleWithPath.replace(/^\//, "");
  const parts = role.split("/");
  const name = parts.pop() ?? "";
  const path = parts.length ? `/${parts.join("/")}/` : "/";
  const rule = "a role name is 1–64 letters, digits or +=,.@_-, after an optional path such as team/";
  if (!/^[\w+=,.@-]{1,64}$/.test(name)) {
    throw usageError(`${subject} is not a valid IAM role`, `${shown(name)} is not a role name: ${rule}`);
  }
  if (path.length > 512 || !parts.every((p) => /^[\x21-\x2e\x30-\x7e]+$/.test(p))) {
    throw usageError(`${subject} is not a valid IAM role`, `${shown(path)} is not a role path: ${rule}`);
  }
  return role;
}

export function roleArnOf(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** Parses `arn:aws:iam::123456789012:role/x`; `from` names where it was read, if not typed. */
export function parseRoleArn(arn: string, from?: string): RoleRef {
  const subject = from === undefined ? shown(arn) : asWritten(from, arn);
  const m = ROLE_ARN.exec(arn);
  if (!m || !PARTITIONS.includes(m[1] ?? "")) {
    throw usageError(`${subject} is not an IAM role ARN`, `expected ${ARN_EXAMPLE}`);
  }
  const [, partition = "aws", accountId = "", rest = ""] = m;
  const roleName = checkRoleName(rest, subject);
  return { partition, accountId, roleName, roleArn: roleArnOf(partition, accountId, roleName) };
}

/** The partition a region belongs to (for <account> <role> targets). */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith("cn-")) return "aws-cn";
  if (region?.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
