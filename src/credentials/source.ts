// The bastion's credentials: static keys from ~/.aws files, else whatever the SDK's
// profile resolution supports (credential_process, SSO). Never the environment's keys.
import type { Credentials, Sourced } from "../types";
import { UserError, usageError } from "../errors";
import { loadProfiles, type Profiles } from "../config/profiles";
import { loadSts } from "../sts/load";
import { isCommandFailure, processTimeoutSeconds } from "../run-command";
import type { StoredKey } from "../keys/meta";
import { askSecretOnTerminal } from "../mfa/terminal";

/** The profile's keys from the keyring or the encrypted file; a clear line when they are not there. */
async function storedKeysFor(profile: Sourced<string>, stored: StoredKey, env: NodeJS.ProcessEnv): Promise<Credentials> {
  const { openStore } = require("../keys/store") as typeof import("../keys/store");
  const store = openStore(stored.backend, { env, askSecret: askSecretOnTerminal });
  const keys = await store.get(profile.value);
  if (!keys) {
    throw new UserError(
      `the keys of the source profile ${profile.value} (from ${profile.from}) are not in ${store.shown}, though switchrole stored them there`,
      `add them again with \`switchrole keys add ${profile.value}\`, or forget them with \`switchrole keys remove ${profile.value}\``,
    );
  }
  return { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
}

export async function sourceCredentialsFor(profile: Sourced<string>, env: NodeJS.ProcessEnv, profiles?: Profiles): Promise<Credentials> {
  const files = profiles ?? (await loadProfiles(env));
  // Keys switchrole stores (`switchrole keys add`) come first; the keyring is opened only now, on a miss.
  const stored = files.storedKey(profile.value);
  if (stored) return storedKeysFor(profile, stored, env);
  const keys = files.staticKeys(profile.value);
  if (keys) return keys;
  const whose = `the source profile ${profile.value} (from ${profile.from})`;
  const p = files.getProfile(profile.value);
  if (p?.role_arn !== undefined && p.mfa_serial !== undefined) {
    // The SDK would assume that role and then fail for want of an MFA callback.
    const bastion = p.source_profile;
    throw usageError(
      `${whose} is a role profile (it has ${files.origin(profile.value, "role_arn")}), so it cannot be the source: the source is the bastion user's profile with its keys`,
      bastion
        ? `use its source_profile: --source-profile ${bastion} or AWS_PROFILE_ASSUME_ROLE=${bastion}; or give ${profile.value} as the target (switchrole env ${profile.value})`
        : `name the bastion's profile with --source-profile or AWS_PROFILE_ASSUME_ROLE, or give ${profile.value} as the target (switchrole env ${profile.value})`,
    );
  }
  const viaSdk = p !== undefined && ["credential_process", "sso_session", "sso_start_url", "web_identity_token_file", "credential_source"].some((k) => p[k] !== undefined);
  if (!viaSdk && !files.credentialsFileExists) {
    throw usageError(
      `no credentials for ${whose}: ${files.shownCredentialsFile} does not exist`,
      `create it with a [${profile.value}] section holding aws_access_key_id and aws_secret_access_key (e.g. \`aws configure --profile ${profile.value}\`), or set AWS_SHARED_CREDENTIALS_FILE to where yours is`,
    );
  }
  const timeoutSeconds = processTimeoutSeconds(env);
  const sts = await loadSts();
  try {
    return await sts.profileCredentials(profile.value, { configFile: files.configFile, credentialsFile: files.credentialsFile, texts: files.texts, timeoutSeconds });
  } catch (err) {
    if (isCommandFailure(err)) {
      // Only how it ended: what it printed (on stderr too) may be secret, and is its to show.
      const where = files.origin(profile.value, "credential_process");
      throw new UserError(
        `no credentials for ${whose}: ${where} ${err.why}`,
        err.timedOut
          ? "run it by hand to see why, or allow it more time with SWITCHROLE_PROCESS_TIMEOUT (e.g. 5m)"
          : "run it by hand to see why (switchrole does not show its output)",
      );
    }
    const why = err instanceof Error ? err.message.replace(/\s+/g, " ").trim() : String(err);
    throw new UserError(
      `no credentials for ${whose}: ${why}`,
      `add aws_access_key_id and aws_secret_access_key to [${profile.value}] in ${files.shownCredentialsFile}, or choose another profile with --source-profile or AWS_PROFILE_ASSUME_ROLE`,
    );
  }
}
