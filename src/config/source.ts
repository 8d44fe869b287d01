// The source side of a target, written once: which profile's keys sign, its MFA device,
// MFA session length, region and mfa_process. resolveTarget adds the role on top (its role
// profile's keys win over the source's); login, list, status and clear use it alone.
import type { Source, Sourced } from "../types";
import { usageError } from "../errors";
import { checkMfaSessionDuration, parseDuration } from "./duration";
import { checkField } from "./fields";
import { DEFAULT, asWritten } from "./origin";
import { envValue, type Env } from "./paths";
import type { Profile, Profiles } from "./profiles";
import { suggestion } from "./suggest";

export interface SourceOptions {
  sourceProfile?: string;
  /** How the source profile was given, for messages (default "--source-profile"). */
  sourceProfileFrom?: string;
  mfaSessionDuration?: string;
  region?: string;
  mfaSerial?: string;
}

/** A value and where it came from, or undefined for "not set here". */
export type Candidate = Sourced<string | undefined>;

/** The first candidate with a value. */
export function first(...candidates: Candidate[]): Sourced<string> | undefined {
  const c = candidates.find((x) => x.value !== undefined);
  return c ? { value: c.value as string, from: c.from } : undefined;
}

/** A role profile whose keys come before the source profile's (source_profile, mfa_serial, region, ...). */
export interface RoleProfile {
  name: string;
  profile: Profile;
}

/** Reads settings the way every command does: flag, role profile, source profile, environment, default. */
export class Settings {
  constructor(
    readonly env: Env,
    readonly profiles: Profiles,
    readonly role?: RoleProfile,
  ) {}

  flag(value: string | undefined, name: string): Candidate {
    return { value, from: name };
  }

  variable(name: string): Candidate {
    return { value: envValue(this.env, name), from: name };
  }

  key(name: string | undefined, k: string): Candidate {
    if (name === undefined) return { value: undefined, from: "" };
    const p = name === this.role?.name ? this.role.profile : this.profiles.getProfile(name);
    return { value: p?.[k], from: this.profiles.origin(name, k) };
  }

  fromRole(k: string): Candidate {
    return this.key(this.role?.name, k);
  }
}

/** The source profile: --source-profile, the role profile's source_profile, $AWS_PROFILE_ASSUME_ROLE, else default. */
export function sourceProfileName(opts: Pick<SourceOptions, "sourceProfile" | "sourceProfileFrom">, s: Settings): Sourced<string> {
  return first(
    s.flag(opts.sourceProfile, opts.sourceProfileFrom ?? "--source-profile"),
    s.fromRole("source_profile"),
    s.variable("AWS_PROFILE_ASSUME_ROLE"),
    { value: "default", from: DEFAULT },
  ) as Sourced<string>;
}

export function resolveSource(opts: SourceOptions, s: Settings): Source {
  const sourceProfile = sourceProfileName(opts, s);
  sourceProfileOf(sourceProfile, s.profiles); // it must exist
  const fromSource = (k: string) => s.key(sourceProfile.value, k);

  const mfaSetting = first(
    s.flag(opts.mfaSessionDuration, "--mfa-session-duration"),
    s.fromRole("mfa_session_duration"),
    fromSource("mfa_session_duration"),
    s.variable("SWITCHROLE_MFA_SESSION_DURATION"),
    { value: "43200", from: DEFAULT },
  ) as Sourced<string>;
  const mfaSessionDuration = checkMfaSessionDuration(parseDuration(mfaSetting.value, mfaSetting.from));

  const region = first(s.flag(opts.region, "--region"), s.variable("AWS_REGION"), s.variable("AWS_DEFAULT_REGION"), s.fromRole("region"), fromSource("region"));
  if (region) checkField("region", region);
  const mfaSerial = first(s.flag(opts.mfaSerial, "--mfa-serial"), s.fromRole("mfa_serial"), fromSource("mfa_serial"), s.variable("AWS_MFA_SERIAL"));
  if (mfaSerial) checkField("mfaSerial", mfaSerial);
  const mfaProcess = first(s.fromRole("mfa_process"), fromSource("mfa_process"));

  const source: Source = { sourceProfile, mfaSessionDuration };
  if (mfaSerial) source.mfaSerial = mfaSerial;
  if (mfaProcess !== undefined) {
    source.mfaProcess = mfaProcess.value;
    source.mfaProcessFrom = mfaProcess.from;
  }
  if (region) source.region = region;
  return source;
}

/** The source profile, which must exist in the config or credentials file, or have keys stored by switchrole. */
function sourceProfileOf(source: Sourced<string>, profiles: Profiles): Profile {
  const p = profiles.getProfile(source.value);
  if (p !== undefined) return p;
  if (profiles.storedKey(source.value)) return {};
  const why = source.from === DEFAULT ? "the default, as neither --source-profile nor AWS_PROFILE_ASSUME_ROLE is set" : asWritten(source.from, source.value);
  throw usageError(
    `source profile ${source.value} (${why}) is not in ${profiles.shownFiles}`,
    `add [${source.value}] with aws_access_key_id and aws_secret_access_key to ${profiles.shownCredentialsFile}, or pick another source profile (${suggestion(source.value, profiles.names())})`,
  );
}
