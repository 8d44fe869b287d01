// switchrole clear [<target> | --all] (alias logout): removes cached sessions.
import type { Context } from "../context";
import type { CacheEntry } from "../cache/types";
import { parse, commandOptions } from "../args";
import { openCache } from "../cache";
import { resolveTarget } from "../config/resolve";
import { usageError, warningLine } from "../errors";
import { targetOptions } from "../credentials/wiring";
import { loadProfiles } from "../config/profiles";
import { Settings, sourceProfileName } from "../config/source";

export const clearHelp = `Usage: switchrole clear [<target> | --all] [--source-profile <name>]
       switchrole logout ...

Removes cached sessions, so the next use asks STS (and, for an MFA session, your
device) again. Credentials already exported in a shell stay valid until they expire.

  switchrole clear                 the source profile's MFA sessions and every role
                                   reached from it (the source: --source-profile, else
                                   $AWS_PROFILE_ASSUME_ROLE, else default): a logout
  switchrole clear <target>        that role's cached credentials (every duration and
                                   session name); the MFA session is kept
  switchrole clear --all           everything in the cache, for every source

<target> is <account> <role>, a profile with role_arn, or a role ARN.
`;

export async function clearCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io } = ctx;
  const { values, positionals } = parse("clear", argv, commandOptions.clear);
  if (values.help) {
    io.out(clearHelp);
    return 0;
  }
  if (values.all && positionals.length > 0) throw usageError("clear: give a target or --all, not both", "see `switchrole clear --help`");
  const say = (line: string) => io.err(`${line}\n`);
  const cache = openCache(env, { warn: say });
  let filter: ((e: CacheEntry) => boolean) | undefined;
  let what: string;
  if (values.all) {
    what = "for any source";
  } else if (positionals.length > 0) {
    const target = await resolveTarget(targetOptions(positionals, values), env, { warn: (l) => say(warningLine(l)) });
    const source = target.sourceProfile.value;
    filter = (e) => e.kind === "role" && e.meta.roleArn === target.roleArn && e.meta.sourceProfile === source;
    what = `for role ${target.roleArn} from ${source}`;
  } else {
    const source = sourceProfileName({ sourceProfile: values["source-profile"] }, new Settings(env, await loadProfiles(env))).value;
    filter = (e) => e.meta.sourceProfile === source;
    what = `for source profile ${source} (its MFA sessions and roles)`;
  }
  const counts = { "mfa-session": 0, role: 0 };
  const removed = await cache.clear(filter, (e) => counts[e.kind]++);
  if (removed === 0) say(`Nothing cached ${what}.`);
  else if (filter === undefined) say(`Removed ${plural(removed, "cached session")} ${what}.`);
  else {
    const parts = [plural(counts["mfa-session"], "MFA session"), plural(counts.role, "role session")].filter((p) => !p.startsWith("0 "));
    say(`Removed ${parts.join(" and ")} ${what}.`);
  }
  return 0;
}

function plural(n: number, noun: string): string {
  return n === 1 ? `1 ${noun}` : `${n} ${noun}s`;
}
