// The one error type that reaches the user as `switchrole: <message>` (+ `  hint: ...`).
// Anything else is a bug and is shown as such (with a stack only under --debug).

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * True for a UserError from any bundle: each command is bundled on its own (see
 * scripts/build.mjs), so the class differs between them and `instanceof` cannot be used.
 */
export function isUserError(err: unknown): err is UserError {
  return err instanceof Error && err.name === "UserError" && typeof (err as UserError).exitCode === "number";
}

/** A usage or configuration problem (exit 2). */
export function usageError(message: string, hint?: string): UserError {
  return new UserError(message, hint, EXIT_USAGE);
}

/** Shows an access key id without revealing it: ASIA…WXYZ. */
export function maskKeyId(id: string): string {
  return id.length <= 8 ? "…" : `${id.slice(0, 4)}…${id.slice(-4)}`;
}
