// switchrole list: the targets the config files define, and what each resolves to.
import type { Context } from "../context";
import { parse, commandOptions } from "../args";
import { usageError, warningLine } from "../errors";
import { listReport, renderList } from "../report/list-model";

export const listHelp = `Usage: switchrole list [--json]

Lists what can be given as a target, read from the config files only (no network):
the accounts file's names (~/.aws/accounts or $ACCOUNTS_FILE) with their account ids,
the AWS profiles with a role_arn (account, source profile, MFA device, region), and the
source profiles holding keys (access key ids masked).
`;

export async function listCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io } = ctx;
  const { values, positionals } = parse("list", argv, commandOptions.list);
  if (values.help) {
    io.out(listHelp);
    return 0;
  }
  if (positionals.length > 0) throw usageError(`list: unexpected argument ${JSON.stringify(positionals[0])}`, "see `switchrole list --help`");
  const report = await listReport(env, (line) => io.err(`${warningLine(line)}\n`));
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderList(report));
  return 0;
}
