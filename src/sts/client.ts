// The only module that imports the AWS SDK. esbuild emits it as dist/sts.js and the CLI
// loads it with import() only when an STS or IAM call is needed (see scripts/build.mjs),
// so serving cached credentials never parses the SDK.
//
// Every call has a connect and a response timeout per attempt, and the SDK's retries run
// inside one overall budget (SWITCHROLE_TIMEOUT, default 15 s; see ./timeout): at the
// deadline the call is aborted (sockets closed, no further attempt) and fails with an
// StsFailure that says it timed out, naming the service, the action and the endpoint.
import { STSClient, GetSessionTokenCommand, AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { IAMClient, GetUserCommand, ListMFADevicesCommand, ListAccessKeysCommand, CreateAccessKeyCommand, DeleteAccessKeyCommand } from "@aws-sdk/client-iam";
import { externalDataInterceptor } from "@smithy/shared-ini-file-loader";
import { promisify } from "node:util";
import type { Credentials } from "../types";
import { toStsFailure } from "./errors";
import { defaultEndpoint, endpointOverride, shownEndpoint } from "./endpoint";
import { budgetSeconds, timeoutsFor, type Timeouts } from "./timeout";
import { CommandFailure, runCommand, type CommandOutcome } from "../run-command";

export interface CallOptions {
  region: string;
  /** The environment to read endpoint overrides and SWITCHROLE_TIMEOUT from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /**
   * Called once, with one line ("switchrole: waiting for STS (AssumeRole at https://...)..."),
   * when a call, its retries included, is still unanswered after ~2 s (at most half the budget).
   */
  onSlow?: (line: string) => void;
}

/** Where a client's calls go and how long they may take. */
interface Target {
  service: "STS" | "IAM";
  /** The override, if any (else the SDK resolves the endpoint itself). */
  endpoint?: string;
  /** The endpoint as messages show it. */
  shown: string;
  timeouts: Timeouts;
}

/** Throws a usage error (exit 2) for a bad SWITCHROLE_TIMEOUT, before any call. */
function target(service: "STS" | "IAM", opts: CallOptions): Target {
  const env = opts.env ?? process.env;
  const endpoint = endpointOverride(env, service);
  return { service, endpoint, shown: shownEndpoint(endpoint ?? defaultEndpoint(service, opts.region)), timeouts: timeoutsFor(budgetSeconds(env)) };
}

function clientConfig(t: Target, creds: Credentials, opts: CallOptions) {
  const { connectMs, responseMs } = t.timeouts;
  return {
    region: opts.region,
    credentials: sdkCreds(creds),
    // requestTimeout is the time to the answer's headers (an error only with throwOnRequestTimeout);
    // socketTimeout the idle limit while it arrives.
    requestHandler: { connectionTimeout: connectMs, requestTimeout: responseMs, throwOnRequestTimeout: true, socketTimeout: responseMs },
    maxAttempts: 4,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
  };
}

function stsClient(creds: Credentials, opts: CallOptions): { client: STSClient; target: Target } {
  const t = target("STS", opts);
  return { client: new STSClient(clientConfig(t, creds, opts)), target: t };
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

/**
 * One call, its retries included, within the budget: at the deadline the SDK is aborted
 * (it closes the socket and makes no further attempt) and the call fails at once, even if
 * the SDK is between attempts. Every failure becomes an StsFailure naming the call.
 */
async function call<T>(t: Target, action: string, opts: CallOptions, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const { budgetMs, slowAfterMs } = t.timeouts;
  const started = Date.now();
  const controller = new AbortController();
  let expired = false;
  let deadlineTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    deadlineTimer = setTimeout(() => {
      expired = true;
      const e = Object.assign(new Error(`no answer within ${budgetMs} ms`), { name: "TimeoutError" });
      controller.abort(e);
      reject(e);
    }, budgetMs);
  });
  const onSlow = opts.onSlow;
  const slowTimer = onSlow
    ? setTimeout(() => {
        try {
          onSlow(`switchrole: waiting for ${t.service} (${action} at ${t.shown})...`);
        } catch {
          // A broken progress line must not break the call.
        }
      }, slowAfterMs)
    : undefined;
  try {
    return await Promise.race([send(controller.signal), deadline]);
  } catch (err) {
    const waitedSeconds = expired ? budgetMs / 1000 : Math.max(1, Math.round((Date.now() - started) / 1000));
    throw toStsFailure(err, { service: t.service, action, endpoint: t.shown, waitedSeconds, ...(expired ? { timedOut: true } : {}) });
  } finally {
    clearTimeout(deadlineTimer);
    clearTimeout(slowTimer);
  }
}

export async function getSessionToken(
  creds: Credentials,
  opts: CallOptions & { durationSeconds: number; serialNumber?: string; tokenCode?: string },
): Promise<Credentials> {
  const { client, target: t } = stsClient(creds, opts);
  try {
    const command = new GetSessionTokenCommand({ DurationSeconds: opts.durationSeconds, SerialNumber: opts.serialNumber, TokenCode: opts.tokenCode });
    const out = await call(t, "GetSessionToken", opts, (abortSignal) => client.send(command, { abortSignal }));
    return fromSts(out.Credentials);
  } finally {
    client.destroy();
  }
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
  const { client, target: t } = stsClient(creds, opts);
  try {
    const command = new AssumeRoleCommand({
      RoleArn: opts.roleArn,
      RoleSessionName: opts.roleSessionName,
      DurationSeconds: opts.durationSeconds,
      ExternalId: opts.externalId,
      SerialNumber: opts.serialNumber,
      TokenCode: opts.tokenCode,
    });
    const out = await call(t, "AssumeRole", opts, (abortSignal) => client.send(command, { abortSignal }));
    return fromSts(out.Credentials);
  } finally {
    client.destroy();
  }
}

export async function getCallerIdentity(creds: Credentials, opts: CallOptions): Promise<{ account: string; arn: string; userId: string }> {
  const { client, target: t } = stsClient(creds, opts);
  try {
    const out = await call(t, "GetCallerIdentity", opts, (abortSignal) => client.send(new GetCallerIdentityCommand({}), { abortSignal }));
    return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
  } finally {
    client.destroy();
  }
}

/** The source IAM user and its MFA devices (IAM GetUser + ListMFADevices, each with its own budget). */
export async function discoverMfa(creds: Credentials, opts: CallOptions): Promise<{ userName: string; userArn: string; serials: string[] }> {
  const t = target("IAM", opts);
  const iam = new IAMClient(clientConfig(t, creds, opts));
  try {
    const user = await call(t, "GetUser", opts, (abortSignal) => iam.send(new GetUserCommand({}), { abortSignal }));
    const userName = user.User?.UserName ?? "";
    const devices = await call(t, "ListMFADevices", opts, (abortSignal) => iam.send(new ListMFADevicesCommand({ UserName: userName }), { abortSignal }));
    return {
      userName,
      userArn: user.User?.Arn ?? "",
      serials: (devices.MFADevices ?? []).map((d) => d.SerialNumber ?? "").filter(Boolean),
    };
  } finally {
    iam.destroy();
  }
}

/** One IAM call with its own client and budget. */
async function iamCall<T>(creds: Credentials, opts: CallOptions, action: string, send: (iam: IAMClient, abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const t = target("IAM", opts);
  const iam = new IAMClient(clientConfig(t, creds, opts));
  try {
    return await call(t, action, opts, (abortSignal) => send(iam, abortSignal));
  } finally {
    iam.destroy();
  }
}

export interface AccessKeyInfo {
  accessKeyId: string;
  status: string;
  createDate?: Date;
}

/** The signing user's access keys (IAM ListAccessKeys without a UserName: the caller's own). */
export async function listAccessKeys(creds: Credentials, opts: CallOptions): Promise<AccessKeyInfo[]> {
  const out = await iamCall(creds, opts, "ListAccessKeys", (iam, abortSignal) => iam.send(new ListAccessKeysCommand({}), { abortSignal }));
  return (out.AccessKeyMetadata ?? []).map((k) => ({ accessKeyId: k.AccessKeyId ?? "", status: k.Status ?? "", ...(k.CreateDate ? { createDate: k.CreateDate } : {}) }));
}

/** A new access key for the signing user (IAM CreateAccessKey). */
export async function createAccessKey(creds: Credentials, opts: CallOptions): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const out = await iamCall(creds, opts, "CreateAccessKey", (iam, abortSignal) => iam.send(new CreateAccessKeyCommand({}), { abortSignal }));
  const k = out.AccessKey;
  if (!k?.AccessKeyId || !k.SecretAccessKey) throw toStsFailure(new Error("IAM answered CreateAccessKey without a key"));
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

export async function deleteAccessKey(creds: Credentials, opts: CallOptions & { accessKeyId: string }): Promise<void> {
  await iamCall(creds, opts, "DeleteAccessKey", (iam, abortSignal) => iam.send(new DeleteAccessKeyCommand({ AccessKeyId: opts.accessKeyId }), { abortSignal }));
}

export interface ProfileFiles {
  configFile: string;
  credentialsFile: string;
  /** The files' text as switchrole read them (path -> text, "" for a missing file). */
  texts: Readonly<Record<string, string>>;
  /** How long a credential_process may run. */
  timeoutSeconds: number;
}

/**
 * Source credentials the SDK resolves itself (credential_process, SSO, ...), for profiles
 * without static keys. The SDK is handed the files' text switchrole already read and
 * checked (not the paths to read again), and its hook for running credential_process
 * (externalDataInterceptor's "exec"), so the command runs through runCommand: within the
 * time limit, its stderr dropped. A command that fails is a CommandFailure saying how,
 * never with its output or the SDK's message about it (which copies the output).
 */
export async function profileCredentials(profile: string, files: ProfileFiles): Promise<Credentials> {
  const { fromIni } = await import("@aws-sdk/credential-provider-ini");
  for (const [path, text] of Object.entries(files.texts)) externalDataInterceptor.interceptFile(path, text);
  let outcome: CommandOutcome | undefined;
  const run = async (command: string) => {
    outcome = await runCommand(command, { timeoutSeconds: files.timeoutSeconds });
    if (!outcome.ok) throw new Error("credential_process failed");
    return { stdout: outcome.stdout, stderr: "" };
  };
  // The SDK promisify()s the hook: the custom form is what it calls.
  const exec = Object.assign(() => undefined, { [promisify.custom]: run });
  externalDataInterceptor.interceptToken("exec", exec);
  let c: Awaited<ReturnType<ReturnType<typeof fromIni>>>;
  try {
    c = await fromIni({ profile, ignoreCache: true, filepath: files.credentialsFile, configFilepath: files.configFile })();
  } catch (err) {
    const ran = outcome as CommandOutcome | undefined;
    if (ran && !ran.ok) throw new CommandFailure(ran.why, ran.timedOut);
    if (ran) throw new CommandFailure(printedNoCredentials(err), false);
    throw toStsFailure(err);
  } finally {
    externalDataInterceptor.interceptToken("exec", undefined);
  }
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
}

/** What was wrong with a credential_process's output, from the SDK's fixed messages about it. */
function printedNoCredentials(err: unknown): string {
  const m = err instanceof Error ? err.message : "";
  if (/returned invalid JSON/.test(m)) return "printed no JSON";
  if (/did not return Version 1/.test(m)) return 'printed JSON without "Version": 1';
  if (/returned invalid credentials/.test(m)) return "printed JSON without AccessKeyId and SecretAccessKey";
  if (/returned expired credentials/.test(m)) return "printed credentials that have expired";
  return "printed no credentials the AWS SDK accepts";
}

export { StsFailure } from "./errors";
