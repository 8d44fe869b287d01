// The endpoint's bearer token: 256 random bits, compared in constant time. Both sides are
// hashed first so the comparison takes the same time whatever the given token's length.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

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
