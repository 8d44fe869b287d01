// The standard endpoint overrides the AWS SDKs and CLI honour (AWS_ENDPOINT_URL_<SERVICE>,
// then AWS_ENDPOINT_URL), read from the environment switchrole was given. Passed to the
// SDK clients explicitly, so a command run in-process with its own env reaches the same
// endpoint as the CLI would. No SDK import: the cache key and messages use it too.
export function endpointOverride(env: NodeJS.ProcessEnv, service: "STS" | "IAM"): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
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
