// The environment that points the AWS SDKs and CLI at a credential endpoint instead of
// keys: every variable that would take precedence over it is unset.
import type { EnvVars, Target } from "../types";

export function endpointVars(uri: string, token: string, target: Target): EnvVars {
  const vars: EnvVars = [
    // Keys and profiles come before the container provider in every SDK's chain.
    ["AWS_ACCESS_KEY_ID", null],
    ["AWS_SECRET_ACCESS_KEY", null],
    ["AWS_SESSION_TOKEN", null],
    ["AWS_SECURITY_TOKEN", null],
    ["AWS_CREDENTIAL_EXPIRATION", null],
    ["AWS_PROFILE", null],
    ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", null],
    ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", null],
    ["AWS_CONTAINER_CREDENTIALS_FULL_URI", uri],
    ["AWS_CONTAINER_AUTHORIZATION_TOKEN", token],
  ];
  const region = target.region?.value;
  if (region) vars.push(["AWS_REGION", region], ["AWS_DEFAULT_REGION", region]);
  vars.push(["AWS_ACCOUNT_ID", target.accountId], ["AWS_ACCOUNT_NAME", target.accountName], ["AWS_ACCOUNT_ROLE", target.roleName]);
  return vars;
}
