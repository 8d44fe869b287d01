// The command table and the one place where errors become exit codes and messages.
import { processIo } from "./io";
import type { Command, Context } from "./context";
import { askOnTerminal, type Ask } from "./mfa/terminal";
import { askRedrawingAfter } from "./direnv/ask";
import { warningAt } from "./direnv/warn-timeout";
import { isUserError, EXIT_USAGE, usageError } from "./errors";
import { version } from "../package.json";

// Each command is loaded (and, in dist/, parsed) only when it runs: see scripts/build.mjs.
const commands: Record<string, () => Command> = {
  env: () => (require("./commands/env") as typeof import("./commands/env")).envCommand,
  exec: () => (require("./commands/exec") as typeof import("./commands/exec")).execCommand,
  "assume-role": () => (require("./commands/assume-role") as typeof import("./commands/assume-role")).assumeRoleCommand,
  "shell-init": () => (require("./commands/shell-init") as typeof import("./commands/shell-init")).shellInitCommand,
  completion: () => (require("./commands/completion") as typeof import("./commands/completion")).completionCommand,
  // For the completion scripts, on every Tab: see src/completion/protocol.ts.
  __complete: () => (require("./commands/completion") as typeof import("./commands/completion")).completeWordsCommand,
  status: () => (require("./commands/status") as typeof import("./commands/status")).statusCommand,
  clear: () => (require("./commands/clear") as typeof import("./commands/clear")).clearCommand,
  logout: () => (require("./commands/clear") as typeof import("./commands/clear")).clearCommand,
  login: () => (require("./commands/login") as typeof import("./commands/login")).loginCommand,
  list: () => (require("./commands/list") as typeof import("./commands/list")).listCommand,
  plan: () => (require("./commands/plan") as typeof import("./commands/plan")).planCommand,
  direnv: () => (require("./commands/direnv") as typeof import("./commands/direnv")).direnvCommand,
  "credential-process": () => (require("./commands/credential-process") as typeof import("./commands/credential-process")).credentialProcessCommand,
  keys: () => (require("./commands/keys") as typeof import("./commands/keys")).keysCommand,
  serve: () => (require("./commands/serve") as typeof import("./commands/serve")).serveCommand,
};

export const mainHelp = `Usage: switchrole <command> [options]

Temporary AWS credentials for a role in another account, from one bastion IAM user's
keys and an MFA code.

Commands:
  env <target>               print the role's credentials as shell assignments
  exec <target> -- <cmd>     run a command with the role's credentials
                             (--server: through a local endpoint that refreshes them)
  credential-process <target>  the JSON for credential_process in ~/.aws/config
  status                     cached sessions and the time they have left
  login [<source-profile>]   start a new MFA session (one code for the day)
  clear [<target> | --all]   remove cached sessions (alias: logout)
  list                       the accounts and role profiles you can switch to
  plan <target>              the STS calls it would make, and why (no network)
  shell-init <shell>         define \`sr <target>\` (and \`sr -u\`) in bash, zsh, fish or pwsh,
                             with tab completion
  completion <shell>         the tab-completion script for bash, zsh or fish
  keys add|list|remove|rotate <profile>  the source's keys in the OS keyring (or an
                             encrypted file) instead of ~/.aws/credentials; rotate safely
  direnv install|print       \`use switchrole <target>\` for .envrc files
  serve                      the per-user credential endpoint (started on demand)
  assume-role <acct> <role>  the seed's assume-role (\`source "$(which assume-role)"\`)

<target> is <account> <role> (from ~/.aws/accounts), an AWS profile with role_arn, or a
role ARN. \`switchrole <command> --help\` tells more.

Options: --help, --version, --debug (stack traces for bugs)
`;

/**
 * --debug is switchrole's only before the first `--`: what follows is another program's
 * argv (`exec t -- cmd --debug`), passed on untouched. SWITCHROLE_DEBUG=1 turns it on too.
 */
function debugOption(argv: string[], env: NodeJS.ProcessEnv): { debug: boolean; args: string[] } {
  const dash = argv.indexOf("--");
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const flagged = own.includes("--debug");
  const args = flagged ? [...own.filter((a) => a !== "--debug"), ...(dash === -1 ? [] : argv.slice(dash))] : argv;
  return { debug: flagged || env.SWITCHROLE_DEBUG === "1", args };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, deps: Partial<Omit<Context, "env">> = {}): Promise<number> {
  const now = deps.now ?? Date.now;
  // Inside an .envrc (the seed's assume-role form too), the prompt survives direnv's warning.
  const ask: Ask = deps.ask ?? (env.DIRENV_IN_ENVRC === "1" ? askRedrawingAfter(warningAt(env, now()), now) : (q) => askOnTerminal(q));
  const ctx: Context = { env, io: deps.io ?? processIo, now, ask };
  const io = ctx.io;
  const { debug, args } = debugOption(argv, env);
  // Stack traces through dist/*.js.map (scripts/build.mjs), for the command bundle and all
  // it loads: Node maps only files loaded after this. (bin/switchrole does it before the
  // dispatcher too.) Without --debug, nothing: no map is ever read.
  if (debug) process.setSourceMapsEnabled(true);
  const [name, ...rest] = args;
  try {
    if (name === undefined) {
      // A usage error: the help goes to stderr, stdout stays empty.
      io.err(mainHelp);
      return EXIT_USAGE;
    }
    if (name === "help" && rest.length > 0) {
      // `switchrole help env` is `switchrole env --help`.
      const [topic, ...more] = rest;
      const command = commands[topic as string];
      if (!command) throw usageError(`help: unknown command ${JSON.stringify(topic)}`, "run `switchrole --help` for the list");
      if (more.length > 0) throw usageError(`help: unexpected argument ${JSON.stringify(more[0])}`, `use \`switchrole help ${topic}\``);
      return await command()(["--help"], ctx);
    }
    if (name === "--help" || name === "-h" || name === "help") {
      io.out(mainHelp);
      return 0;
    }
    if (name === "--version" || name === "-V") {
      io.out(`${version}\n`);
      return 0;
    }
    const load = commands[name];
    if (!load) throw usageError(`unknown command: ${name}`, "run `switchrole --help` for the list");
    return await load()(rest, ctx);
  } catch (err) {
    if (isUserError(err)) {
      io.err(`switchrole: ${err.message}\n`);
      if (err.hint) io.err(`  hint: ${err.hint}\n`);
      if (debug && err.stack) io.err(`${err.stack}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    io.err(`switchrole: unexpected error: ${e?.message ?? String(err)}\n`);
    if (debug) io.err(`${e?.stack ?? ""}\n`);
    else io.err("  hint: run again with --debug for details, and please report it\n");
    return 1;
  }
}
