// The HTTP server: AWS Query protocol for STS and IAM on one port (told apart by the SigV4
// credential scope), the admin API under /__emulator/, faults, and the call log.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleAdmin } from "./admin";
import { authenticate } from "./authenticate";
import { AwsError } from "./errors";
import { IAM_ACTIONS } from "./iam";
import type { State } from "./state";
import { STS_ACTIONS } from "./sts";
import type { EmulatorCall, FaultSpec } from "./types";
import { errorXml, successXml, type Service } from "./xml";

const MAX_BODY = 256 * 1024;
const VERSION: Record<Service, string> = { sts: "2011-06-15", iam: "2010-05-08" };
const SCOPE_SERVICE = /Credential=[^/,]*\/\d{8}\/[^/,]*\/([^/,]+)\//;

export function createEmulatorServer(state: State): Server {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("error", () => undefined);
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const path = q < 0 ? url : url.slice(0, q);
      const rawQuery = q < 0 ? "" : url.slice(q + 1);
      try {
        if (path.startsWith("/__emulator/")) handleAdmin(state, req, res, path, new URLSearchParams(rawQuery), body);
        else void serveApi(state, req, res, path, rawQuery, body, size > MAX_BODY);
      } catch {
        if (!res.headersSent) res.writeHead(500).end();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

function guessService(req: IncomingMessage, query: URLSearchParams, params: URLSearchParams): string {
  const cred = SCOPE_SERVICE.exec(String(req.headers.authorization ?? ""))?.[1] ?? query.get("X-Amz-Credential")?.split("/")[3];
  if (cred) return cred;
  return params.get("Version") === VERSION.iam ? "iam" : "sts";
}

function send(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(xml), "x-amzn-requestid": requestId });
  res.end(xml);
}

function faultError(f: FaultSpec): AwsError {
  const status = f.status ?? 500;
  const code = f.code ?? (status >= 500 ? (status === 503 ? "ServiceUnavailable" : "InternalFailure") : "Throttling");
  const message = f.message ?? (code === "Throttling" ? "Rate exceeded" : "An internal error has occurred");
  return new AwsError(status, code, message);
}

async function serveApi(state: State, req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, body: Buffer, tooBig: boolean): Promise<void> {
  const requestId = randomUUID();
  const query = new URLSearchParams(rawQuery);
  const params = new URLSearchParams(rawQuery);
  if (req.method === "POST") for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params.set(k, v);
  const scoped = guessService(req, query, params);
  const service: Service = scoped === "iam" ? "iam" : "sts";
  const action = params.get("Action");
  const keyId = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? query.get("X-Amz-Credential")?.split("/")[0];
  const log: EmulatorCall = { time: new Date(state.now()).toISOString(), service, action, accessKeyId: keyId ?? null, status: 200, errorCode: null };
  state.calls.push(log);
  const fail = (err: AwsError): void => {
    Object.assign(log, { status: err.status, errorCode: err.code, errorMessage: err.message });
    send(res, err.status, errorXml(service, err, requestId), requestId);
  };

  const fault = action === null ? undefined : state.takeFault(action);
  if (fault) {
    log.fault = true;
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.drop) {
      Object.assign(log, { status: 0, errorCode: "ConnectionDropped" });
      req.socket.destroy();
      return;
    }
    if (fault.hang) {
      // The request was read; nothing is ever written. The socket stays open until the
      // client gives up, or the emulator stops (bin.ts closes every connection then).
      Object.assign(log, { status: 0, errorCode: "NoResponse" });
      return;
    }
    if (fault.status !== undefined) return fail(faultError(fault));
  }
  try {
    if (tooBig) throw new AwsError(413, "RequestEntityTooLarge", "Request body too large");
    if (scoped !== "sts" && scoped !== "iam") {
      throw new AwsError(403, "SignatureDoesNotMatch", `Credential should be scoped to correct service: 'sts'. `);
    }
    const { caller } = authenticate(state, { method: req.method ?? "GET", path, rawQuery, headers: req.headers, body }, query, log);
    if (action === null) throw new AwsError(400, "MissingAction", "Missing Action");
    const handler = (service === "sts" ? STS_ACTIONS : IAM_ACTIONS)[action];
    if (!handler || !Object.hasOwn(service === "sts" ? STS_ACTIONS : IAM_ACTIONS, action)) {
      throw new AwsError(400, "InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? VERSION[service]}`);
    }
    log.callerArn = caller.kind === "role" ? `arn:aws:sts::${caller.role.accountId}:assumed-role/${caller.role.roleName}/${caller.sessionName}` : caller.user.arn;
    const result = handler({ state, caller, params, log });
    send(res, 200, successXml(service, action, result, requestId), requestId);
  } catch (e) {
    if (e instanceof AwsError) return fail(e);
    process.stderr.write(`switchrole-emulator: internal error on ${action ?? "(no action)"}: ${e instanceof Error ? e.message : String(e)}\n`);
    fail(new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure."));
  }
}
