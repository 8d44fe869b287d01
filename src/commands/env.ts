// switchrole env <target>: prints assignments for one shell; nothing on failure.
import type { Context } from "../context";
import { parse, targetOptions as targetFlagSpec, commonOptions, requireTarget } from "../args";
import { render, detectShell, parseShellName, SHELL_NAMES } from "../shells";
import { roleVars } from "../credentials/exports";
import { obtainSession, targetOptions } from "../credentials/wiring";
import { usageError } from "../errors";

export const envHelp = `Usage: switchrole env <target> [options]

Prints the role's temporary credentials as assignments for a shell:
  eval "$(switchrole env private_aws sample_switch_role)"

<target> is <account> <role> (a name from ~/.aws/accounts or a 12-digit id, and a role
name), an AWS profile with role_arn, or a role ARN.

Options:
  --shell <name>              ${SHELL_NAMES.slice(0, -1).join(", ")} or ${SHELL_NAMES.at(-1)} (default: from $SHELL)
  -d, --duration <time>       role session length: 900, 15m, 1h, 12h (default: $AWS_ROLE_SESSION_TIMEOUT,
                              the profile's duration_seconds, else 1h)
  --source-profile <name>     the profile whose keys sign (default: $AWS_PROFILE_ASSUME_ROLE, else default)
  --region <region>           region for STS and AWS_REGION
  --mfa-serial <arn>          MFA device (default: the profile's mfa_serial, $AWS_MFA_SERIAL, else IAM)
  --mfa-code -                read the 6-digit code from stdin (preferred: a code in the
                              arguments is visible to every user, in ps); also
                              $SWITCHROLE_MFA_CODE; default: mfa_process, else asked on the terminal
  --mfa-session-duration <t>  MFA session length, 15m..36h (default 12h)
  --role-session-name <name>  session name (default: the IAM user's name)
  --external-id <id>          external id for the role's trust policy
  --refresh                   new role credentials from STS, even if cached ones are still good
  --no-cache                  neither read nor write the credential cache
  --endpoint                  instead of keys, print AWS_CONTAINER_CREDENTIALS_FULL_URI and
                              AWS_CONTAINER_AUTHORIZATION_TOKEN for the per-user credential
                              server (\`switchrole serve\`, started on demand): the AWS SDKs and
                              CLI then fetch fresh credentials by themselves, never expired
`;

export async function envCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io } = ctx;
  const { values, positionals } = parse("env", argv, { ...commonOptions, ...targetFlagSpec, shell: { type: "string", short: "s" }, endpoint: { type: "boolean" } });
  if (values.help) {
    io.out(envHelp);
    return 0;
  }
  requireTarget("env", positionals);
  const shell = values.shell !== undefined ? parseShellName(values.shell) : detectShell(env);
  if (values.endpoint && values["no-cache"]) throw usageError("env: --endpoint needs the cache (the server refreshes from it); drop --no-cache");
  const { target, obtained } = await obtainSession(targetOptions(positionals, values), values, ctx);
  if (values.endpoint) {
    const { endpointEnv } = await import("../server/client");
    io.out(render(shell, await endpointEnv(target, env)));
    return 0;
  }
  io.out(render(shell, roleVars({ target, role: obtained.role, roleStartedAt: obtained.roleStartedAt, mfaSession: obtained.mfaSession })));
  return 0;
}
