// What `switchrole list` shows: the accounts file's names and the AWS profiles with a
// role_arn, each with what it resolves to. Config files only: no network, no SDK.
import { loadAccounts, accountNameOf } from "../config/accounts";
import { loadProfiles } from "../config/profiles";
import { displayPath } from "../config/paths";
import { Settings, sourceProfileName } from "../config/source";
import { parseRoleArn } from "../config/role-arn";
import { isUserError, maskKeyId } from "../errors";

export interface ListedAccount {
  name: string;
  accountId: string;
}

export interface ListedProfile {
  name: string;
  roleArn: string;
  /** Absent when role_arn is not a valid role ARN (see error). */
  accountId?: string;
  /** The accounts file's name for the account, if it has one. */
  accountName?: string;
  roleName?: string;
  sourceProfile: string;
  mfaSerial?: string;
  region?: string;
  durationSeconds?: string;
  error?: string;
}

export interface ListedSource {
  name: string;
  /** Masked aws_access_key_id. */
  accessKeyId: string;
  /** Where the keys are when switchrole stores them (`switchrole keys`): "secret-service" or "file". */
  storedIn?: string;
  mfaSerial?: string;
}

export interface ListReport {
  accountsFile: string;
  accounts: ListedAccount[];
  configFiles: string;
  profiles: ListedProfile[];
  sources: ListedSource[];
}

export async function listReport(env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<ListReport> {
  const accounts = loadAccounts(env, warn);
  const profiles = await loadProfiles(env);
  for (const line of profiles.warnings) warn(line);
  const listed: ListedProfile[] = [];
  const sources: ListedSource[] = [];
  for (const name of profiles.names()) {
    const p = profiles.getProfile(name) ?? {};
    const stored = profiles.storedKey(name);
    const keyId = stored?.accessKeyId ?? p.aws_access_key_id;
    if (keyId) sources.push({ name, accessKeyId: maskKeyId(keyId), ...(stored ? { storedIn: stored.backend } : {}), ...(p.mfa_serial ? { mfaSerial: p.mfa_serial } : {}) });
    if (p.role_arn === undefined) continue;
    const item: ListedProfile = { name, roleArn: p.role_arn, sourceProfile: sourceProfileName({}, new Settings(env, profiles, { name, profile: p })).value };
    try {
      const role = parseRoleArn(p.role_arn, profiles.origin(name, "role_arn"));
      item.accountId = role.accountId;
      item.roleName = role.roleName;
      const accountName = accountNameOf(accounts, role.accountId);
      if (accountName) item.accountName = accountName;
    } catch (e) {
      if (!isUserError(e)) throw e;
      item.error = e.message;
    }
    if (p.mfa_serial) item.mfaSerial = p.mfa_serial;
    if (p.region) item.region = p.region;
    if (p.duration_seconds) item.durationSeconds = p.duration_seconds;
    listed.push(item);
  }
  return {
    accountsFile: accounts.shownFile + (accounts.exists ? "" : " (missing)"),
    accounts: [...accounts.ids].map(([name, accountId]) => ({ name, accountId })),
    configFiles: `${displayPath(profiles.configFile, env)}, ${displayPath(profiles.credentialsFile, env)}`,
    profiles: listed,
    sources,
  };
}

export function renderList(r: ListReport): string {
  const lines = [`Accounts (${r.accountsFile}): use as <account> <role>`];
  if (r.accounts.length === 0) lines.push("  (none)");
  const w = Math.max(0, ...r.accounts.map((a) => a.name.length));
  for (const a of r.accounts) lines.push(`  ${a.name.padEnd(w)}  ${a.accountId}`);
  lines.push("", `Role profiles (${r.configFiles}): use as <profile>`);
  if (r.profiles.length === 0) lines.push("  (none)");
  const pw = Math.max(0, ...r.profiles.map((p) => p.name.length));
  for (const p of r.profiles) {
    const facts = p.error
      ? [`invalid: ${p.error}`]
      : [`account ${p.accountName ? `${p.accountName} (${p.accountId})` : p.accountId}`, `source ${p.sourceProfile}`];
    if (p.mfaSerial) facts.push(`MFA ${p.mfaSerial}`);
    if (p.region) facts.push(`region ${p.region}`);
    lines.push(`  ${p.name.padEnd(pw)}  ${p.roleArn}  (${facts.join(", ")})`);
  }
  lines.push("", "Source profiles (with keys):");
  if (r.sources.length === 0) lines.push("  (none)");
  const sw = Math.max(0, ...r.sources.map((s) => s.name.length));
  for (const s of r.sources) lines.push(`  ${s.name.padEnd(sw)}  key ${s.accessKeyId}${s.storedIn ? ` (${s.storedIn})` : ""}${s.mfaSerial ? `  MFA ${s.mfaSerial}` : ""}`);
  return `${lines.join("\n")}\n`;
}
