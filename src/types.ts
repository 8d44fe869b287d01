// Shapes shared across the data path: argv/env -> Target -> Step[] -> credentials -> env vars.

/** A value plus where it came from, so messages can say "AWS_ROLE_SESSION_TIMEOUT=60 ...". */
export interface Sourced<T> {
  value: T;
  /** Human-readable origin: "--duration", "AWS_ROLE_SESSION_TIMEOUT", "profile dev in ~/.aws/config", "default". */
  from: string;
}

/**
 * The bastion side of every target: whose keys sign, which MFA device, how long an MFA
 * session lasts, which region. `login` acts on a Source alone; a Target adds the role.
 */
export interface Source {
  /** The bastion profile whose keys sign the first call. */
  sourceProfile: Sourced<string>;
  /** MFA device; undefined means "discover through IAM GetUser + ListMFADevices". */
  mfaSerial?: Sourced<string>;
  /** The profile's mfa_process command, printing a code. */
  mfaProcess?: string;
  /** Where mfa_process was read: "mfa_process in profile dev (~/.aws/config)" (messages name it, never the command). */
  mfaProcessFrom?: string;
  /** MFA (GetSessionToken) session duration in seconds, validated (900..129600). */
  mfaSessionDuration: Sourced<number>;
  region?: Sourced<string>;
}

/** Everything needed to obtain one role's credentials, resolved from what the user typed. */
export interface Target extends Source {
  /** What the user typed, for messages: "private_aws sample_switch_role", "dev", an ARN. */
  input: string;
  roleArn: string;
  accountId: string;
  /** Account name from the accounts file, else the role profile's name, else the account id. */
  accountName: string;
  /** Role name with its path, e.g. "sample_switch_role" or "team/deployer". */
  roleName: string;
  /** The role profile, when the target is an AWS profile. */
  profile?: string;
  /** Role session duration in seconds, already validated (900..43200). */
  duration: Sourced<number>;
  externalId?: string;
  roleSessionName?: string;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Absent for long-term keys. */
  expiration?: Date;
}

/** Ordered environment changes: a value sets the variable, null unsets it. */
export type EnvVars = Array<[name: string, value: string | null]>;
