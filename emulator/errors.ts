// AWS's error codes, HTTP statuses and messages for the rules the emulator enforces.

export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
  }
}

export const invalidClientTokenId = (): AwsError =>
  new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
export const signatureDoesNotMatch = (): AwsError =>
  new AwsError(
    403,
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  );
// 403, as AWS lists ExpiredTokenException among the errors common to all its APIs (STS and IAM included).
export const expiredToken = (): AwsError => new AwsError(403, "ExpiredToken", "The security token included in the request is expired");
export const missingAuthenticationToken = (): AwsError =>
  new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
export const incompleteSignature = (message: string): AwsError => new AwsError(400, "IncompleteSignature", message);
export const accessDenied = (message: string): AwsError => new AwsError(403, "AccessDenied", message);
export const validationError = (message: string): AwsError => new AwsError(400, "ValidationError", message);
export const mfaFailed = (): AwsError => accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code.");

/** AWS's wording for one failed field constraint. */
export function constraint(value: string, field: string, rule: string): AwsError {
  return validationError(`1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must ${rule}`);
}

/** "20240101T000000Z", the SigV4 basic ISO 8601 form used in signature-age messages. */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export function signatureExpired(signed: number, now: number): AwsError {
  return new AwsError(
    403,
    "SignatureDoesNotMatch",
    `Signature expired: ${amzDate(signed)} is now earlier than ${amzDate(now - 900_000)} (${amzDate(now)} - 15 min.)`,
  );
}

export function signatureNotYetCurrent(signed: number, now: number): AwsError {
  return new AwsError(
    403,
    "SignatureDoesNotMatch",
    `Signature not yet current: ${amzDate(signed)} is still later than ${amzDate(now + 900_000)} (${amzDate(now)} + 15 min.)`,
  );
}
