// Where switchrole's inputs live. Every function takes the environment as a parameter
// (never process.env), so tests and callers decide what HOME and the overrides are.
import { homedir, userInfo } from "node:os";
import { isAbsolute, join } from "node:path";

/** The environment as passed in: process.env or a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, with an empty string treated as unset (`export X=`). */
export function envValue(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === "" ? undefined : v;
}

/**
 * $HOME, else the OS's idea of the home directory. An empty or relative HOME is not used:
 * it would make ~/.aws/config (and the credentials it can run) relative to the current
 * directory, e.g. a cloned repository's.
 */
export function homeDir(env: Env): string {
  const home = envValue(env, "HOME");
  if (home !== undefined && isAbsolute(home)) return home;
  const fromOs = homedir();
  if (isAbsolute(fromOs)) return fromOs;
  return userInfo().homedir; // the password database, which ignores $HOME
}

/** Expands a leading `~/` (as the AWS SDK does for its file variables) against env.HOME. */
export function expandHome(p: string, env: Env): string {
  if (p === "~") return homeDir(env);
  return p.startsWith("~/") ? join(homeDir(env), p.slice(2)) : p;
}

function fileFrom(env: Env, variable: string, ...fallback: string[]): string {
  const set = envValue(env, variable);
  return set !== undefined ? expandHome(set, env) : join(homeDir(env), ...fallback);
}

/** The AWS config file: $AWS_CONFIG_FILE or ~/.aws/config. */
export function configFile(env: Env): string {
  return fileFrom(env, "AWS_CONFIG_FILE", ".aws", "config");
}

/** The AWS credentials file: $AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials. */
export function credentialsFile(env: Env): string {
  return fileFrom(env, "AWS_SHARED_CREDENTIALS_FILE", ".aws", "credentials");
}

/** The seed's accounts file (JSON name -> account id): $ACCOUNTS_FILE or ~/.aws/accounts. */
export function accountsFile(env: Env): string {
  return fileFrom(env, "ACCOUNTS_FILE", ".aws", "accounts");
}

/** A path for messages: $HOME replaced with ~. */
export function displayPath(p: string, env: Env): string {
  const home = homeDir(env).replace(/\/+$/, "");
  if (home === "") return p;
  if (p === home) return "~";
  return p.startsWith(`${home}/`) ? `~${p.slice(home.length)}` : p;
}
