// Turns whatever the SDK threw into a plain StsFailure (code + AWS's message), so the
// callers can phrase it for the user without importing the SDK.

/**
 * Marks an StsFailure from any bundle: dist/sts.js has its own copy of this class, so
 * `instanceof` fails across bundles; Symbol.for() is the same symbol in all of them.
 */
const BRAND = Symbol.for("switchrole.StsFailure");

/** Which call failed, and how, beyond AWS's code and message. */
export interface StsFailureDetails {
  service?: "STS" | "IAM";
  action?: string;
  /** The endpoint the call went to, as messages may show it (no user:password). */
  endpoint?: string;
  /** No answer in time (SWITCHROLE_TIMEOUT's budget, or every attempt's own timeout); `network` is true too. */
  timedOut?: boolean;
  /** With timedOut: how long the call waited, in whole seconds. */
  waitedSeconds?: number;
}

export class StsFailure extends Error {
  readonly service?: "STS" | "IAM";
  readonly action?: string;
  readonly endpoint?: string;
  readonly timedOut: boolean;
  readonly waitedSeconds?: number;

  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    /** True when no answer came back at all (refused, DNS, timeout). */
    readonly network = false,
    details: StsFailureDetails = {},
  ) {
    super(message);
    this.name = "StsFailure";
    Object.defineProperty(this, BRAND, { value: true });
    this.service = details.service;
    this.action = details.action;
    this.endpoint = details.endpoint;
    this.timedOut = details.timedOut === true;
    this.waitedSeconds = this.timedOut ? details.waitedSeconds : undefined;
  }
}

/** True for an StsFailure made by any bundle's copy of the class. */
export function isStsFailure(err: unknown): err is StsFailure {
  return err instanceof Error && (err as unknown as Record<symbol, unknown>)[BRAND] === true && typeof (err as Partial<StsFailure>).code === "string";
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  Code?: string;
  cause?: { code?: string };
}

/**
 * A timeout of the SDK's own (connect, response or idle timer of an attempt) or of the
 * system (ETIMEDOUT). The SDK also names a reset or broken connection "TimeoutError"
 * (code ECONNRESET/EPIPE): that is a network failure, not a timeout.
 */
function isTimeout(e: SdkError, sysCode: string | undefined): boolean {
  if (sysCode === "ETIMEDOUT") return true;
  return (e.name === "TimeoutError" || e.name === "RequestTimeout") && (sysCode === undefined || !NETWORK_CODES.has(sysCode));
}

/** details.timedOut: the caller's own deadline passed (then whatever the SDK threw is a timeout). */
export function toStsFailure(err: unknown, details: StsFailureDetails = {}): StsFailure {
  if (isStsFailure(err)) return err;
  const e = (err ?? {}) as SdkError;
  const sysCode = e.code ?? e.cause?.code;
  if (details.timedOut || isTimeout(e, sysCode)) {
    const what = details.service && details.action ? `${details.service} did not answer ${details.action}` : "no answer";
    const when = details.waitedSeconds !== undefined ? ` within ${details.waitedSeconds} s` : "";
    const where = details.endpoint ? ` at ${details.endpoint}` : "";
    return new StsFailure(sysCode ?? "TimeoutError", `${what}${when}${where}`, undefined, true, { ...details, timedOut: true });
  }
  if ((sysCode && NETWORK_CODES.has(sysCode)) || e.name === "TimeoutError") {
    return new StsFailure(sysCode ?? e.name ?? "NetworkError", e.message ?? String(err), undefined, true, { ...details, timedOut: false });
  }
  const code = e.Code ?? e.name ?? "UnknownError";
  return new StsFailure(code, oneLine(e.message ?? String(err)), e.$metadata?.httpStatusCode, false, { ...details, timedOut: false });
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
