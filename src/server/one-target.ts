// `switchrole exec --server`: an endpoint inside the switchrole process that serves one
// target for as long as the command runs.
import type { Context } from "../context";
import type { EnvVars, Target } from "../types";
import { openCache } from "../cache";
import { minTtlSeconds } from "../cache/ttl";
import { startEndpoint } from "./http";
import { refresher } from "./refresh";
import { router } from "./router";
import { cacheGeneration, CredentialMemo } from "./single-flight";
import { newToken } from "./token";
import { endpointVars } from "./endpoint-vars";

export const CREDENTIALS_PATH = "/credentials";

export interface TargetEndpoint {
  vars: EnvVars;
  url: string;
  close(): Promise<void>;
  memo: CredentialMemo<Target>;
}

export async function startTargetEndpoint(target: Target, ctx: Pick<Context, "env" | "now" | "io">): Promise<TargetEndpoint> {
  const log = (line: string): void => {
    if (ctx.env.SWITCHROLE_SERVER_LOG === "1") ctx.io.err(`switchrole server: ${line}\n`);
  };
  const minTtl = minTtlSeconds(ctx.env);
  const cache = openCache(ctx.env, { warn: (line) => ctx.io.err(`${line}\n`) });
  const memo = new CredentialMemo(refresher({ env: ctx.env, now: ctx.now, cache, minTtlSeconds: minTtl, say: log }), ctx.now, minTtl, cacheGeneration(cache.dir));
  const token = newToken();
  const endpoint = await startEndpoint({
    token,
    log,
    route: router({ memo, targetOf: (p) => (p === CREDENTIALS_PATH ? target : undefined), log }),
  });
  const url = endpoint.url + CREDENTIALS_PATH;
  return { vars: endpointVars(url, token, target), url, close: endpoint.close, memo };
}
