// switchrole credential-process <target>: the JSON the AWS SDKs and CLI read from a
// profile's `credential_process`, from the cache and refreshed as needed. Prompts (when
// an MFA code is needed) go to the terminal, never stdout; without a terminal it fails
// with a message the AWS tool shows, naming what to run.
import type { Context } from "../context";
import { parse, commandOptions, requireTarget } from "../args";
import { obtainSession, targetOptions } from "../credentials/wiring";

export const credentialProcessHelp = `Usage: switchrole credential-process <target> [options]

Prints the role's credentials for an AWS profile's credential_process:

  [profile dev]
  credential_process = /path/to/switchrole credential-process private_aws sample_switch_role

The AWS CLI and SDKs run it whenever the credentials are about to expire; switchrole
answers from its cache, refreshing from the cached MFA session. Takes the options of
\`switchrole env\`. When an MFA code is needed it asks on the terminal; with no terminal
it fails, telling you to run \`switchrole login\`.
`;

export async function credentialProcessCommand(argv: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parse("credential-process", argv, commandOptions["credential-process"]);
  if (values.help) {
    ctx.io.out(credentialProcessHelp);
    return 0;
  }
  requireTarget("credential-process", positionals);
  const { obtained } = await obtainSession(targetOptions(positionals, values), values, ctx);
  const role = obtained.role;
  const out: Record<string, string | number> = { Version: 1, AccessKeyId: role.accessKeyId, SecretAccessKey: role.secretAccessKey };
  if (role.sessionToken) out.SessionToken = role.sessionToken;
  if (role.expiration) out.Expiration = role.expiration.toISOString();
  ctx.io.out(`${JSON.stringify(out)}\n`);
  return 0;
}
