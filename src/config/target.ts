// What the user typed, as a role: `<account> <role>`, `<profile>` or a bare role ARN.
import { isUserError, usageError, type UserError } from "../errors";
import { accountNameOf, type Accounts, type Warn } from "./accounts";
import type { Profile, Profiles } from "./profiles";
import { checkRoleName, parseRoleArn, partitionOf, roleArnOf, type RoleRef } from "./role-arn";
import { shown } from "./origin";
import { suggestion } from "./suggest";

export type TargetSpec =
  | { kind: "arn"; arn: string }
  | { kind: "profile"; name: string }
  | { kind: "account"; account: string; role: string };

export interface ResolvedRole extends RoleRef {
  accountName: string;
}

const FORMS = "give <account> <role>, a profile with role_arn, or a role ARN";

const UNIT_WORDS: Record<string, "h" | "m" | "s"> = {
  h: "h", hr: "h", hrs: "h", hour: "h", hours: "h",
  m: "m", min: "m", mins: "m", minute: "m", minutes: "m",
  s: "s", sec: "s", secs: "s", second: "s", seconds: "s",
};

/** `--duration 2 hours` unquoted: the unit became an argument. The duration as one word, when that is what happened. */
function durationSplit(positionals: string[], duration: string | undefined): string | undefined {
  if (duration === undefined || !/^\d+$/.test(duration.trim())) return undefined;
  const unit = positionals.map((p) => UNIT_WORDS[p.toLowerCase()]).find((u) => u !== undefined);
  return unit ? `--duration ${duration.trim()}${unit}` : undefined;
}

export function parseTargetSpec(positionals: string[], duration?: string): TargetSpec {
  const [first, second, ...rest] = positionals;
  if (first === undefined) throw usageError("no target given", FORMS);
  if (rest.length > 0) {
    const oneWord = durationSplit(positionals, duration);
    throw usageError(`too many arguments: ${positionals.map(shown).join(" ")}`, oneWord ? `write the duration as one word: ${oneWord} (the unit after a space is taken as another argument)` : FORMS);
  }
  if (second !== undefined) {
    if (second.startsWith("arn:")) throw usageError(`role ${shown(second)} is an ARN, so give it alone, without an account`, FORMS);
    return { kind: "account", account: first, role: second };
  }
  return first.startsWith("arn:") ? { kind: "arn", arn: first } : { kind: "profile", name: first };
}

/** The named profile, which must exist and have a role_arn. */
export function roleProfile(name: string, profiles: Profiles, accounts: () => Accounts): Profile {
  const profile = profiles.getProfile(name);
  const roleProfiles = profiles.names().filter((n) => profiles.getProfile(n)?.role_arn !== undefined);
  if (profile === undefined) {
    const known = softly(() => accounts().ids.has(name));
    if (known || /^\d{12}$/.test(name)) {
      throw usageError(`account ${shown(name)} needs a role: no profile ${name} in ${profiles.shownFiles}`, `give ${shown(name)} <role>, e.g. ${shown(name)} read`);
    }
    throw usageError(`unknown profile ${shown(name)}: not in ${profiles.shownFiles}`, `${suggestion(name, roleProfiles, 10, "role profiles")} (${FORMS})`);
  }
  if (profile.role_arn === undefined) {
    throw usageError(
      `profile ${name} has no role_arn, so it names no role to switch to (${profiles.shownFiles})`,
      `add role_arn and source_profile to it, use it as --source-profile, or ${FORMS}`,
    );
  }
  return profile;
}

/** The role a profile target names (accountName = the profile's name). */
export function profileRole(name: string, profile: Profile, profiles: Profiles): ResolvedRole {
  const role = parseRoleArn(profile.role_arn ?? "", profiles.origin(name, "role_arn"));
  return { ...role, accountName: name };
}

/** A bare role ARN (accountName from the accounts file when it knows the id). */
export function arnRole(arn: string, accounts: () => Accounts, warn: Warn): ResolvedRole {
  const role = parseRoleArn(arn);
  return { ...role, accountName: nameOrId(role.accountId, accounts, warn) };
}

/** `<account> <role>`: an account name from the accounts file or a 12-digit id, and a role (path allowed). */
export function accountRole(account: string, role: string, region: string | undefined, accounts: () => Accounts, warn: Warn): ResolvedRole {
  const roleName = checkRoleName(role, `role ${shown(role)}`);
  const partition = partitionOf(region);
  let accountId: string;
  let accountName: string;
  if (/^\d{12}$/.test(account)) {
    accountId = account;
    accountName = nameOrId(account, accounts, warn);
  } else {
    const file = accounts();
    const id = file.ids.get(account);
    if (id === undefined) throw unknownAccount(account, file);
    [accountId, accountName] = [id, account];
  }
  return { partition, accountId, roleName, roleArn: roleArnOf(partition, accountId, roleName), accountName };
}

function unknownAccount(account: string, file: Accounts): UserError {
  if (!file.exists) {
    return usageError(
      `unknown account ${shown(account)}: ${file.shownFile} does not exist`,
      `create it as {${JSON.stringify(account)}: "123456789012"}, set ACCOUNTS_FILE, or give the 12-digit account id`,
    );
  }
  return usageError(`unknown account ${shown(account)}: not in ${file.shownFile}`, `${suggestion(account, [...file.ids.keys()])}; or give the 12-digit account id`);
}

/** The accounts file's name for an id; a broken accounts file only warns here, since the id is known. */
function nameOrId(id: string, accounts: () => Accounts, warn: Warn): string {
  try {
    return accountNameOf(accounts(), id) ?? id;
  } catch (e) {
    if (!isUserError(e)) throw e;
    warn(`${e.message} (ignored: the account id is given)`);
    return id;
  }
}

function softly(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}
