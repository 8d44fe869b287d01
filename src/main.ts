// The command table and the one place where errors become exit codes and messages.
import { processIo } from "./io";
import type { Command, Context } from "./context";
import { askOnTerminal } from "./mfa/terminal";
import { UserError, EXIT_USAGE, usageError } from "./errors";
import { version } from "../package.json";

const commands: Record<string, () => Promise<Command>> = {
  env: async () => (await import("./commands/env")).envCommand,
  exec: async () => (await import("./commands/exec")).execCommand,
  "assume-role": async () => (await import("./commands/assume-role")).assumeRoleCommand,
  "shell-init": async () => (await import("./commands/shell-init")).shellInitCommand,
  status: async () => (await import("./commands/status")).statusCommand,
  clear: async () => (await import("./commands/clear")).clearCommand,
  logout: async () => (await import("./commands/clear")).clearCommand,
  login: async () => (await import("./commands/login")).loginCommand,
  list: async () => (await import("./commands/list")).listCommand,
  plan: async () => (await import("./commands/plan")).planCommand,
  direnv: async () => (await import("./commands/direnv")).direnvCommand,
  "credential-process": async () => (await import("./commands/credential-process")).credentialProcessCommand,
  serve: async () => (await import("./commands/serve")).serveCommand,
};

export const mainHelp = `Usage: switchrole <command> [options]

Temporary AWS credentials for a role in another account, from one bastion IAM user's
keys and an MFA code.

Commands:
  env <target>            print the role's credentials as shell assignments
  exec <target> -- <cmd>  run a command with the role's credentials
  shell-init <shell>      define \`sr <target>\` in bash, zsh, fish or pwsh
  assume-role <acct> <role>  the seed's assume-role (see bin/assume-role)

<target> is <account> <role> (from ~/.aws/accounts), an AWS profile with role_arn, or a
role ARN. \`switchrole <command> --help\` tells more.

Options: --help, --version, --debug (stack traces for bugs)
`;

export async function main(argv: string[], env: NodeJS.ProcessEnv, deps: Partial<Omit<Context, "env">> = {}): Promise<number> {
  const ctx: Context = { env, io: deps.io ?? processIo, now: deps.now ?? Date.now, ask: deps.ask ?? askOnTerminal };
  const io = ctx.io;
  const debug = argv.includes("--debug") || env.SWITCHROLE_DEBUG === "1";
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.out(mainHelp);
      return name === undefined ? EXIT_USAGE : 0;
    }
    if (name === "--version" || name === "-V") {
      io.out(`${version}\n`);
      return 0;
    }
    const load = commands[name];
    if (!load) throw usageError(`unknown command: ${name}`, "run `switchrole --help` for the list");
    return await (await load())(rest.filter((a) => a !== "--debug"), ctx);
  } catch (err) {
    if (err instanceof UserError) {
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
