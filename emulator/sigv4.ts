// SigV4 verification with node:crypto directly: parse the Authorization header (or the
// presigned query), rebuild the canonical request, compare signatures in constant time.
// Signing keys are cached per (secret, date, region, service), so a call costs two
// SHA-256 and one HMAC.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { incompleteSignature, missingAuthenticationToken, signatureDoesNotMatch } from "./errors";

export interface SignedRequest {
  accessKeyId: string;
  date: string; // scope date YYYYMMDD
  region: string;
  service: string;
  signedAt: number; // ms since epoch, from X-Amz-Date
  signedHeaders: string[];
  signature: string;
  securityToken: string | undefined;
  presigned: boolean;
  expiresSeconds?: number;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function parseAmzDate(s: string): number | undefined {
  const m = AMZ_DATE.exec(s);
  if (!m) {
    const t = Date.parse(s); // the Date header form
    return Number.isNaN(t) ? undefined : t;
  }
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** Reads who signed the request and how; throws the AWS error for missing or garbled auth. */
export function parseAuth(headers: IncomingHttpHeaders, query: URLSearchParams): SignedRequest {
  const auth = header(headers, "authorization");
  if (auth === undefined) {
    if (query.get("X-Amz-Algorithm") === null) throw missingAuthenticationToken();
    return parsePresigned(query);
  }
  const missing: string[] = [];
  const parts = new Map<string, string>();
  const rest = auth.startsWith(ALGORITHM + " ") ? auth.slice(ALGORITHM.length + 1) : undefined;
  if (rest === undefined) throw incompleteSignature(`Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${auth}`);
  for (const p of rest.split(",")) {
    const i = p.indexOf("=");
    if (i > 0) parts.set(p.slice(0, i).trim(), p.slice(i + 1).trim());
  }
  for (const k of ["Credential", "Signature", "SignedHeaders"]) if (!parts.get(k)) missing.push(`Authorization header requires '${k}' parameter.`);
  const dateText = header(headers, "x-amz-date") ?? header(headers, "date");
  if (dateText === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) throw incompleteSignature(`${missing.join(" ")} Authorization=${auth}`);
  const signedAt = parseAmzDate(dateText!);
  if (signedAt === undefined) throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${dateText}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  return {
    ...parseCredential(parts.get("Credential")!),
    signedAt,
    signedHeaders: parts.get("SignedHeaders")!.split(";"),
    signature: parts.get("Signature")!,
    securityToken: header(headers, "x-amz-security-token"),
    presigned: false,
  };
}

function parsePresigned(q: URLSearchParams): SignedRequest {
  const need = ["X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"];
  const missing = need.filter((k) => !q.get(k));
  if (q.get("X-Amz-Algorithm") !== ALGORITHM || missing.length > 0) {
    throw incompleteSignature(`AWS query-string parameters must include ${need.map((k) => `'${k}'`).join(", ")}. Re-examine the query-string parameters.`);
  }
  const signedAt = parseAmzDate(q.get("X-Amz-Date")!);
  if (signedAt === undefined) throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${q.get("X-Amz-Date")}'.`);
  const expires = Number(q.get("X-Amz-Expires") ?? "900");
  return {
    ...parseCredential(q.get("X-Amz-Credential")!),
    signedAt,
    signedHeaders: q.get("X-Amz-SignedHeaders")!.split(";"),
    signature: q.get("X-Amz-Signature")!,
    securityToken: q.get("X-Amz-Security-Token") ?? undefined,
    presigned: true,
    expiresSeconds: Number.isFinite(expires) ? expires : 900,
  };
}

function parseCredential(cred: string): Pick<SignedRequest, "accessKeyId" | "date" | "region" | "service"> {
  const p = cred.split("/");
  if (p.length !== 5 || !p[0] || !/^\d{8}$/.test(p[1]!) || !p[2] || !p[3]) {
    throw incompleteSignature(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${cred}'`);
  }
  if (p[4] !== "aws4_request") throw signatureDoesNotMatchWith(`Credential should be scoped with a valid terminator: 'aws4_request', not '${p[4]}'.`);
  return { accessKeyId: p[0], date: p[1]!, region: p[2]!, service: p[3]! };
}

function signatureDoesNotMatchWith(message: string): Error {
  const e = signatureDoesNotMatch();
  e.message = message;
  return e;
}

/** RFC 3986 encoding as SigV4 wants it. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  if (rawQuery === "") return "";
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const i = part.indexOf("=");
    const k = safeDecode(i < 0 ? part : part.slice(0, i));
    const v = i < 0 ? "" : safeDecode(part.slice(i + 1));
    if (presigned && k === "X-Amz-Signature") continue;
    pairs.push([uriEncode(k), uriEncode(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, "%20"));
  } catch {
    return s;
  }
}

function canonicalPath(rawPath: string): string {
  if (rawPath === "/" || rawPath === "") return "/";
  return rawPath.split("/").map(uriEncode).join("/"); // non-S3 services encode the sent path again
}

const keyCache = new Map<string, Buffer>();
function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = `${secret}\n${date}\n${region}\n${service}`;
  let key = keyCache.get(id);
  if (!key) {
    if (keyCache.size > 2000) keyCache.clear();
    const kDate = createHmac("sha256", "AWS4" + secret).update(date).digest();
    const kRegion = createHmac("sha256", kDate).update(region).digest();
    const kService = createHmac("sha256", kRegion).update(service).digest();
    key = createHmac("sha256", kService).update("aws4_request").digest();
    keyCache.set(id, key);
  }
  return key;
}

export interface RawRequest {
  method: string;
  path: string; // raw, before '?'
  rawQuery: string; // raw, after '?'
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** True when `sig` is the signature of `req` under `secret`. */
export function verifySignature(req: RawRequest, sig: SignedRequest, secret: string): boolean {
  const headerLines = sig.signedHeaders.map((name) => {
    const v = header(req.headers, name) ?? "";
    return `${name}:${v.trim().replace(/\s+/g, " ")}\n`;
  });
  // Always the body's own hash: an x-amz-content-sha256 header that lies about the body
  // must not let a changed body through.
  const payloadHash = createHash("sha256").update(req.body).digest("hex");
  const canonical = [
    req.method,
    canonicalPath(req.path),
    canonicalQuery(req.rawQuery, sig.presigned),
    headerLines.join(""),
    sig.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const amzDate = sig.presigned ? new URLSearchParams(req.rawQuery).get("X-Amz-Date")! : (header(req.headers, "x-amz-date") ?? header(req.headers, "date")!);
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${sig.date}/${sig.region}/${sig.service}/aws4_request\n${createHash("sha256").update(canonical).digest("hex")}`;
  const expected = createHmac("sha256", signingKey(secret, sig.date, sig.region, sig.service)).update(stringToSign).digest("hex");
  return expected.length === sig.signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(sig.signature));
}
