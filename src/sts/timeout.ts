// How long one STS or IAM call may take, its retries included, and the per-attempt
// timeouts inside that budget. No SDK import: the CLI may check SWITCHROLE_TIMEOUT early.
//
// Healthy STS and IAM answer in well under a second (a TLS handshake over a slow link adds
// one or two), so a 10-second wait for one attempt's answer never cuts a healthy AWS off,
// and a 3-second connect covers two lost SYNs. The 15-second budget reports a dead
// endpoint (no connection, or a connection that never answers) in ~15 s, and still fits
// the SDK's 4 attempts with its throttling backoff (random, at most 1 + 2 + 4 s).
import { usageError } from "../errors";
import { parseDuration } from "../config/duration";

export const DEFAULT_BUDGET_SECONDS = 15;
export const MIN_BUDGET_SECONDS = 1;
export const MAX_BUDGET_SECONDS = 600;
/** One attempt: establishing the TCP connection. */
export const CONNECT_TIMEOUT_MS = 3_000;
/** One attempt: from sending the request to the answer's headers; also the idle limit while reading it. */
export const RESPONSE_TIMEOUT_MS = 10_000;
/** After this long, the call tells onSlow (at most half the budget, so it comes before giving up). */
export const SLOW_AFTER_MS = 2_000;

export interface Timeouts {
  /** The whole call, every attempt and backoff included. */
  budgetMs: number;
  connectMs: number;
  responseMs: number;
  slowAfterMs: number;
}

/**
 * $SWITCHROLE_TIMEOUT in seconds: "20" or a duration ("20s", "1m", "1m30s"), 1 s to 10 min;
 * default 15. A bad value is a usage error naming the variable and the value.
 */
export function budgetSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.SWITCHROLE_TIMEOUT;
  if (raw === undefined || raw.trim() === "") return DEFAULT_BUDGET_SECONDS;
  let seconds: number | undefined;
  try {
    seconds = parseDuration(raw, "SWITCHROLE_TIMEOUT").value;
  } catch {
    seconds = undefined;
  }
  if (seconds === undefined || seconds < MIN_BUDGET_SECONDS || seconds > MAX_BUDGET_SECONDS) {
    throw usageError(
      `SWITCHROLE_TIMEOUT=${JSON.stringify(raw)} is not a duration between 1s and 10m`,
      `use seconds (${DEFAULT_BUDGET_SECONDS}) or a duration such as 30s or 1m; it bounds each STS and IAM call, retries included`,
    );
  }
  return seconds;
}

/** The per-attempt timeouts for a budget: never longer than the budget itself. */
export function timeoutsFor(budgetS: number): Timeouts {
  const budgetMs = budgetS * 1000;
  return {
    budgetMs,
    connectMs: Math.min(CONNECT_TIMEOUT_MS, budgetMs),
    responseMs: Math.min(RESPONSE_TIMEOUT_MS, budgetMs),
    slowAfterMs: Math.min(SLOW_AFTER_MS, budgetMs / 2),
  };
}
