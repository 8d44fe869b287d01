// Shapes shared by the emulator's admin API and the test harness.

/** One API call as GET /__emulator/calls reports it. Never holds a secret or an MFA code. */
export interface EmulatorCall {
  time: string; // the emulator clock, ISO 8601
  service: "sts" | "iam" | null;
  action: string | null;
  accessKeyId: string | null;
  status: number;
  errorCode: string | null;
  errorMessage?: string;
  callerArn?: string;
  durationSeconds?: number;
  roleArn?: string;
  roleSessionName?: string;
  externalId?: string;
  serialNumber?: string;
  tokenCodePresent?: boolean;
  userName?: string;
  issuedAccessKeyId?: string;
  fault?: boolean;
  /** Signed with credentials revoked through POST /__emulator/revoke. */
  revoked?: boolean;
  /** The AccessKeyId parameter of IAM UpdateAccessKey/DeleteAccessKey. */
  targetAccessKeyId?: string;
  /**
   * Signed with a long-term key made Inactive or deleted (admin API or IAM), or one created
   * within POST /__emulator/consistency's newKeyDelayMs.
   */
  keyStatus?: "Inactive" | "Deleted" | "NotYetConsistent";
}

/** A long-term key's status, as IAM's UpdateAccessKey sets it. */
export type AccessKeyStatus = "Active" | "Inactive";

/**
 * POST /__emulator/access-keys/update {accessKeyId, status} and /access-keys/delete
 * {accessKeyId}: the key's user and status afterwards ("Deleted" once deleted).
 */
export interface AccessKeyAnswer {
  accessKeyId: string;
  userArn: string;
  status: AccessKeyStatus | "Deleted";
}

/** POST /__emulator/consistency {newKeyDelayMs}: the answer, the delay now in force. */
export interface ConsistencyAnswer {
  newKeyDelayMs: number;
}

/** POST /__emulator/revoke-sessions: exactly one of a role ARN or a user ARN. */
export type RevokeSessionsSpec = { roleArn: string } | { userArn: string };

/** The answer: the inline policy attached (as IAM names and writes it) and its cut-off time. */
export interface RevokeSessionsAnswer {
  arn: string;
  policyName: "AWSRevokeOlderSessions";
  tokenIssueTime: string; // ISO 8601, the emulator clock: sessions issued before it are denied
  policy: { Version: string; Statement: unknown[] };
}

/** POST /__emulator/faults: what the next `count` calls of `action` get instead. */
export interface FaultSpec {
  action: string; // e.g. "AssumeRole", or "*" for any action
  count?: number; // default 1
  status?: number; // answer this HTTP status with code/message
  code?: string; // default "Throttling" for 400, "InternalFailure" for >= 500
  message?: string;
  delayMs?: number; // wait before answering (then answer normally unless status/drop)
  drop?: boolean; // destroy the connection without an answer
  hang?: boolean; // read the request, never answer (until the client gives up or the emulator stops)
}

/**
 * POST /__emulator/revoke: exactly one of
 * - accessKeyId: one issued session (ASIA...);
 * - source: every session made from this long-term key (AKIA...), and every role session
 *   derived from those, directly or by chaining;
 * - userArn: the same for every key of that user.
 */
export type RevokeSpec = { accessKeyId: string } | { source: string } | { userArn: string };

/** The answer to POST /__emulator/revoke: how many sessions this call revoked, and which. */
export interface RevokeAnswer {
  revoked: number;
  accessKeyIds: string[];
}

export interface MfaCodeAnswer {
  serial: string;
  code: string;
  used: boolean; // already accepted once in this 30-second step
  secondsLeft: number; // until the next step
}
