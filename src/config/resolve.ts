// What the user typed + the config files + the environment -> one Target, each setting
// with where it came from. No network: everything here fails fast with exit 2.
import type { Target } from "../types";
import { loadAccounts, type Accounts, type Warn } from "./accounts";
import { checkRoleDuration, parseDuration } from "./duration";
import { checkField } from "./fields";
import { DEFAULT } from "./origin";
import type { Env } from "./paths";
import { loadProfiles, type Profile, type Profiles } from "./profiles";
import { first, resolveSource, Settings, type SourceOptions } from "./source";
import { accountRole, arnRole, parseTargetSpec, profileRole, roleProfile, type ResolvedRole } from "./target";

export interface TargetOptions extends SourceOptions {
  positionals: string[];
  duration?: string;
  roleSessionName?: string;
  externalId?: string;
  /** "assume-role" = the seed-compatible command: the external id defaults to the account id as the seed's tool sent it. */
  mode?: "switchrole" | "assume-role";
}

export async function resolveTarget(opts: TargetOptions, env: Env, deps: { warn?: Warn; profiles?: Profiles } = {}): Promise<Target> {
  const warn = deps.warn ?? (() => {});
  const spec = parseTargetSpec(opts.positionals, opts.duration);
  const profiles = deps.profiles ?? (await loadProfiles(env));
  for (const line of profiles.warnings) warn(line);
  let accountsFile: Accounts | undefined;
  const accounts = () => (accountsFile ??= loadAccounts(env, warn));

  const profileName = spec.kind === "profile" ? spec.name : undefined;
  const profile = profileName === undefined ? undefined : roleProfile(profileName, profiles, accounts);
  const s = new Settings(env, profiles, profile && profileName !== undefined ? { name: profileName, profile } : undefined);
  const source = resolveSource(opts, s);

  const durationSetting = first(s.flag(opts.duration, "--duration"), s.variable("AWS_ROLE_SESSION_TIMEOUT"));
  const profileDuration = s.fromRole("duration_seconds");
  const duration = checkRoleDuration(
    durationSetting
      ? parseDuration(durationSetting.value, durationSetting.from)
      : profileDuration.value !== undefined
        ? parseDuration(profileDuration.value, profileDuration.from, true)
        : parseDuration("3600", DEFAULT),
  );

  let role: ResolvedRole;
  if (spec.kind === "profile") role = profileRole(spec.name, profile as Profile, profiles);
  else if (spec.kind === "arn") role = arnRole(spec.arn, accounts, warn);
  else role = accountRole(spec.account, spec.role, source.region?.value, accounts, warn);

  const externalId = first(s.flag(opts.externalId, "--external-id"), s.fromRole("external_id"));
  if (externalId) checkField("externalId", externalId);
  const sessionName = first(s.flag(opts.roleSessionName, "--role-session-name"), s.fromRole("role_session_name"));
  if (sessionName) checkField("roleSessionName", sessionName);

  const target: Target = {
    ...source,
    input: opts.positionals.join(" "),
    roleArn: role.roleArn,
    accountId: role.accountId,
    accountName: role.accountName,
    roleName: role.roleName,
    duration,
  };
  if (profileName !== undefined) target.profile = profileName;
  const external = externalId?.value ?? (opts.mode === "assume-role" ? role.accountId : undefined);
  if (external !== undefined) target.externalId = external;
  if (sessionName) target.roleSessionName = sessionName.value;
  return target;
}
