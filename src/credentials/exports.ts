// Which environment variables a result becomes: `switchrole env` and the seed's
// `assume-role` (which adds its own names for the same values).
import type { Credentials, EnvVars, Target } from "../types";
import type { MfaSession } from "./obtain";

export interface ExportInput {
  target: Target;
  role: Credentials;
  /** Unix ms when the role credentials were obtained. */
  roleStartedAt: number;
  mfaSession?: Pick<MfaSession, "credentials" | "startedAt">;
}

function seconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

export function roleVars(input: ExportInput): EnvVars {
  const { target, role } = input;
  const region = target.region?.value;
  const vars: EnvVars = [
    ["AWS_ACCESS_KEY_ID", role.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", role.secretAccessKey],
    ["AWS_SESSION_TOKEN", role.sessionToken ?? null],
    ["AWS_SECURITY_TOKEN", role.sessionToken ?? null],
    ["AWS_CREDENTIAL_EXPIRATION", role.expiration ? role.expiration.toISOString() : null],
  ];
  if (region) vars.push(["AWS_REGION", region], ["AWS_DEFAULT_REGION", region]);
  vars.push(
    ["AWS_ACCOUNT_ID", target.accountId],
    ["AWS_ACCOUNT_NAME", target.accountName],
    ["AWS_ACCOUNT_ROLE", target.roleName],
    ["ROLE_SESSION_START", seconds(input.roleStartedAt)],
  );
  return vars;
}

/** The seed tool's variables: the role's, plus GEO_ENV and the MFA session's AWS_SESSION_*. */
export function assumeRoleVars(input: ExportInput): EnvVars {
  const vars = roleVars(input);
  const s = input.mfaSession;
  vars.push(
    ["GEO_ENV", input.target.accountName],
    ["AWS_SESSION_ACCESS_KEY_ID", s ? s.credentials.accessKeyId : null],
    ["AWS_SESSION_SECRET_ACCESS_KEY", s ? s.credentials.secretAccessKey : null],
    ["AWS_SESSION_SESSION_TOKEN", s?.credentials.sessionToken ?? null],
    ["AWS_SESSION_SECURITY_TOKEN", s?.credentials.sessionToken ?? null],
    ["AWS_SESSION_START", s ? seconds(s.startedAt) : null],
  );
  return vars;
}
