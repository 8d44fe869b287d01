// The bastion's credentials: static keys from ~/.aws files, else whatever the SDK's
// profile resolution supports (credential_process, SSO). Never the environment's keys.
import type { Credentials, Sourced } from "../types";
import { UserError } from "../errors";
import { loadProfiles, type Profiles } from "../config/profiles";
import { loadSts } from "../sts/load";
import { isCommandFailure, processTimeoutSeconds } from "../run-command";

export async function sourceCredentialsFor(profile: Sourced<string>, env: NodeJS.ProcessEnv, profiles?: Profiles): Promise<Credentials> {
  const files = profiles ?? (await loadProfiles(env));
  const keys = files.staticKeys(profile.value);
  if (keys) return keys;
  const timeoutSeconds = processTimeoutSeconds(env);
  const sts = await loadSts();
  const whose = `the source profile ${profile.value} (from ${profile.from})`;
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
