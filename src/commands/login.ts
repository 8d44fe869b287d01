// switchrole login [<source-profile>]: starts a new MFA session, replacing a cached one.
import type { Context } from "../context";
import { parse, commonOptions, targetOptions as targetFlagSpec } from "../args";
import { openCache } from "../cache";
import { startMfaSession } from "../credentials/mfa-session";
import { sourceCredentialsFor } from "../credentials/source";
import { mfaCodeSource } from "../mfa/code";
import { loadSts } from "../sts/load";
import { usageError } from "../errors";
import { resolveSource } from "../session/source-target";
import { formatClock, formatSpan } from "../session/time-text";

export const loginHelp = `Usage: switchrole login [<source-profile>] [options]

Starts a new MFA session (STS GetSessionToken) for the source profile, replacing a cached
one, so that every role reached from it for the next hours needs no code. Asks for the
code on the terminal (or takes --mfa-code, or the profile's mfa_process).

<source-profile> defaults to --source-profile, else $AWS_PROFILE_ASSUME_ROLE, else default.

Options:
  --mfa-code <code>           the 6-digit code
  --mfa-serial <arn>          MFA device (default: the profile's mfa_serial, $AWS_MFA_SERIAL, else IAM)
  --mfa-session-duration <t>  15m..36h (default: mfa_session_duration, $SWITCHROLE_MFA_SESSION_DURATION, else 12h)
  --region <region>           region for STS
`;

export async function loginCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io, ask } = ctx;
  const { values, positionals } = parse("login", argv, {
    ...commonOptions,
    "source-profile": targetFlagSpec["source-profile"],
    "mfa-code": targetFlagSpec["mfa-code"],
    "mfa-serial": targetFlagSpec["mfa-serial"],
    "mfa-session-duration": targetFlagSpec["mfa-session-duration"],
    region: targetFlagSpec.region,
  });
  if (values.help) {
    io.out(loginHelp);
    return 0;
  }
  if (positionals.length > 1) throw usageError("login: give at most one source profile", "see `switchrole login --help`");
  if (positionals[0] !== undefined && values["source-profile"] !== undefined) {
    throw usageError("login: give the source profile once, as an argument or with --source-profile");
  }
  const say = (line: string) => io.err(`${line}\n`);
  const target = await resolveSource(
    {
      sourceProfile: positionals[0] ?? values["source-profile"],
      sourceProfileFrom: positionals[0] !== undefined ? "login argument" : undefined,
      mfaSerial: values["mfa-serial"],
      mfaSessionDuration: values["mfa-session-duration"],
      region: values.region,
    },
    env,
    (line) => say(`switchrole: warning: ${line}`),
  );
  const session = await startMfaSession(target, {
    sts: loadSts,
    sourceCredentials: () => sourceCredentialsFor(target.sourceProfile, env),
    mfaCode: mfaCodeSource({ flagCode: values["mfa-code"], mfaProcess: target.mfaProcess, ask }),
    ask,
    say,
    env,
    now: ctx.now,
    cache: openCache(env, { warn: say }),
    minTtlSeconds: 0,
  });
  const expires = session.credentials.expiration?.getTime() ?? ctx.now();
  say(
    `MFA session started for ${target.sourceProfile.value} (${session.serialNumber}); ` +
      `it expires ${formatClock(expires)} (in ${formatSpan(expires - ctx.now())}).`,
  );
  return 0;
}
