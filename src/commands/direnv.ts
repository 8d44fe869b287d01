// switchrole direnv install | print: the direnv library (`use switchrole ...` in .envrc).
// Hidden, for the library itself: `direnv env <target> [env options]` and `direnv state-file`.
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { homeDir } from "../config/paths";
import { readTextFile } from "../config/local-file";
import type { Context } from "../context";
import { libraryScript } from "../direnv/library";
import { askRedrawingAfter } from "../direnv/ask";
import { warningAt } from "../direnv/warn-timeout";
import { cacheDir, stateFile } from "../cache/paths";
import { quote } from "../shells/posix";
import { envCommand } from "./env";
import { usageError } from "../errors";

export const direnvHelp = `Usage: switchrole direnv install | print

  install   write the direnv library to $DIRENV_CONFIG/lib/switchrole.sh, else to
            $XDG_CONFIG_HOME/direnv/lib/ (default ~/.config/direnv/lib/; direnv loads
            every lib/*.sh)
  print     print the library, for dotfiles managed by hand

Then, in an .envrc:
  use switchrole private_aws sample_switch_role
  use switchrole my-profile --duration 1h      # any \`switchrole env\` option
  use switchrole --refresh private_aws sample_switch_role   # self-refreshing endpoint

The MFA prompt is on the terminal. When direnv says the .envrc "is taking a while to
execute" in the middle of it, switchrole draws the prompt again below that line: keep
typing there. (Raise the delay with warn_timeout in direnv.toml or DIRENV_WARN_TIMEOUT.)
`;

/** The bin/switchrole next to this code (dist/ in the package, src/ under tsx), else "" (PATH). */
export function installedBin(): string {
  for (const rel of ["../bin/switchrole", "../../bin/switchrole"]) {
    const p = resolve(__dirname, rel);
    if (existsSync(p)) return p;
  }
  return "";
}

/** Where direnv looks for libraries: $DIRENV_CONFIG, else $XDG_CONFIG_HOME/direnv, else ~/.config/direnv. */
export function libraryPath(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homeDir(env), ".config");
  const configDir = env.DIRENV_CONFIG || join(xdg, "direnv");
  return join(configDir, "lib", "switchrole.sh");
}

export async function direnvCommand(argv: string[], ctx: Context): Promise<number> {
  const { env, io } = ctx;
  const [sub, ...rest] = argv;
  switch (sub) {
    case "install": {
      if (rest.length > 0) throw usageError(`direnv install: unexpected ${rest[0]}`, "see `switchrole direnv --help`");
      const path = libraryPath(env);
      const text = libraryScript(installedBin());
      // Read without blocking or following a FIFO's stream: whatever is there and not this text is replaced.
      const read = readTextFile(path, 1024 * 1024);
      const current = read.ok ? read.text : undefined;
      if (current === text) {
        io.err(`switchrole: ${path} is up to date\n`);
        return 0;
      }
      mkdirSync(dirname(path), { recursive: true });
      // A temporary file renamed into place: direnv never sources half a library.
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, text, { mode: 0o644 });
      renameSync(tmp, path);
      io.err(`switchrole: ${!read.ok && read.problem === "missing" ? "wrote" : "updated"} ${path}\n`);
      io.err(`  in an .envrc: use switchrole <account> <role>\n`);
      return 0;
    }
    case "print":
      io.out(libraryScript(installedBin()));
      return 0;
    case "state-file":
      io.out(`${stateFile(cacheDir(env))}\n`);
      return 0;
    case "env":
      return directedEnv(rest, ctx);
    case undefined:
    case "--help":
    case "-h":
      io.out(direnvHelp);
      return sub === undefined ? 2 : 0;
    default:
      throw usageError(`direnv: unknown subcommand ${sub}`, "use `switchrole direnv install` or `switchrole direnv print`");
  }
}

/** `switchrole env --shell bash ...` for use_switchrole, plus `watch_file <state file>`. */
async function directedEnv(argv: string[], ctx: Context): Promise<number> {
  let out = "";
  const code = await envCommand([...argv, "--shell", "bash"], {
    ...ctx,
    io: { out: (text) => void (out += text), err: ctx.io.err, stdoutIsTTY: false },
    ask: askRedrawingAfter(warningAt(ctx.env, ctx.now()), ctx.now),
  });
  if (code !== 0) return code;
  ctx.io.out(`${out}watch_file ${quote(stateFile(cacheDir(ctx.env)))}\n`);
  return 0;
}
