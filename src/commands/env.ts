// switchrole env <target>: prints assignments for one shell; nothing on failure.
import type { Context } from "../context";
import { parse, commandOptions, requireTarget } from "../args";
import { render, detectShell, parseShellName, SHELL_NAMES } from "../shells";
import { roleVars } from "../credentials/exports";
import { obtainSession, targetOptions } from "../credentials/wiring";
import { unsetVars } from "../report/exported-names";
import { formatRemaining } from "../report/time-text";
import type { Target } from "../types";
import { usageError } from "../errors";
import { capture, frontOf, removeSnapshot, snapshotAllowed, wrapperArgs, writeSnapshot } from "../cache/fast";
import { minTtlSeconds } from "../cache/ttl";

export const envHelp = `Usage: switchrole env <target> [options]
       switchrole env --unset [--shell <name>]

Prints the role's temporary credentials as assignments for a shell:
  eval "$(switchrole env private_aws sample_switch_role)"
With --unset, prints the removal of every variable switchrole sets (\`sr -u\` runs it).

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
  -u, --unset                 no target: unset what switchrole sets (the keys, AWS_REGION,
                              AWS_DEFAULT_REGION, AWS_ACCOUNT_*, the endpoint's variables, ...)
  -v, --verbose               on success, one line on stderr: the account, the role and the time
                              left (\`sr\` passes it)
`;

export async function envCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io } = ctx;
  const { values, positionals } = parse("env", argv, commandOptions.env);
  if (values.help) {
    io.out(envHelp);
    return 0;
  }
  const shell = values.shell !== undefined ? parseShellName(values.shell) : detectShell(env);
  if (values.unset) {
    const extra = positionals[0] ?? Object.keys(values).find((k) => !["unset", "shell", "verbose", "debug"].includes(k));
    if (extra !== undefined) {
      const what = positionals[0] !== undefined ? `target (got ${JSON.stringify(positionals[0])})` : `other option (got --${extra})`;
      throw usageError(`env: --unset takes no ${what}`, "run `switchrole env --unset` alone, with --shell if needed");
    }
    io.out(render(shell, unsetVars()));
    if (values.verbose) io.err(`switchrole: ${unsetLine(env)}\n`);
    return 0;
  }
  requireTarget("env", positionals);
  if (values.endpoint && values["no-cache"]) throw usageError("env: --endpoint needs the cache (the server refreshes from it); drop --no-cache");
  // Run by a shell wrapper (sr, use switchrole): also leave it a snapshot for next time.
  // (Not assume-role's: its snapshot holds its own variables, written by that command.)
  const asked = frontOf(env);
  const front = asked === "ar" ? undefined : asked;
  const fastArgs = front && wrapperArgs(front, argv);
  const cap = fastArgs ? capture(ctx) : undefined;
  const { target, obtained } = await obtainSession(targetOptions(positionals, values), values, cap?.ctx ?? ctx);
  if (values.endpoint) {
    if (front && fastArgs) removeSnapshot(front, fastArgs, env);
    const { endpointEnv } = await import("../server/client");
    io.out(render(shell, await endpointEnv(target, env)));
    if (values.verbose) io.err(`switchrole: ${who(target)}, through the local credential endpoint (it refreshes them)\n`);
    return 0;
  }
  const vars = roleVars({ target, role: obtained.role, roleStartedAt: obtained.roleStartedAt, mfaSession: obtained.mfaSession });
  io.out(render(shell, vars));
  const said = cap?.said();
  if (values.verbose) {
    const left = obtained.role.expiration ? formatRemaining(obtained.role.expiration.getTime() - ctx.now()) : "no expiry";
    io.err(`switchrole: ${who(target)}, ${left}\n`);
  }
  if (front && fastArgs && cap) {
    const expiresAt = obtained.role.expiration?.getTime();
    // Only what a hit says can be said again: a warning or a prompt's line means Node must run.
    if (said === "" && expiresAt !== undefined && snapshotAllowed(values)) {
      const outcome = { front, args: fastArgs, vars, expiresAt, deadline: expiresAt - minTtlSeconds(env) * 1000, say: "", who: values.verbose ? who(target) : "" };
      await writeSnapshot(outcome, env, cap.reads);
    } else removeSnapshot(front, fastArgs, env);
  }
  return 0;
}

/** "private_aws (123456789012) as sample_switch_role"; the id alone when the account has no name. */
function who(t: Pick<Target, "accountName" | "accountId" | "roleName">): string {
  const account = t.accountName && t.accountName !== t.accountId ? `${t.accountName} (${t.accountId})` : t.accountId;
  return `${account} as ${t.roleName}`;
}

/** What `sr -u` removed, from the variables the shell still had when it ran switchrole. */
function unsetLine(env: NodeJS.ProcessEnv): string {
  const { AWS_ACCOUNT_ID: accountId, AWS_ACCOUNT_NAME: accountName, AWS_ACCOUNT_ROLE: roleName } = env;
  if (accountId && roleName) return `unset the credentials of ${who({ accountId, accountName: accountName ?? accountId, roleName })}`;
  return "unset switchrole's variables (no role was set)";
}
