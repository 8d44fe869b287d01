// switchrole plan <target>: the steps `env` would take, with cache hits and why. Makes no
// network call and never loads the SDK.
import { warningLine } from "../errors";
import type { Context } from "../context";
import { parse, commandOptions, requireTarget } from "../args";
import { openCache } from "../cache";
import { loadProfiles } from "../config/profiles";
import { resolveTarget } from "../config/resolve";
import { policyFor, targetOptions } from "../credentials/wiring";
import { planReport } from "../report/plan-model";
import { renderPlan } from "../report/plan-text";
import { explainFast, type FastVerdict } from "../cache/fast";
import { formatClock } from "../report/time-text";

export const planHelp = `Usage: switchrole plan <target> [options] [--json]

Prints what \`switchrole env <target>\` would do, without doing it: the resolved role,
source and MFA device (and where each came from), whether cached role credentials or a
cached MFA session would serve it, and otherwise which STS calls it makes, with which
durations, whether an MFA code is asked, and why. No network call is made. Then whether
the shell fast path (sr, use switchrole, assume-role with the same arguments) would serve
it without starting switchrole, and if not, why.

Takes the options of \`switchrole env\` (--duration, --source-profile, --mfa-serial,
--no-cache, --refresh, ...). --json prints the same as data.
`;

export async function planCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io } = ctx;
  const { values, positionals } = parse("plan", argv, commandOptions.plan);
  if (values.help) {
    io.out(planHelp);
    return 0;
  }
  requireTarget("plan", positionals);
  const warn = (line: string) => io.err(`${warningLine(line)}\n`);
  const target = await resolveTarget(targetOptions(positionals, values), env, { warn });
  const keys = (await loadProfiles(env)).sourceKeyInfo(target.sourceProfile.value);
  const report = await planReport({
    target,
    sourceAccessKeyId: keys?.accessKeyId,
    ...(keys ? { sourceKeysFrom: keys.from } : {}),
    env,
    cache: openCache(env, { disabled: values["no-cache"], warn: (line) => io.err(`${line}\n`) }),
    policy: policyFor(values, env),
    now: ctx.now(),
  });
  // The fast path's snapshots are named after the wrapper's arguments: the plan's own, without --json.
  const fast = values["no-cache"] ? [] : explainFast(argv.filter((a) => a !== "--json"), env, ctx.now());
  io.out(values.json ? `${JSON.stringify({ ...report, fastPath: fast }, null, 2)}\n` : renderPlan(report) + fastText(fast));
  return 0;
}

function fastText(verdicts: FastVerdict[]): string {
  // None yet (no wrapper has run switchrole with these arguments): nothing to say.
  if (verdicts.length === 0) return "";
  const lines = verdicts.map((v) => `  ${v.label}: ${v.serves ? `${v.why}, until ${formatClock((v.until ?? 0) * 1000)}` : `not used: ${v.why}; switchrole runs instead`}`);
  return `Shell fast path:\n${lines.join("\n")}\n`;
}
