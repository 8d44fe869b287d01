// What the user typed + the config files + the environment -> one Target, each setting
// with where it came from. No network: everything here fails fast with exit 2.
import type { Sourced, Target } from "../types";
import { usageError } from "../errors";
import { loadAccounts, type Accounts, type Warn } from "./accounts";
import { checkMfaSessionDuration, checkRoleDuration, parseDuration } from "./duration";
import { checkField } from "./fields";
import { DEFAULT, asWritten } from "./origin";
import { envValue, type Env } from "./paths";
import { loadProfiles, type Profile, type Profiles } from "./profiles";
import { suggestion } from "./suggest";
import { accountRole, arnRole, parseTargetSpec, profileRole, roleProfile, type ResolvedRole } from "./target";

export interface TargetOptions {
  positionals: string[];
  sourceProfile?: string;
  /** How the source profile was given, for messages (default "--source-profile"). */
  sourceProfileFrom?: string;
  duration?: string;
  mfaSessionDuration?: string;
  region?: string;
  mfaSerial?: string;
  roleSessionName?: string;
  externalId?: string;
  /** "assume-role" = the seed-compatible command: the external id defaults to the account id as the seed's tool sent it. */
  mode?: "switchrole" | "assume-role";
}

type Candidate = Sourced<string | undefined>;

/** The first candidate with a value. */
function first(...candidates: Candidate[]): Sourced<string> | undefined {
  const c = candidates.find((x) => x.value !== undefined);
  return c ? { value: c.value as string, from: c.from } : undefined;
}

export async function resolveTarget(opts: TargetOptions, env: Env, deps: { warn?: Warn; profiles?: Profiles } = {}): Promise<Target> {
  const warn = deps.warn ?? (() => {});
  const spec = parseTargetSpec(opts.positionals);
  const profiles = deps.profiles ?? (await loadProfiles(env));
  let accountsFile: Accounts | undefined;
  const accounts = () => (accountsFile ??= loadAccounts(env, warn));

  const profileName = spec.kind === "profile" ? spec.name : undefined;
  const profile = profileName === undefined ? undefined : roleProfile(profileName, profiles, accounts);
  /** A candidate value from one key of a profile. */
  const key = (name: string | undefined, p: Profile | undefined, k: string): Candidate => ({
    value: p?.[k],
    from: name === undefined ? "" : profiles.origin(name, k),
  });
  const flag = (value: string | undefined, name: string): Candidate => ({ value, from: name });
  const variable = (name: string): Candidate => ({ value: envValue(env, name), from: name });
  const fromTarget = (k: string) => key(profileName, profile, k);

  const sourceProfile = first(
    flag(opts.sourceProfile, opts.sourceProfileFrom ?? "--source-profile"),
    fromTarget("source_profile"),
    variable("AWS_PROFILE_ASSUME_ROLE"),
    { value: "default", from: DEFAULT },
  ) as Sourced<string>;
  const source = sourceProfileOf(sourceProfile, profiles);
  const fromSource = (k: string) => key(sourceProfile.value, source, k);

  const durationSetting = first(flag(opts.duration, "--duration"), variable("AWS_ROLE_SESSION_TIMEOUT"));
  const profileDuration = fromTarget("duration_seconds");
  const duration = checkRoleDuration(
    durationSetting
      ? parseDuration(durationSetting.value, durationSetting.from)
      : profileDuration.value !== undefined
        ? parseDuration(profileDuration.value, profileDuration.from, true)
        : parseDuration("3600", DEFAULT),
  );
  const mfaSetting = first(
    flag(opts.mfaSessionDuration, "--mfa-session-duration"),
    fromTarget("mfa_session_duration"),
    fromSource("mfa_session_duration"),
    variable("SWITCHROLE_MFA_SESSION_DURATION"),
    { value: "43200", from: DEFAULT },
  ) as Sourced<string>;
  const mfaSessionDuration = checkMfaSessionDuration(parseDuration(mfaSetting.value, mfaSetting.from));

  const region = first(flag(opts.region, "--region"), variable("AWS_REGION"), variable("AWS_DEFAULT_REGION"), fromTarget("region"), fromSource("region"));
  if (region) checkField("region", region);

  let role: ResolvedRole;
  if (spec.kind === "profile") role = profileRole(spec.name, profile as Profile, profiles);
  else if (spec.kind === "arn") role = arnRole(spec.arn, accounts, warn);
  else role = accountRole(spec.account, spec.role, region?.value, accounts, warn);

  const mfaSerial = first(flag(opts.mfaSerial, "--mfa-serial"), fromTarget("mfa_serial"), fromSource("mfa_serial"), variable("AWS_MFA_SERIAL"));
  if (mfaSerial) checkField("mfaSerial", mfaSerial);
  const externalId = first(flag(opts.externalId, "--external-id"), fromTarget("external_id"));
  if (externalId) checkField("externalId", externalId);
  const sessionName = first(flag(opts.roleSessionName, "--role-session-name"), fromTarget("role_session_name"));
  if (sessionName) checkField("roleSessionName", sessionName);
  const mfaProcess = profile?.mfa_process ?? source.mfa_process;

  const target: Target = {
    input: opts.positionals.join(" "),
    roleArn: role.roleArn,
    accountId: role.accountId,
    accountName: role.accountName,
    roleName: role.roleName,
    sourceProfile,
    duration,
    mfaSessionDuration,
  };
  if (profileName !== undefined) target.profile = profileName;
  if (mfaSerial) target.mfaSerial = mfaSerial;
  if (mfaProcess !== undefined) target.mfaProcess = mfaProcess;
  if (region) target.region = region;
  const external = externalId?.value ?? (opts.mode === "assume-role" ? role.accountId : undefined);
  if (external !== undefined) target.externalId = external;
  if (sessionName) target.roleSessionName = sessionName.value;
  return target;
}

/** The source profile, which must exist in the config or credentials file. */
function sourceProfileOf(source: Sourced<string>, profiles: Profiles): Profile {
  const p = profiles.getProfile(source.value);
  if (p !== undefined) return p;
  const why = source.from === DEFAULT ? "the default, as neither --source-profile nor AWS_PROFILE_ASSUME_ROLE is set" : asWritten(source.from, source.value);
  throw usageError(
    `source profile ${source.value} (${why}) is not in ${profiles.shownFiles}`,
    `add [${source.value}] with aws_access_key_id and aws_secret_access_key to ${profiles.shownCredentialsFile}, or pick another source profile (${suggestion(source.value, profiles.names())})`,
  );
}
