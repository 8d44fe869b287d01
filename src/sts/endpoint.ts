// The standard endpoint overrides the AWS SDKs and CLI honour (AWS_ENDPOINT_URL_<SERVICE>,
// then AWS_ENDPOINT_URL), read from the environment switchrole was given. Passed to the
// SDK clients explicitly, so a command run in-process with its own env reaches the same
// endpoint as the CLI would. No SDK import: the cache key and messages use it too.
import { usageError } from "../errors";
import { asWritten } from "../config/origin";

/** The variable a service's override comes from, and its value. */
function overrideVariable(env: NodeJS.ProcessEnv, service: "STS" | "IAM"): { name: string; value: string } | undefined {
  for (const name of [`AWS_ENDPOINT_URL_${service}`, "AWS_ENDPOINT_URL"]) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

export function endpointOverride(env: NodeJS.ProcessEnv, service: "STS" | "IAM"): string | undefined {
  return overrideVariable(env, service)?.value;
}

/**
 * A usage error (exit 2) for an override in effect that is not an http(s) URL, naming the
 * variable: checked before any prompt, since the SDK would only fail at the first call
 * (with "TypeError: Invalid URL", or "localhost:4566" taken as a URL of scheme "localhost:").
 */
export function checkEndpoints(env: NodeJS.ProcessEnv): void {
  for (const service of ["STS", "IAM"] as const) {
    const v = overrideVariable(env, service);
    if (!v) continue;
    let url: URL | undefined;
    try {
      url = new URL(v.value);
    } catch {
      url = undefined;
    }
    if (url && (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "") continue;
    throw usageError(
      `${asWritten(v.name, shownEndpoint(v.value))} is not an http or https URL`,
      `write it as https://host[:port], e.g. ${v.name}=${defaultEndpoint(service, "us-east-1")}, or unset it to use AWS's endpoint`,
    );
  }
}

/** The STS endpoint calls for a region go to: the override, else AWS's regional endpoint. */
export function stsEndpoint(env: NodeJS.ProcessEnv, region: string): string {
  return endpointOverride(env, "STS") ?? defaultEndpoint("STS", region);
}

/** The endpoint the SDK uses without an override, for messages: regional STS, global IAM. */
export function defaultEndpoint(service: "STS" | "IAM", region: string): string {
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  if (service === "STS") return `https://sts.${region}.${domain}`;
  if (region.startsWith("cn-")) return `https://iam.${region}.${domain}`;
  return region.startsWith("us-gov-") ? "https://iam.us-gov.amazonaws.com" : "https://iam.amazonaws.com";
}

/** An endpoint as a message may show it: without a user:password@ part. */
export function shownEndpoint(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1");
}
