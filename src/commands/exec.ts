// switchrole exec <target> -- <command>: runs a command with the role's credentials in
// its environment (never in its argv) and exits with its code.
import { addedEnv } from "../sts/load";
import { spawn, type ChildProcess } from "node:child_process";
import type { Context } from "../context";
import type { EnvVars, Target } from "../types";
import { parse, commandOptions, requireTarget } from "../args";
import { roleVars } from "../credentials/exports";
import { obtainSession, targetOptions } from "../credentials/wiring";
import { usageError, UserError } from "../errors";
import { constants } from "node:os";

export const execHelp = `Usage: switchrole exec <target> [options] -- <command> [args...]

Runs <command> with the role's temporary credentials in its environment, and exits
with its exit code (128+signal if it was killed). Takes the options of \`switchrole env\`.

  --server   instead of keys, give the command a local credential endpoint
             (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN) that
             hands out fresh role credentials for as long as it runs, from the cached
             MFA session: long jobs never see an expired token. The endpoint stays
             up after the command exits while processes it left running (started
             with its variables) are still there; switchrole then exits with the
             command's code
`;

/**
 * The command's environment: the user's, with the role's variables, and nothing that would
 * take precedence over them or that switchrole set for itself. AWS_PROFILE and
 * AWS_DEFAULT_PROFILE are removed: a profile left from before would pick another
 * profile's settings (region, or with --server even its credentials) over the role's.
 */
export function childEnv(base: NodeJS.ProcessEnv, vars: EnvVars): NodeJS.ProcessEnv {
  const env = { ...base };
  // A one-time code, used up here: a switchrole the command runs must not take it as its own.
  delete env.SWITCHROLE_MFA_CODE;
  // The encrypted key file's passphrase (src/keys/file-backend.ts): a secret the command has no use for.
  delete env.SWITCHROLE_FILE_PASSPHRASE;
  delete env.AWS_PROFILE;
  delete env.AWS_DEFAULT_PROFILE;
  for (const name of addedEnv()) delete env[name];
  for (const [name, value] of vars) {
    if (value === null) delete env[name];
    else env[name] = value;
  }
  return env;
}

export async function execCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io } = ctx;
  const { values, positionals, rest } = parse("exec", argv, commandOptions.exec);
  if (values.help) {
    io.out(execHelp);
    return 0;
  }
  requireTarget("exec", positionals);
  if (rest.length === 0) throw usageError("exec: no command given after --", "for example: switchrole exec dev -- aws sts get-caller-identity");
  const { target, obtained } = await obtainSession(targetOptions(positionals, values), values, ctx);
  if (values.server) return runWithServer(target, rest, ctx);
  const vars = roleVars({ target, role: obtained.role, roleStartedAt: obtained.roleStartedAt });
  return run(rest, childEnv(env, vars));
}

/** The command gets an endpoint (no keys) that lives as long as it runs. */
async function runWithServer(target: Target, command: string[], ctx: Context): Promise<number> {
  const { startTargetEndpoint } = await import("../server/one-target");
  const endpoint = await startTargetEndpoint(target, ctx);
  try {
    const code = await run(command, childEnv(ctx.env, endpoint.vars));
    // Whatever the command left running (`sleep 60 & ...`, a daemon) keeps the URL: the
    // endpoint stays until the last process started with its token is gone.
    await endpoint.whileHeld((line) => ctx.io.err(`switchrole: ${line}\n`));
    return code;
  } finally {
    await endpoint.close();
  }
}

/** Spawns the command, forwards termination signals, resolves with its exit code. */
export function run(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [file, ...args] = command as [string, ...string[]];
  // A Ctrl-C at a terminal already reaches the child (same process group); forwarding it
  // too would make programs like terraform see two interrupts and abort hard.
  const interactive = process.stdin.isTTY === true;
  const forwarded: NodeJS.Signals[] = interactive ? ["SIGTERM", "SIGHUP", "SIGQUIT"] : ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
  return new Promise((resolve, reject) => {
    let child: ChildProcess | undefined = undefined;
    // The handlers go in BEFORE the spawn: the child may already be running (and be
    // signalled through us) before spawn() returns. A signal handled in this tick finds
    // the child set, since handlers run only after this synchronous code.
    const handlers = new Map<NodeJS.Signals, () => void>();
    for (const sig of forwarded) {
      const h = () => void child?.kill(sig);
      handlers.set(sig, h);
      process.on(sig, h);
    }
    if (interactive) process.on("SIGINT", noop);
    const cleanup = () => {
      for (const [sig, h] of handlers) process.off(sig, h);
      process.off("SIGINT", noop);
    };
    child = spawn(file, args, { stdio: "inherit", env });
    child.on("error", (err: NodeJS.ErrnoException) => {
      cleanup();
      reject(
        err.code === "ENOENT"
          ? new UserError(`exec: command not found: ${file}`, undefined, 127)
          : new UserError(`exec: could not run ${file}: ${err.code ?? err.message}`, undefined, 126),
      );
    });
    child.on("exit", (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

function noop() {}
