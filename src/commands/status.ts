// switchrole status: what is cached (source, MFA session, roles) and what the environment holds.
import type { Context } from "../context";
import { parse, commandOptions } from "../args";
import { openCache } from "../cache";
import { minTtlSeconds } from "../cache/ttl";
import { loadProfiles } from "../config/profiles";
import { displayPath } from "../config/paths";
import { usageError, warningLine } from "../errors";
import { statusReport } from "../report/status-model";
import { renderStatus } from "../report/status-text";
import { outputStyle } from "../report/terminal-style";

export const statusHelp = `Usage: switchrole status [--json] [--color auto|always|never]

Shows the cached sessions: for each source profile (its access key id masked), the MFA
session and every role, with when each expires and how long it has left (with a bar in
a terminal; NO_COLOR turns colours off). With role credentials in the environment
(AWS_ACCESS_KEY_ID), says which role they belong to and how long they have left.
Secrets are never shown. --json prints the same as data.
`;

export async function statusCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io } = ctx;
  const { values, positionals } = parse("status", argv, commandOptions.status);
  if (values.help) {
    io.out(statusHelp);
    return 0;
  }
  if (positionals.length > 0) throw usageError(`status: unexpected argument ${JSON.stringify(positionals[0])}`, "see `switchrole status --help`");
  const style = outputStyle(values.color, io, env);
  const cache = openCache(env, { warn: (line) => io.err(`${line}\n`) });
  const profiles = await loadProfiles(env);
  for (const line of profiles.warnings) io.err(`${warningLine(line)}\n`);
  const report = statusReport({
    entries: await cache.list(),
    now: ctx.now(),
    cacheDir: cache.dir,
    minTtlSeconds: minTtlSeconds(env),
    sourceKeyId: (p) => profiles.sourceKeyInfo(p),
    env,
  });
  if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else io.out(renderStatus(report, { ...style, shownDir: displayPath(cache.dir, env) }));
  return 0;
}
