// Where a running `switchrole serve` can be found: <cache dir>/server.json, mode 0600 in
// the 0700 cache directory, holding its pid, URL and token. Written atomically (temporary
// file + rename); a file someone else could read or write is ignored, never trusted.
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { cacheDir } from "../cache/paths";
import { trustedDirChain, untrusted } from "../cache/permissions";
import { UserError } from "../errors";
import { newNonce, proofOf, PROOF_PATH, tokenMatches } from "./token";

export interface ServerState {
  version: 1;
  pid: number;
  url: string;
  token: string;
  startedAt: string;
}

export function serverDir(env: NodeJS.ProcessEnv): string {
  return cacheDir(env);
}

/** The directory's real path, when neither it nor the way to it can be swapped by another user; else throws. */
function trustedServerDir(env: NodeJS.ProcessEnv): string {
  const trusted = trustedDirChain(serverDir(env));
  if (!("real" in trusted)) throw new UserError(trusted.line.replace(/^switchrole: /, ""));
  return trusted.real;
}

export function statePath(env: NodeJS.ProcessEnv): string {
  return join(trustedServerDir(env), "server.json");
}

export function lockPath(env: NodeJS.ProcessEnv): string {
  return join(trustedServerDir(env), "server.lock");
}

/** Creates the directory 0700 and refuses one that others could write or swap; returns its real path. */
export function ensureServerDir(env: NodeJS.ProcessEnv): string {
  mkdirSync(serverDir(env), { recursive: true, mode: 0o700 });
  return trustedServerDir(env);
}

export function readState(env: NodeJS.ProcessEnv): ServerState | undefined {
  try {
    const path = statePath(env);
    const st = statSync(path);
    if (untrusted(path, st, false) || (st.mode & 0o077) !== 0) return undefined;
    const o = JSON.parse(readFileSync(path, "utf8")) as Partial<ServerState>;
    const ok =
      o.version === 1 &&
      Number.isInteger(o.pid) &&
      typeof o.url === "string" &&
      /^http:\/\/127\.0\.0\.1:\d+$/.test(o.url) &&
      typeof o.token === "string" &&
      /^[A-Za-z0-9_-]{43}$/.test(o.token);
    return ok ? (o as ServerState) : undefined;
  } catch {
    return undefined;
  }
}

export function writeState(env: NodeJS.ProcessEnv, state: ServerState): void {
  const path = statePath(env);
  const temp = `${path}.${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/** Removes the file if it still describes this process. */
export function removeState(env: NodeJS.ProcessEnv, pid: number): void {
  if (readState(env)?.pid !== pid) return;
  try {
    unlinkSync(statePath(env));
  } catch {
    // already gone
  }
}

/**
 * True when the server the file names is ours and alive, proved without sending it the
 * token: the pid is one we may signal; on Linux the listening socket on its port belongs
 * to our uid (/proc/net/tcp); and the listener answers a fresh nonce with the HMAC that
 * only the token's holder can compute. A listener another local user bound on a dead
 * server's port (port squatting) fails both, and never sees the token.
 */
export async function isAlive(state: ServerState, timeoutMs = 1000): Promise<boolean> {
  // Our server runs as us: a pid we may not signal (EPERM) is someone else's process that
  // reused a dead server's pid, and its port may be theirs too.
  try {
    process.kill(state.pid, 0);
  } catch {
    return false;
  }
  let url: URL;
  try {
    url = new URL(state.url);
  } catch {
    return false;
  }
  if (url.hostname !== "127.0.0.1" || url.protocol !== "http:") return false;
  const port = Number(url.port);
  if (listenerOwner(port) === "other") return false;
  const nonce = newNonce();
  // node:http rather than fetch: loading undici would cost the server ~8 MB and the CLI time.
  return new Promise<boolean>((resolve) => {
    const req = get({ host: url.hostname, port: url.port, path: `${PROOF_PATH}?nonce=${nonce}`, timeout: timeoutMs, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
        if (body.length > 4096) req.destroy();
      });
      res.on("end", () => {
        try {
          const proof = (JSON.parse(body) as { Proof?: unknown }).Proof;
          resolve(res.statusCode === 200 && typeof proof === "string" && tokenMatches(proof, proofOf(state.token, `127.0.0.1:${port}`, nonce)));
        } catch {
          resolve(false);
        }
      });
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/**
 * Who listens on <port>, from the kernel's socket tables (Linux): "us", "other" (some
 * listener on it has another uid: never connect), or "unknown" (no /proc, or no
 * listener: the connection then fails, or the proof decides).
 */
export function listenerOwner(port: number, uid = process.getuid?.()): "us" | "other" | "unknown" {
  if (uid === undefined) return "unknown";
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  let found: "us" | "other" | "unknown" = "unknown";
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid ...
      const f = line.trim().split(/\s+/);
      if (f.length < 8 || f[3] !== "0A") continue; // 0A: LISTEN
      // Any address: a foreign listener on this port anywhere is reason enough not to connect.
      if ((f[1] ?? "").split(":").pop() !== hexPort) continue;
      if (Number(f[7]) !== uid) return "other";
      found = "us";
    }
  }
  return found;
}
