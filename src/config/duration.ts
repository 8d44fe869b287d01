// Durations as users write them (900, 15m, 1h, 1h30m, 90s) and the ranges STS accepts,
// checked before any network call or MFA prompt.
import type { Sourced } from "../types";
import { usageError } from "../errors";
import { asWritten } from "./origin";

/** A duration in seconds, its origin and the text as written (for messages). */
export interface SourcedDuration extends Sourced<number> {
  text: string;
}

export const ROLE_MIN = 900;
export const ROLE_MAX = 43200;
export const MFA_SESSION_MIN = 900;
export const MFA_SESSION_MAX = 129600;

const UNITS = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i;

/**
 * Seconds from `900`, `15m`, `1h`, `12h`, `1h30m` or `90s`. `secondsOnly` (for AWS's own
 * keys such as duration_seconds, which the AWS CLI reads as an integer) allows digits only.
 */
export function parseDuration(text: string, from: string, secondsOnly = false): SourcedDuration {
  const t = text.trim();
  let seconds: number | undefined;
  if (/^\d+$/.test(t)) {
    seconds = Number(t);
  } else if (!secondsOnly && t !== "") {
    const m = UNITS.exec(t);
    if (m && (m[1] ?? m[2] ?? m[3]) !== undefined) {
      seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
    }
  }
  if (seconds === undefined || !Number.isSafeInteger(seconds)) {
    throw usageError(
      secondsOnly
        ? `${asWritten(from, text)} is not a whole number of seconds`
        : `${asWritten(from, text)} is not a duration`,
      secondsOnly ? "write it in seconds, e.g. 3600" : "write seconds (900) or hours, minutes and seconds (15m, 1h, 12h, 1h30m)",
    );
  }
  return { value: seconds, from, text };
}

function shownDuration(d: SourcedDuration): string {
  return asWritten(d.from, d.text, d.text.trim() === String(d.value) ? "" : ` (${d.value} seconds)`);
}

function checkRange(d: SourcedDuration, min: number, max: number, example: number): Sourced<number> {
  const hint = `use a value in that range, e.g. ${asWritten(d.from, String(example))}`;
  const allowed = `(allowed: ${min}–${max} seconds)`;
  if (d.value < min) throw usageError(`${shownDuration(d)} is below the ${min}-second minimum of STS ${allowed}`, hint);
  if (d.value > max) throw usageError(`${shownDuration(d)} is above the ${max}-second maximum of STS ${allowed}`, hint);
  return { value: d.value, from: d.from };
}

/** A role session's duration: 900..43200 seconds (AssumeRole's DurationSeconds). */
export function checkRoleDuration(d: SourcedDuration): Sourced<number> {
  return checkRange(d, ROLE_MIN, ROLE_MAX, 3600);
}

/** An MFA session's duration: 900..129600 seconds (GetSessionToken's DurationSeconds). */
export function checkMfaSessionDuration(d: SourcedDuration): Sourced<number> {
  return checkRange(d, MFA_SESSION_MIN, MFA_SESSION_MAX, 43200);
}
