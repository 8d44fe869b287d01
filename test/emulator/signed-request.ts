// Hand-built Query-protocol requests for protocol edge cases, signed by @smithy/signature-v4
// (an implementation independent of the emulator's own verifier).
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { request } from "node:http";

export interface Keys { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
export interface Reply { status: number; body: string; headers: Record<string, string | string[] | undefined> }

export interface SignOptions {
  service?: "sts" | "iam";
  region?: string;
  signingDate?: Date;
}

export interface Raw { method: string; path: string; headers: Record<string, string>; body: string }

export async function signedRequest(url: string, keys: Keys, form: Record<string, string>, opts: SignOptions = {}): Promise<Raw> {
  const service = opts.service ?? "sts";
  const u = new URL(url);
  const body = new URLSearchParams({ Version: service === "sts" ? "2011-06-15" : "2010-05-08", ...form }).toString();
  const signer = new SignatureV4({ service, region: opts.region ?? "us-east-1", credentials: keys, sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: u.hostname,
      port: Number(u.port),
      path: "/",
      query: {},
      headers: { host: u.host, "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body,
    },
    { signingDate: opts.signingDate },
  );
  return { method: "POST", path: "/", headers: signed.headers as Record<string, string>, body };
}

export async function presignedUrl(url: string, keys: Keys, query: Record<string, string>, expiresIn = 60): Promise<string> {
  const u = new URL(url);
  const signer = new SignatureV4({ service: "sts", region: "us-east-1", credentials: keys, sha256: Sha256 });
  const q = { Version: "2011-06-15", ...query };
  const signed = await signer.presign({ method: "GET", protocol: "http:", hostname: u.hostname, port: Number(u.port), path: "/", query: q, headers: { host: u.host } }, { expiresIn });
  const qs = new URLSearchParams(signed.query as Record<string, string>).toString();
  return `${url}/?${qs}`;
}

/** Sends a raw request over node:http (no client-side retries, no validation). */
export function send(url: string, raw: Partial<Raw> & { path?: string }): Promise<Reply> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, method: raw.method ?? "POST", path: raw.path ?? "/", headers: raw.headers ?? {} }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => ok({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", fail);
    req.end(raw.body ?? "");
  });
}

/** The <Code> and <Message> of an ErrorResponse. */
export function errorOf(xml: string): { type?: string; code?: string; message?: string; requestId?: string } {
  const pick = (tag: string): string | undefined => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  return { type: pick("Type"), code: pick("Code"), message: pick("Message")?.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&"), requestId: pick("RequestId") };
}
