// The credential endpoint's HTTP layer: loopback only, a bearer token on every request,
// the Host header pinned to our own address (DNS rebinding), no browser (Origin) requests,
// no CORS, small limits and timeouts, and separate connection budgets for requests that
// have shown the token and for those that have not (connections.ts). One request needs no
// token: PROOF_PATH, where the endpoint proves it holds the token without revealing it
// (switchrole checks that before it hands out or uses an address). It never logs a token,
// a path or a credential.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ConnectionGuard } from "./connections";
import { NONCE_PATTERN, PROOF_PATH, proofOf, tokenMatches } from "./token";

export { PROOF_PATH };

/** What a route answers: credentials (200) or an error with a message for the user. */
export type Answer = { ok: true; status: 200; body: Record<string, string> } | { ok: false; status: number; code: string; message: string };
type Refusal = Extract<Answer, { ok: false }>;

export interface EndpointOptions {
  token: string;
  /** Answers an authenticated GET for a path (query string removed). */
  route: (pathname: string) => Promise<Answer>;
  /** One line per refused request or failure; never given secrets. */
  log?: (line: string) => void;
  /** Called for every request, before any check (for the idle timer). */
  onRequest?: () => void;
  port?: number;
  /** The token of the server this one replaced on the same port: requests that still carry it are told to fetch the new one. */
  previousToken?: string;
}

export interface Endpoint {
  url: string;
  port: number;
  server: Server;
  connections: ConnectionGuard;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::ffff:127.0.0.1"]);

export const LIMITS = {
  maxHeaderSize: 8 * 1024,
  /** A connection must have sent its whole request head within this (the SDKs send it at once). */
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  socketIdleMs: 60_000,
  /** Unauthenticated connections: kept after their first event-loop turn, and ever (see connections.ts). */
  preAuthSoft: 128,
  preAuthHard: 512,
  /** Authenticated keep-alive connections. Both budgets together stay below a 1,024 file limit. */
  authorized: 256,
  /** The kernel's queue of connections not yet accepted (capped by net.core.somaxconn). */
  backlog: 4096,
};

function send(res: ServerResponse, answer: Answer): void {
  const body = answer.ok ? answer.body : { Code: answer.code, Message: answer.message };
  const text = JSON.stringify(body);
  if (res.destroyed || res.headersSent) return;
  res.writeHead(answer.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

const refuse = (status: number, code: string, message: string): Refusal => ({ ok: false, status, code, message });

/** The checks every request must pass before its token is looked at; undefined when it may proceed. */
function checkRequest(req: IncomingMessage, host: string): Refusal | undefined {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return refuse(403, "Forbidden", "only local requests are served");
  if (req.method !== "GET") return refuse(405, "MethodNotAllowed", "only GET is served");
  if ((req.headers.host ?? "").toLowerCase() !== host) return refuse(403, "Forbidden", "wrong Host header");
  if (req.headers.origin !== undefined) return refuse(403, "Forbidden", "browser requests are not served");
  if (Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined) {
    return refuse(413, "PayloadTooLarge", "a request body is not accepted");
  }
  return undefined;
}

function checkToken(req: IncomingMessage, token: string, previousToken: string | undefined): Refusal | undefined {
  const auth = req.headers.authorization;
  if (tokenMatches(auth, token)) return undefined;
  if (previousToken !== undefined && tokenMatches(auth, previousToken)) {
    return refuse(401, "Unauthorized", "switchrole: this token is from a credential server that has stopped; run `switchrole env --endpoint ...` again in this shell");
  }
  return refuse(401, "Unauthorized", "missing or wrong Authorization token");
}

export async function startEndpoint(opts: EndpointOptions): Promise<Endpoint> {
  const log = opts.log ?? (() => {});
  let host = "";
  const serverOptions = {
    maxHeaderSize: LIMITS.maxHeaderSize,
    requestTimeout: LIMITS.requestTimeoutMs,
    headersTimeout: LIMITS.headersTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, LIMITS.headersTimeoutMs),
  };
  const connections = new ConnectionGuard(() => LIMITS);
  const server = createServer(serverOptions, (req, res) => {
    opts.onRequest?.();
    const [pathname = "", query = ""] = (req.url ?? "").split("?", 2);
    const refused = checkRequest(req, host) ?? (pathname === PROOF_PATH ? undefined : checkToken(req, opts.token, opts.previousToken));
    if (refused) {
      log(`refused ${req.method ?? "?"} from ${req.socket.remoteAddress ?? "?"}: ${refused.status} ${refused.message}`);
      res.setHeader("connection", "close");
      send(res, refused);
      return;
    }
    if (pathname === PROOF_PATH) {
      // Unauthenticated: answered and closed, and the connection stays in the small budget.
      const nonce = new URLSearchParams(query).get("nonce") ?? "";
      res.setHeader("connection", "close");
      send(res, NONCE_PATTERN.test(nonce) ? { ok: true, status: 200, body: { Proof: proofOf(opts.token, host, nonce) } } : refuse(400, "BadRequest", "a nonce of 43 base64url characters is needed"));
      return;
    }
    const answered = connections.authorize(req.socket);
    res.once("close", answered);
    opts.route(pathname).then(
      (answer) => send(res, answer),
      (err: unknown) => {
        log(`internal error: ${(err as Error)?.message ?? String(err)}`);
        send(res, refuse(500, "InternalError", "switchrole's credential endpoint failed; see its log"));
      },
    );
  });
  server.keepAliveTimeout = LIMITS.keepAliveTimeoutMs;
  server.on("connection", (socket) => connections.admit(socket));
  server.setTimeout(LIMITS.socketIdleMs, (socket) => socket.destroy());
  // A client that goes away mid-request must not take the server with it.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
    const status =
      err.code === "HPE_HEADER_OVERFLOW"
        ? "431 Request Header Fields Too Large"
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT" || err.code === "HPE_HEADERS_TIMEOUT"
          ? "408 Request Timeout"
          : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: opts.port ?? 0, exclusive: true, backlog: LIMITS.backlog }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  host = `127.0.0.1:${port}`;
  return {
    url: `http://${host}`,
    port,
    server,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
