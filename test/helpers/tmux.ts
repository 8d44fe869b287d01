// A small tmux driver for tests that must type at a real terminal (a pty with a
// controlling tty): each session runs on its own private server socket, so tests never
// touch the developer's tmux and can run concurrently. Poll with waitFor, never sleep.
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";

export interface Tmux {
  /** Types text literally (no key names); pass enter=true to press Enter after it. */
  send(text: string, enter?: boolean): Promise<void>;
  /** Presses named keys ("Enter", "C-c", ...). */
  keys(...names: string[]): Promise<void>;
  /**
   * The pane's text, including its scrollback (trailing blank lines dropped); with
   * escapes: true, also the colours and attributes as SGR escape sequences (capture-pane -e).
   */
  capture(opts?: { escapes?: boolean }): Promise<string>;
  /** Polls the pane until it matches; returns the captured text. Throws with the pane on timeout. */
  waitFor(pattern: string | RegExp | ((pane: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Kills the session's server (idempotent). */
  kill(): Promise<void>;
  socket: string;
}

export interface TmuxOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  width?: number;
  height?: number;
}

function tmux(socket: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("tmux", ["-L", socket, "-f", "/dev/null", ...args], { env: env ?? process.env, encoding: "utf8" }, (err, stdout, stderr) => {
      if (err) reject(new Error(`tmux ${args[0]}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

function matches(pane: string, pattern: string | RegExp | ((pane: string) => boolean)): boolean {
  if (typeof pattern === "string") return pane.includes(pattern);
  if (pattern instanceof RegExp) return pattern.test(pane);
  return pattern(pane);
}

/**
 * Starts `command` (argv; e.g. ["bash", "--norc", "-i"]) in a new detached session.
 * The server's environment is exactly opts.env (plus TERM), so the shell sees a clean env.
 */
export async function startTmux(command: string[], opts: TmuxOptions = {}): Promise<Tmux> {
  const socket = `switchrole-test-${process.pid}-${randomBytes(4).toString("hex")}`;
  const env: NodeJS.ProcessEnv = { TERM: "xterm-256color", ...(opts.env ?? process.env) };
  delete env.TMUX;
  const args = ["new-session", "-d", "-x", String(opts.width ?? 200), "-y", String(opts.height ?? 50)];
  if (opts.cwd) args.push("-c", opts.cwd);
  // Keep the pane after the program exits, so its last words can still be captured.
  await tmux(socket, [...args, "--", ...command], env);
  await tmux(socket, ["set-option", "-g", "remain-on-exit", "on"], env).catch(() => undefined);
  await tmux(socket, ["set-option", "-g", "history-limit", "10000"], env).catch(() => undefined);
  // kill-server leaves the socket file behind; it is removed in kill().
  const socketPath = (await tmux(socket, ["display-message", "-p", "#{socket_path}"], env).catch(() => "")).trim();
  let killed = false;
  const onExit = () => {
    if (killed) return;
    try {
      execFileSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
    } catch {
      // already gone
    }
    if (socketPath) rmSync(socketPath, { force: true });
  };
  process.once("exit", onExit);

  const t: Tmux = {
    socket,
    send: async (text, enter = false) => {
      if (text) await tmux(socket, ["send-keys", "-t", "0", "-l", "--", text]);
      if (enter) await tmux(socket, ["send-keys", "-t", "0", "Enter"]);
    },
    keys: async (...names) => void (await tmux(socket, ["send-keys", "-t", "0", ...names])),
    capture: async (opts = {}) => (await tmux(socket, ["capture-pane", "-p", "-J", ...(opts.escapes ? ["-e"] : []), "-S", "-", "-t", "0"])).replace(/\n\s*$/, ""),
    waitFor: async (pattern, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      let pane = "";
      for (let delay = 10; ; delay = Math.min(delay * 2, 100)) {
        pane = await t.capture().catch((e: Error) => `<capture failed: ${e.message}>`);
        if (matches(pane, pattern)) return pane;
        if (Date.now() > deadline) throw new Error(`tmux: timed out after ${timeoutMs} ms waiting for ${String(pattern)}; the pane shows:\n${pane}`);
        await new Promise((r) => setTimeout(r, delay));
      }
    },
    kill: async () => {
      if (killed) return;
      killed = true;
      process.removeListener("exit", onExit);
      await tmux(socket, ["kill-server"]).catch(() => undefined);
      if (socketPath) rmSync(socketPath, { force: true });
    },
  };
  return t;
}
