// The bastion's credentials: static keys from ~/.aws files, else whatever the SDK's
// profile resolution supports (credential_process, SSO). Never the environment's keys.
import type { Credentials, Sourced } from "../types";
import { loadProfiles } from "../config/profiles";
import { loadSts } from "../sts/load";

export async function sourceCredentialsFor(profile: Sourced<string>, env: NodeJS.ProcessEnv): Promise<Credentials> {
  const keys = (await loadProfiles(env)).staticKeys(profile.value);
  if (keys) return keys;
  const sts = await loadSts();
  return sts.profileCredentials(profile.value);
}
