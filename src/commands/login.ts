// switchrole login [<source-profile>]: starts a new MFA session, replacing a cached one.
import type { Context } from "../context";
import { parse, commandOptions } from "../args";
import { startMfaSession } from "../credentials/obtain";
import { engineFor } from "../credentials/wiring";
import { loadProfiles } from "../config/profiles";
import { resolveSource, Settings } from "../config/source";
import { usageError, warningLine } from "../errors";
import { formatClock, formatSpan } from "../report/time-text";

export const loginHelp = `Usage: switchrole login [<source-profile>] [options]

Starts a new MFA session (STS GetSessionToken) for the source profile, replacing a cached
one, so that every role reached from it for the next hours needs no code. Asks for the
code on the terminal (or takes --mfa-code -, $SWITCHROLE_MFA_CODE, or the profile's mfa_process).

<source-profile> defaults to --source-profile, else $AWS_PROFILE_ASSUME_ROLE, else default.

Options:
  --mfa-code -                read the 6-digit code from stdin (a code given here instead
                              is visible to every user, in ps)
  --mfa-serial <arn>          MFA device (default: the profile's mfa_serial, $AWS_MFA_SERIAL, else IAM)
  --mfa-session-duration <t>  15m..36h (default: mfa_session_duration, $SWITCHROLE_MFA_SESSION_DURATION, else 12h)
  --region <region>           region for STS
`;

export async function loginCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io } = ctx;
  const { values, positionals } = parse("login", argv, commandOptions.login);
  if (values.help) {
    io.out(loginHelp);
    return 0;
  }
  if (positionals.length > 1) throw usageError("login: give at most one source profile", "see `switchrole login --help`");
  if (positionals[0] !== undefined && values["source-profile"] !== undefined) {
    throw usageError("login: give the source profile once, as an argument or with --source-profile");
  }
  const say = (line: string) => io.err(`${line}\n`);
  const profiles = await loadProfiles(env);
  for (const line of profiles.warnings) say(warningLine(line));
  const source = resolveSource(
    {
      sourceProfile: positionals[0] ?? values["source-profile"],
      sourceProfileFrom: positionals[0] !== undefined ? "login argument" : undefined,
      mfaSerial: values["mfa-serial"],
      mfaSessionDuration: values["mfa-session-duration"],
      region: values.region,
    },
    new Settings(env, profiles),
  );
  const session = await startMfaSession(source, engineFor(ctx, { mfa: { flagCode: values["mfa-code"], mfaProcess: source.mfaProcess, mfaProcessFrom: source.mfaProcessFrom }, profiles, say }));
  const expires = session.credentials.expiration?.getTime() ?? ctx.now();
  say(
    `MFA session started for ${source.sourceProfile.value} (${session.serialNumber}); ` +
      `it expires ${formatClock(expires)} (in ${formatSpan(expires - ctx.now())}).`,
  );
  return 0;
}
