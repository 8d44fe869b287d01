// How a setting's origin is shown "as the user wrote it" in messages:
//   --duration 13h   AWS_ROLE_SESSION_TIMEOUT=60   duration_seconds = 60 in profile dev (~/.aws/config)
// A Sourced value's `from` is one of: a flag ("--duration"), a variable name
// ("AWS_ROLE_SESSION_TIMEOUT"), "<key> in profile <name> (<file>)", or "default".

export const DEFAULT = "default";

/** The `from` of a value read from a profile key. */
export function profileOrigin(key: string, profile: string, file: string): string {
  return `${key} in profile ${profile} (${file})`;
}

/** A value for a message: bare when plain, JSON-quoted when it has spaces, quotes or is empty. */
export function shown(text: string): string {
  return /^[\w.:+/@=,~-]+$/.test(text) ? text : JSON.stringify(text);
}

/** `from` plus the text the user wrote, in the form they wrote it (`note` follows the value). */
export function asWritten(from: string, text: string, note = ""): string {
  const value = shown(text) + note;
  if (from.startsWith("--")) return `${from} ${value}`;
  if (/^[A-Z][A-Z0-9_]*$/.test(from)) return `${from}=${value}`;
  const m = /^(\S+) in (profile .*)$/.exec(from);
  if (m) return `${m[1]} = ${value} in ${m[2]}`;
  return `the ${from} ${value}`;
}
