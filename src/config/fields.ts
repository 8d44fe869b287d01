// Checks for the smaller settings, each failing with the origin as the user wrote it.
import { usageError } from "../errors";
import type { Sourced } from "../types";
import { asWritten } from "./origin";

interface Rule {
  pattern: RegExp;
  what: string;
  hint: string;
}

const RULES = {
  roleSessionName: {
    pattern: /^[\w+=,.@-]{2,64}$/,
    what: "a valid role session name",
    hint: "use 2–64 letters, digits or +=,.@_-",
  },
  externalId: {
    pattern: /^[\w+=,.@:/-]{2,1224}$/,
    what: "a valid external id",
    hint: "use 2–1224 letters, digits or +=,.@:/_-",
  },
  mfaSerial: {
    pattern: /^[\w+=/:,.@-]{9,256}$/,
    what: "an MFA device serial number",
    hint: "use the device's ARN, e.g. arn:aws:iam::123456789012:mfa/alice, or a hardware token's serial",
  },
  region: {
    pattern: /^[a-z0-9]+(-[a-z0-9]+)+$/,
    what: "an AWS region",
    hint: "use a region name such as us-east-1 or ap-northeast-1",
  },
} satisfies Record<string, Rule>;

export type Field = keyof typeof RULES;

/** The value unchanged when it matches the field's rule, else a usage error naming its origin. */
export function checkField<T extends Sourced<string>>(field: Field, v: T): T {
  const rule: Rule = RULES[field];
  if (!rule.pattern.test(v.value)) {
    throw usageError(`${asWritten(v.from, v.value)} is not ${rule.what}`, rule.hint);
  }
  return v;
}
