// The bastion's credentials: static keys from ~/.aws files, else whatever the SDK's
// profile resolution supports (credential_process, SSO). Never the environment's keys.
import type { Credentials, Sourced } from "../types";
import { UserError } from "../errors";
import { loadProfiles, type Profiles } from "../config/profiles";
import { loadSts } from "../sts/load";

export async function sourceCredentialsFor(profile: Sourced<string>, env: NodeJS.ProcessEnv, profiles?: Profiles): Promise<Credentials> {
  const keys = (profiles ?? (await loadProfiles(env))).staticKeys(profile.value);
  if (keys) return keys;
  const sts = await loadSts();
  try {
    return await sts.profileCredentials(profile.value);
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/\s+/g, " ").trim() : String(err);
    throw new UserError(
      `no credentials for the source profile ${profile.value} (from ${profile.from}): ${why}`,
      `add aws_access_key_id and aws_secret_access_key to [${profile.value}] in ~/.aws/credentials, or choose another profile with --source-profile or AWS_PROFILE_ASSUME_ROLE`,
    );
  }
}
