// The only module that imports the AWS SDK. esbuild emits it as dist/sts.js and the CLI
// loads it with import() only when an STS or IAM call is needed (see scripts/build.mjs),
// so serving cached credentials never parses the SDK.
import { STSClient, GetSessionTokenCommand, AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { IAMClient, GetUserCommand, ListMFADevicesCommand } from "@aws-sdk/client-iam";
import type { Credentials } from "../types";
import { toStsFailure } from "./errors";
import { endpointOverride } from "./endpoint";

export interface CallOptions {
  region: string;
  /** The environment to read endpoint overrides from (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

const requestHandler = { connectionTimeout: 3000, requestTimeout: 15000 };

function stsClient(creds: Credentials, opts: CallOptions): STSClient {
  const endpoint = endpointOverride(opts.env ?? process.env, "STS");
  return new STSClient({ region: opts.region, credentials: sdkCreds(creds), requestHandler, maxAttempts: 4, ...(endpoint ? { endpoint } : {}) });
}

function sdkCreds(c: Credentials) {
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
}

function fromSts(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined): Credentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw toStsFailure(new Error("STS answered without complete credentials"));
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toStsFailure(err);
  }
}

export async function getSessionToken(
  creds: Credentials,
  opts: CallOptions & { durationSeconds: number; serialNumber?: string; tokenCode?: string },
): Promise<Credentials> {
  const client = stsClient(creds, opts);
  const out = await call(() =>
    client.send(new GetSessionTokenCommand({ DurationSeconds: opts.durationSeconds, SerialNumber: opts.serialNumber, TokenCode: opts.tokenCode })),
  );
  return fromSts(out.Credentials);
}

export async function assumeRole(
  creds: Credentials,
  opts: CallOptions & {
    roleArn: string;
    roleSessionName: string;
    durationSeconds: number;
    externalId?: string;
    serialNumber?: string;
    tokenCode?: string;
  },
): Promise<Credentials> {
  const client = stsClient(creds, opts);
  const out = await call(() =>
    client.send(
      new AssumeRoleCommand({
        RoleArn: opts.roleArn,
        RoleSessionName: opts.roleSessionName,
        DurationSeconds: opts.durationSeconds,
        ExternalId: opts.externalId,
        SerialNumber: opts.serialNumber,
        TokenCode: opts.tokenCode,
      }),
    ),
  );
  return fromSts(out.Credentials);
}

export async function getCallerIdentity(creds: Credentials, opts: CallOptions): Promise<{ account: string; arn: string; userId: string }> {
  const out = await call(() => stsClient(creds, opts).send(new GetCallerIdentityCommand({})));
  return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
}

/** The source IAM user and its MFA devices (IAM GetUser + ListMFADevices). */
export async function discoverMfa(creds: Credentials, opts: CallOptions): Promise<{ userName: string; userArn: string; serials: string[] }> {
  const endpoint = endpointOverride(opts.env ?? process.env, "IAM");
  const iam = new IAMClient({ region: opts.region, credentials: sdkCreds(creds), requestHandler, maxAttempts: 4, ...(endpoint ? { endpoint } : {}) });
  const user = await call(() => iam.send(new GetUserCommand({})));
  const userName = user.User?.UserName ?? "";
  const devices = await call(() => iam.send(new ListMFADevicesCommand({ UserName: userName })));
  return {
    userName,
    userArn: user.User?.Arn ?? "",
    serials: (devices.MFADevices ?? []).map((d) => d.SerialNumber ?? "").filter(Boolean),
  };
}

/** Source credentials the SDK resolves itself (credential_process, SSO, ...), for profiles without static keys. */
export async function profileCredentials(profile: string): Promise<Credentials> {
  const { fromIni } = await import("@aws-sdk/credential-provider-ini");
  const c = await call(() => fromIni({ profile, ignoreCache: true })());
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
}

export { StsFailure } from "./errors";
