// Where the cache lives: $XDG_CACHE_HOME/switchrole, else ~/.cache/switchrole.
import { isAbsolute, join } from "node:path";
import { homeDir } from "../config/paths";

export function cacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, "switchrole");
  // An empty or relative HOME would put credentials in the current directory.
  return join(homeDir(env), ".cache", "switchrole");
}

/** Touched on every put, delete and clear, so `watch_file` (direnv) sees cache changes. */
export function stateFile(dir: string): string {
  return join(dir, "state");
}

export function entryFile(dir: string, key: string): string {
  return join(dir, `${key}.json`);
}

export function lockFile(dir: string, key: string): string {
  return join(dir, `${key}.lock`);
}
