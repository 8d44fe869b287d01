// switchrole serve: the per-user credential endpoint behind `switchrole env --endpoint`.
// Usually started on demand (detached); running it by hand works too.
import type { Context } from "../context";
import { parse, commandOptions } from "../args";
import { parseSeconds } from "../cache/ttl";
import { usageError } from "../errors";

export const serveHelp = `Usage: switchrole serve [--idle <time>]

Runs the local credential endpoint that \`switchrole env --endpoint\` points the AWS SDKs
and CLI at (started on demand; you rarely run this yourself). It listens on 127.0.0.1
only, requires its random token on every request, hands out role credentials from the
cache, refreshing them from the cached MFA session, and never asks for an MFA code.
Its address and token are in <cache dir>/server.json (mode 0600).

Options:
  --idle <time>   exit after this long without a request: 90s, 30m, 8h
                  (default: $SWITCHROLE_SERVE_IDLE, else 8h), but only once no
                  session it handed its URL to has a process left and no process
                  started with its token is running (Linux; elsewhere it stays
                  until stopped once it has handed out a URL)
`;

const DEFAULT_IDLE = "8h";

export function idleSeconds(text: string, from: string): number {
  const s = parseSeconds(text);
  if (s === undefined || s < 1 || s > 7 * 24 * 3600) throw usageError(`${from} ${JSON.stringify(text)} is not a duration between 1s and 168h`, "for example: 30m, 8h");
  return s;
}

export async function serveCommand(argv: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parse("serve", argv, commandOptions.serve);
  if (values.help) {
    ctx.io.out(serveHelp);
    return 0;
  }
  if (positionals.length > 0) throw usageError("serve takes no target: it serves every target by path", "see `switchrole serve --help`");
  const fromEnv = ctx.env.SWITCHROLE_SERVE_IDLE;
  const idle = values.idle !== undefined ? idleSeconds(values.idle, "--idle") : idleSeconds(fromEnv || DEFAULT_IDLE, fromEnv ? "SWITCHROLE_SERVE_IDLE=" : "default");
  const log = (line: string) => ctx.io.err(`${new Date().toISOString()} switchrole serve[${process.pid}]: ${line}\n`);
  const { startServer } = await import("../server/daemon");
  const started = await startServer(ctx, { idleMs: idle * 1000, log });
  if (started.kind === "running") {
    log(`already running as pid ${started.state.pid} on ${started.state.url}`);
    return 0;
  }
  const onSignal = () => void started.stop();
  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.once(sig, onSignal);
  await started.done;
  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.off(sig, onSignal);
  return 0;
}
