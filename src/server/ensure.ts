// Finding the per-user server, or starting it: `switchrole serve` detached from the
// terminal (its own session, stdio to <cache dir>/server.log), then waiting until it
// answers. Concurrent callers may each spawn one; serve's start-up lock keeps one alive.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { UserError } from "../errors";
import { ensureServerDir, isAlive, readState, type ServerState } from "./state";

export interface EnsureOptions {
  /** argv that runs switchrole (default: this node and this script). */
  command?: string[];
  timeoutMs?: number;
}

export function serverLog(env: NodeJS.ProcessEnv): string {
  return join(ensureServerDir(env), "server.log");
}

export async function ensureServer(env: NodeJS.ProcessEnv, opts: EnsureOptions = {}): Promise<ServerState> {
  const running = readState(env);
  if (running && (await isAlive(running))) return running;
  const log = serverLog(env);
  const fd = openSync(log, "a", 0o600);
  // A small young generation: the server allocates little, and RSS is what users notice.
  const [file, ...args] = opts.command ?? [process.execPath, "--max-semi-space-size=1", process.argv[1] ?? ""];
  try {
    const child = spawn(file as string, [...args, "serve"], { detached: true, stdio: ["ignore", fd, fd], env });
    child.on("error", () => {});
    child.unref();
  } finally {
    closeSync(fd);
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    await sleep(25);
    const state = readState(env);
    if (state && (await isAlive(state))) return state;
  }
  throw new UserError("the credential server (switchrole serve) did not start", `see ${log}`);
}
