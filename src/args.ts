// argv -> options, with node's own parseArgs (no dependency, no start-up cost).
// Parsing is kept apart from behaviour so it can be tested on its own.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { usageError } from "./errors";

export const targetOptions = {
  "source-profile": { type: "string" },
  duration: { type: "string", short: "d" },
  "mfa-session-duration": { type: "string" },
  region: { type: "string" },
  "mfa-serial": { type: "string" },
  "mfa-code": { type: "string" },
  "role-session-name": { type: "string" },
  "external-id": { type: "string" },
  "no-cache": { type: "boolean" },
  refresh: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

export const commonOptions = {
  help: { type: "boolean", short: "h" },
  debug: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

const { "source-profile": sourceProfile, "mfa-code": mfaCode, "mfa-serial": mfaSerial, "mfa-session-duration": mfaSessionDuration, region } = targetOptions;

/**
 * Every option each command accepts, in one table: the commands parse their argv with it,
 * and shell completion (src/completion/) offers exactly these (so it cannot drift from them).
 */
export const commandOptions = {
  env: {
    ...commonOptions,
    ...targetOptions,
    shell: { type: "string", short: "s" },
    endpoint: { type: "boolean" },
    unset: { type: "boolean", short: "u" },
    verbose: { type: "boolean", short: "v" },
  },
  exec: { ...commonOptions, ...targetOptions, server: { type: "boolean" } },
  "credential-process": { ...commonOptions, ...targetOptions },
  plan: { ...commonOptions, ...targetOptions, json: { type: "boolean" } },
  "assume-role": { ...commonOptions, ...targetOptions, shell: { type: "string" }, oneline: { type: "boolean" } },
  status: { ...commonOptions, json: { type: "boolean" }, color: { type: "string" } },
  login: { ...commonOptions, "source-profile": sourceProfile, "mfa-code": mfaCode, "mfa-serial": mfaSerial, "mfa-session-duration": mfaSessionDuration, region },
  clear: { ...commonOptions, all: { type: "boolean" }, "source-profile": sourceProfile },
  list: { ...commonOptions, json: { type: "boolean" } },
  serve: { ...commonOptions, idle: { type: "string" } },
  keys: { ...commonOptions, "from-credentials-file": { type: "boolean" }, "remove-from-file": { type: "boolean" }, "keep-in-file": { type: "boolean" }, region, json: { type: "boolean" } },
} as const satisfies Record<string, NonNullable<ParseArgsConfig["options"]>>;

export interface Parsed<V> {
  values: V;
  positionals: string[];
  /** Everything after the first `--` (the command for `exec`). */
  rest: string[];
}

export function parse<O extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  argv: string[],
  options: O,
): Parsed<ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>["values"]> {
  const dash = argv.indexOf("--");
  const head = dash === -1 ? argv : argv.slice(0, dash);
  const rest = dash === -1 ? [] : argv.slice(dash + 1);
  try {
    const { values, positionals } = parseArgs({ args: head, options, allowPositionals: true, strict: true });
    return { values, positionals, rest };
  } catch (err) {
    throw usageError(`${command}: ${argumentProblem(err as Error)}`, `see \`switchrole ${command} --help\``);
  }
}

/** The target's words; none is a usage error naming the command. */
export function requireTarget(command: string, positionals: string[]): string[] {
  if (positionals.length === 0) {
    throw usageError(`${command}: which role? give <account> <role>, a profile or a role ARN`, `see \`switchrole ${command} --help\``);
  }
  return positionals;
}

/** parseArgs's complaint in one short sentence (its unknown-option advice about `--` misleads for exec). */
function argumentProblem(err: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^']+)'/.exec(err.message);
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) return `unknown option ${unknown[1]}`;
  return err.message.split("\n")[0]?.replace(/\.$/, "") ?? "bad arguments";
}
