// `switchrole env --endpoint`: the per-user server's URL for a target, and its token.
import type { EnvVars, Target } from "../types";
import { ensureServer } from "./ensure";
import { endpointVars } from "./endpoint-vars";
import { targetPath } from "./target-path";

export async function endpointEnv(target: Target, env: NodeJS.ProcessEnv): Promise<EnvVars> {
  const server = await ensureServer(env);
  return endpointVars(server.url + targetPath(target), server.token, target);
}
