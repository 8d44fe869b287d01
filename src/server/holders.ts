// Who may still hold an endpoint's URL and token, so that the endpoint outlives them all:
// a listener that stops while a shell or a job still holds its URL leaves the port to
// whoever binds it next, and the AWS CLI and SDKs send that listener the token as-is.
//
// Two kinds of holder, both read from /proc (Linux):
// - Sessions. `eval "$(switchrole env --endpoint ...)"` puts the URL in a shell's memory,
//   where no other process can see it; `env --endpoint` records the session it runs in
//   (the terminal's, which the shell, direnv and the shell's jobs share) as a file
//   <cache dir>/server-holders/<session id>. A session is live while any process is in it.
// - Processes whose environment holds the token: every program started with the endpoint's
//   variables (jobs the shell started, `exec --server`'s command and whatever it left
//   running, even in a session of its own: setsid, nohup, a tmux server).
// Without /proc (not Linux), a recorded hand-out counts as live for ever (the server
// then stays until it is stopped), and processes cannot be seen.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";

export const HOLDERS_DIR = "server-holders";
/** The name recorded where sessions cannot be seen: a hand-out that never ends. */
const FOREVER = "forever";

/** The session id of `pid` from /proc/<pid>/stat, or undefined. */
export function sessionOf(pid: number | "self"): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // pid (comm) state ppid pgrp session ...: comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const sid = Number(fields[3]);
    return Number.isInteger(sid) && sid > 0 ? sid : undefined;
  } catch {
    return undefined;
  }
}

/** Records that this process's session is about to receive an endpoint URL (in the 0700 cache directory `dir`). */
export function recordHolder(dir: string): void {
  const holders = join(dir, HOLDERS_DIR);
  mkdirSync(holders, { recursive: true, mode: 0o700 });
  const sid = sessionOf("self");
  closeSync(openSync(join(holders, sid === undefined ? FOREVER : String(sid)), "a", 0o600));
}

function numericEntries(dir: string): number[] {
  return readdirSafe(dir).flatMap((n) => (/^\d+$/.test(n) ? [Number(n)] : []));
}

export interface Holders {
  /** Recorded sessions with a process in them (or a hand-out recorded where sessions cannot be seen). */
  sessions: number;
  /** Processes other than this one whose environment holds the token. */
  processes: number[];
}

/**
 * The holders of `token`'s URL that are live now. `dir` is the cache directory whose
 * recorded sessions count (none when undefined); records of sessions that have ended are
 * removed.
 */
export function liveHolders(token: string, dir?: string): Holders {
  const recorded = dir === undefined ? [] : readdirSafe(join(dir, HOLDERS_DIR));
  if (recorded.includes(FOREVER)) return { sessions: 1, processes: [] };
  const wanted = new Set(dir === undefined ? [] : numericEntries(join(dir, HOLDERS_DIR)));
  const seen = new Set<number>();
  const processes: number[] = [];
  const needle = Buffer.from(token);
  for (const pid of numericEntries("/proc")) {
    if (pid === process.pid) continue;
    if (wanted.size > 0) {
      const sid = sessionOf(pid);
      if (sid !== undefined && wanted.has(sid)) seen.add(sid);
    }
    try {
      // The environment the process was started with; a zombie's is empty.
      if (readFileSync(`/proc/${pid}/environ`).includes(needle)) processes.push(pid);
    } catch {
      // gone, or another user's
    }
  }
  for (const sid of wanted) {
    if (seen.has(sid)) continue;
    try {
      unlinkSync(join(dir as string, HOLDERS_DIR, String(sid)));
    } catch {
      // already gone
    }
  }
  return { sessions: seen.size, processes };
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** "2 sessions and 1 process", for the log. */
export function describeHolders(h: Holders): string {
  const parts: string[] = [];
  if (h.sessions > 0) parts.push(`${h.sessions} session${h.sessions === 1 ? "" : "s"} it handed its URL to`);
  if (h.processes.length > 0) parts.push(`${h.processes.length} process${h.processes.length === 1 ? "" : "es"} holding its token (pid ${h.processes.slice(0, 5).join(", ")}${h.processes.length > 5 ? ", ..." : ""})`);
  return parts.join(" and ");
}

export function anyHolder(h: Holders): boolean {
  return h.sessions > 0 || h.processes.length > 0;
}
