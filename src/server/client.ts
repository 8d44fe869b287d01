// `switchrole env --endpoint`: the per-user server's URL for a target, and its token.
// The session it is handed to is recorded first (holders.ts), so the server stays up
// for as long as that session may use the URL.
import type { EnvVars, Target } from "../types";
import { ensureServer } from "./ensure";
import { endpointVars } from "./endpoint-vars";
import { recordHolder } from "./holders";
import { ensureServerDir } from "./state";
import { targetPath } from "./target-path";

export async function endpointEnv(target: Target, env: NodeJS.ProcessEnv): Promise<EnvVars> {
  recordHolder(ensureServerDir(env));
  const server = await ensureServer(env);
  return endpointVars(server.url + targetPath(target), server.token, target);
}
