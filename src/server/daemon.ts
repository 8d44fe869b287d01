// `switchrole serve`: one endpoint per user (per cache directory) serving every target by
// path, until it has had no request for the idle time AND nothing can still hold its URL
// (holders.ts: the sessions it was handed to, processes started with its token), so that
// no port another user could bind is left in anyone's environment. Start-up holds a lock
// while it checks for a live server and publishes its own, so two starts never both serve.
import type { Context } from "../context";
import type { Target } from "../types";
import { openCache } from "../cache";
import { minTtlSeconds } from "../cache/ttl";
import { DEFAULT_LOCK_TIMING, withFileLock } from "../cache/lock";
import { startEndpoint, type Endpoint } from "./http";
import { refresher } from "./refresh";
import { router } from "./router";
import { cacheGeneration, CredentialMemo } from "./single-flight";
import { parseTargetPath } from "./target-path";
import { newToken } from "./token";
import { anyHolder, describeHolders, liveHolders } from "./holders";
import { ensureServerDir, isAlive, lockPath, readState, removeState, statePath, writeState, type ServerState } from "./state";

export interface ServeOptions {
  idleMs: number;
  log: (line: string) => void;
}

export type Started =
  | { kind: "started"; state: ServerState; endpoint: Endpoint; memo: CredentialMemo<Target>; done: Promise<void>; stop(): Promise<void> }
  | { kind: "running"; state: ServerState };

export async function startServer(ctx: Pick<Context, "env" | "now" | "io">, opts: ServeOptions): Promise<Started> {
  const { env } = ctx;
  const dir = ensureServerDir(env);
  const minTtl = minTtlSeconds(env);
  const cache = openCache(env, { warn: opts.log });
  const memo = new CredentialMemo(refresher({ env, now: ctx.now, cache, minTtlSeconds: minTtl, say: opts.log }), ctx.now, minTtl, cacheGeneration(cache.dir));
  let lastRequest = Date.now();
  return withFileLock(statePath(env), lockPath(env), DEFAULT_LOCK_TIMING, opts.log, async (): Promise<Started> => {
    const existing = readState(env);
    if (existing && existing.pid !== process.pid && (await isAlive(existing))) return { kind: "running", state: existing };
    const token = newToken();
    const endpoint = await startEndpoint({
      token,
      log: opts.log,
      onRequest: () => void (lastRequest = Date.now()),
      route: router({ memo, targetOf: parseTargetPath, log: opts.log }),
    });
    const state: ServerState = { version: 1, pid: process.pid, url: endpoint.url, token, startedAt: new Date().toISOString() };
    writeState(env, state);
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        clearInterval(timer);
        removeState(env, process.pid);
        await endpoint.close();
        finish();
      })());
    let held = "";
    /** Whether the idle server may exit: nothing it handed out can be live. */
    const mayExit = (): boolean => {
      const holders = liveHolders(token, dir);
      if (!anyHolder(holders)) return true;
      const now = describeHolders(holders);
      if (now !== held) opts.log(`idle for ${Math.round(opts.idleMs / 1000)}s, but staying up for ${now}`);
      held = now;
      return false;
    };
    let checking = false;
    const timer = setInterval(() => {
      if (stopping || checking || Date.now() - lastRequest < opts.idleMs || !mayExit()) return;
      checking = true;
      // Under the start-up lock, so no server starts in between: a hand-out records its
      // holder before it reads server.json, so once the file is gone a second look sees
      // every holder that could have found this server.
      withFileLock(statePath(env), lockPath(env), DEFAULT_LOCK_TIMING, opts.log, async () => {
        removeState(env, process.pid);
        if (!mayExit()) return writeState(env, state);
        opts.log(`idle for ${Math.round(opts.idleMs / 1000)}s and nothing holds its URL; exiting`);
        await stop();
      })
        .catch((err: unknown) => opts.log(`could not stop: ${(err as Error)?.message ?? String(err)}`))
        .finally(() => (checking = false));
    }, Math.max(50, Math.min(opts.idleMs / 4, 60_000)));
    opts.log(`listening on ${endpoint.url} (pid ${process.pid}); exits after ${Math.round(opts.idleMs / 1000)}s without a request once nothing holds its URL`);
    return { kind: "started", state, endpoint, memo, done, stop };
  });
}
