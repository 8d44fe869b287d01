// Turns a signed request into the Caller that signed it, in AWS's order of checks:
// auth present and well formed, signature age (real clock), key known, session token
// matches, not revoked and not expired (emulator clock), signature correct.
import { expiredToken, invalidClientTokenId, signatureDoesNotMatch, signatureExpired, signatureNotYetCurrent } from "./errors";
import { parseAuth, verifySignature, type RawRequest, type SignedRequest } from "./sigv4";
import type { Caller, State } from "./state";
import type { EmulatorCall } from "./types";

const SKEW_MS = 15 * 60 * 1000;

export function authenticate(state: State, req: RawRequest, query: URLSearchParams, log?: EmulatorCall): { caller: Caller; sig: SignedRequest } {
  const sig = parseAuth(req.headers, query);
  const realNow = Date.now();
  if (sig.presigned) {
    if (realNow > sig.signedAt + (sig.expiresSeconds ?? 900) * 1000) throw signatureExpired(sig.signedAt, realNow);
  } else if (sig.signedAt < realNow - SKEW_MS) {
    throw signatureExpired(sig.signedAt, realNow);
  }
  if (sig.signedAt > realNow + SKEW_MS) throw signatureNotYetCurrent(sig.signedAt, realNow);

  let caller: Caller;
  let secret: string;
  const longTerm = state.keys.get(sig.accessKeyId);
  // A deleted key is unknown, as any other; an Inactive one is refused the same way (AWS
  // answers both InvalidClientTokenId). Sessions made from either are not affected.
  if (!longTerm && log && state.keyDeleted(sig.accessKeyId)) log.keyStatus = "Deleted";
  if (longTerm) {
    if (sig.securityToken !== undefined) throw invalidClientTokenId();
    if (longTerm.status === "Inactive") {
      if (log) log.keyStatus = "Inactive";
      throw invalidClientTokenId();
    }
    // A key CreateAccessKey made moments ago may not have reached every endpoint yet (IAM is
    // eventually consistent): within POST /__emulator/consistency's newKeyDelayMs it is unknown.
    if (state.notYetConsistent(longTerm)) {
      if (log) log.keyStatus = "NotYetConsistent";
      throw invalidClientTokenId();
    }
    caller = { kind: "user", accessKeyId: sig.accessKeyId, user: longTerm.user };
    secret = longTerm.secret;
  } else {
    const issued = state.issued.get(sig.accessKeyId);
    if (!issued || sig.securityToken !== issued.token) throw invalidClientTokenId();
    // A revoked session is answered as AWS answers credentials it does not know:
    // InvalidClientTokenId (403), before expiry is looked at.
    if (issued.revoked) {
      if (log) log.revoked = true;
      throw invalidClientTokenId();
    }
    if (state.now() >= issued.expires) throw expiredToken();
    caller = issued.caller;
    secret = issued.secret;
  }
  if (!verifySignature(req, sig, secret)) throw signatureDoesNotMatch();
  return { caller, sig };
}
