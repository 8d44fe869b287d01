// The source profile a command without a target acts on: --source-profile, else
// $AWS_PROFILE_ASSUME_ROLE, else "default" (the same order as resolving a target).
import { envValue } from "../config/paths";

export function defaultSourceProfile(flag: string | undefined, env: NodeJS.ProcessEnv): { value: string; from: string } {
  if (flag !== undefined) return { value: flag, from: "--source-profile" };
  const fromEnv = envValue(env, "AWS_PROFILE_ASSUME_ROLE");
  if (fromEnv !== undefined) return { value: fromEnv, from: "AWS_PROFILE_ASSUME_ROLE" };
  return { value: "default", from: "default" };
}
