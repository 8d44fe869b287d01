// Turns whatever the SDK threw into a plain StsFailure (code + AWS's message), so the
// callers can phrase it for the user without importing the SDK.

/**
 * Marks an StsFailure from any bundle: dist/sts.js has its own copy of this class, so
 * `instanceof` fails across bundles; Symbol.for() is the same symbol in all of them.
 */
const BRAND = Symbol.for("switchrole.StsFailure");

export class StsFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    /** True when no answer came back at all (refused, DNS, timeout). */
    readonly network = false,
  ) {
    super(message);
    this.name = "StsFailure";
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for an StsFailure made by any bundle's copy of the class. */
export function isStsFailure(err: unknown): err is StsFailure {
  return err instanceof Error && (err as unknown as Record<symbol, unknown>)[BRAND] === true && typeof (err as Partial<StsFailure>).code === "string";
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

export function toStsFailure(err: unknown): StsFailure {
  if (isStsFailure(err)) return err;
  const e = (err ?? {}) as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; Code?: string; cause?: { code?: string } };
  const sysCode = e.code ?? e.cause?.code;
  if ((sysCode && NETWORK_CODES.has(sysCode)) || e.name === "TimeoutError" || e.name === "RequestTimeout") {
    return new StsFailure(sysCode ?? e.name ?? "NetworkError", e.message ?? String(err), undefined, true);
  }
  const code = e.Code ?? e.name ?? "UnknownError";
  return new StsFailure(code, oneLine(e.message ?? String(err)), e.$metadata?.httpStatusCode);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
