// The endpoint's bearer token: 256 random bits, compared in constant time. Both sides are
// hashed first so the comparison takes the same time whatever the given token's length.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes as base64url (43 characters, no padding, safe in a header and a file). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** True when `given` is exactly `expected`, in time independent of where they differ. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

/**
 * The endpoint's proof that it holds the token, without sending it: HMAC-SHA256 keyed with
 * the token over the client's nonce and the address asked (so an answer is good for one
 * nonce at one address only). The client compares it with what it computes itself.
 */
export function proofOf(token: string, host: string, nonce: string): string {
  return createHmac("sha256", token).update(`switchrole endpoint proof v1\n${host}\n${nonce}`, "utf8").digest("base64url");
}

export function newNonce(): string {
  return randomBytes(32).toString("base64url");
}

/** GET PROOF_PATH?nonce=<43 base64url characters>, no token: {"Proof": proofOf(token, host, nonce)}. */
export const PROOF_PATH = "/.switchrole/proof";

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
