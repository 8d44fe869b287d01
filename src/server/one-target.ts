// `switchrole exec --server`: an endpoint inside the switchrole process that serves one
// target for as long as the command runs, and after it has exited for as long as any
// process it left holds the endpoint's token (holders.ts), so no process is left with a
// URL whose port another user could bind.
import { setTimeout as sleep } from "node:timers/promises";
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
import { describeHolders, liveHolders } from "./holders";

export const CREDENTIALS_PATH = "/credentials";

export interface TargetEndpoint {
  vars: EnvVars;
  url: string;
  close(): Promise<void>;
  /** Resolves once no process other than this one has the token in its environment. */
  whileHeld(say: (line: string) => void): Promise<void>;
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
  const whileHeld = async (say: (line: string) => void): Promise<void> => {
    // A scan reads every process's environment (about 20 µs each): checked often at
    // first, then every 2 s for something that stays.
    for (let pollMs = 50; ; pollMs = Math.min(2000, pollMs * 2)) {
      const holders = liveHolders(token);
      if (holders.processes.length === 0) return;
      if (pollMs === 50) say(`the command has exited; its endpoint stays up for the ${describeHolders(holders)}`);
      await sleep(pollMs);
    }
  };
  return { vars: endpointVars(url, token, target), url, close: endpoint.close, whileHeld, memo };
}
