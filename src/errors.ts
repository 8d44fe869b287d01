// The one error type that reaches the user as `switchrole: <message>` (+ `  hint: ...`).
// Anything else is a bug and is shown as such (with a stack only under --debug).

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/**
 * What isUserError looks for. Symbol.for gives the same symbol in every bundle, while the
 * class itself is copied into each: every command is bundled on its own (scripts/build.mjs),
 * so a UserError thrown in one is not an `instanceof` the UserError of another.
 */
const USER_ERROR: unique symbol = Symbol.for("switchrole.UserError");

export class UserError extends Error {
  readonly [USER_ERROR] = true;
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** True for a UserError (or subclass) from any bundle's copy of the class: use it, never `instanceof`. */
export function isUserError(err: unknown): err is UserError {
  return typeof err === "object" && err !== null && (err as { [USER_ERROR]?: unknown })[USER_ERROR] === true;
}

/** A usage or configuration problem (exit 2). */
export function usageError(message: string, hint?: string): UserError {
  return new UserError(message, hint, EXIT_USAGE);
}

/** Shows an access key id without revealing it: ASIA…WXYZ. */
export function maskKeyId(id: string): string {
  return id.length <= 8 ? "…" : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/** A warning line for stderr: `switchrole: warning: …`, the prefix added once (cache lines come prefixed). */
export function warningLine(line: string): string {
  return line.startsWith("switchrole: ") ? line : `switchrole: warning: ${line}`;
}
