// When direnv prints "is taking a while to execute": WarnTimeout after `direnv export`
// started. direnv 2.32 takes warn_timeout from direnv.toml first, else $DIRENV_WARN_TIMEOUT,
// else 5s (measured: the toml value wins over the variable; "0" warns at once; a value
// Go's time.ParseDuration refuses, such as "1", means the default).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const DEFAULT_WARN_TIMEOUT_MS = 5000;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in ms; undefined when Go would refuse it. */
export function parseGoDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === "0" || s === "+0" || s === "-0") return 0;
  const m = /^([+-]?)((?:\d*\.?\d+(?:ns|us|µs|ms|s|m|h))+)$/.exec(s);
  if (!m || !m[2]) return undefined;
  let total = 0;
  for (const part of m[2].matchAll(/(\d*\.?\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * (UNIT_MS[part[2] as string] ?? 0);
  return m[1] === "-" ? -total : total;
}

/** warn_timeout from direnv.toml (or config.toml) in direnv's config dir, if set. */
function fromToml(configDir: string): number | undefined {
  for (const name of ["direnv.toml", "config.toml"]) {
    let text: string;
    try {
      text = readFileSync(join(configDir, name), "utf8");
    } catch {
      continue;
    }
    const m = /^\s*warn_timeout\s*=\s*["']([^"']*)["']/m.exec(text);
    return m?.[1] !== undefined ? parseGoDuration(m[1]) : undefined;
  }
  return undefined;
}

/** The warning's delay in ms for the direnv run switchrole is part of. */
export function warnTimeoutMs(env: NodeJS.ProcessEnv): number {
  const configDir = env.SWITCHROLE_DIRENV_CONFIG || env.DIRENV_CONFIG;
  const toml = configDir ? fromToml(configDir) : undefined;
  if (toml !== undefined) return toml;
  const fromEnv = env.DIRENV_WARN_TIMEOUT !== undefined ? parseGoDuration(env.DIRENV_WARN_TIMEOUT) : undefined;
  return fromEnv ?? DEFAULT_WARN_TIMEOUT_MS;
}

/**
 * Unix ms at which direnv prints its warning, or undefined outside direnv. The start is
 * $SWITCHROLE_DIRENV_T0 (bash's $EPOCHREALTIME when the library was sourced, a few ms
 * after direnv's timer started), else this process's own start.
 */
export function warningAt(env: NodeJS.ProcessEnv, now: number): number | undefined {
  if (env.DIRENV_IN_ENVRC !== "1") return undefined;
  const t0 = Number((env.SWITCHROLE_DIRENV_T0 ?? "").replace(",", "."));
  const start = Number.isFinite(t0) && t0 > 0 ? t0 * 1000 : now - process.uptime() * 1000;
  return start + warnTimeoutMs(env);
}
