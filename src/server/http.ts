// The credential endpoint's HTTP layer: loopback only, a bearer token on every request,
// the Host header pinned to our own address (DNS rebinding), no browser (Origin) requests,
// no CORS, small limits and timeouts. It never logs a token, a path or a credential.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tokenMatches } from "./token";

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
}

export interface Endpoint {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::ffff:127.0.0.1"]);

export const LIMITS = {
  maxHeaderSize: 8 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  socketIdleMs: 60_000,
  maxConnections: 1024,
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

/** The checks every request must pass; undefined when it may proceed. */
function check(req: IncomingMessage, token: string, host: string): Refusal | undefined {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return refuse(403, "Forbidden", "only local requests are served");
  if (req.method !== "GET") return refuse(405, "MethodNotAllowed", "only GET is served");
  if ((req.headers.host ?? "").toLowerCase() !== host) return refuse(403, "Forbidden", "wrong Host header");
  if (req.headers.origin !== undefined) return refuse(403, "Forbidden", "browser requests are not served");
  if (Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined) {
    return refuse(413, "PayloadTooLarge", "a request body is not accepted");
  }
  const auth = req.headers.authorization;
  if (!tokenMatches(auth, token)) return refuse(401, "Unauthorized", "missing or wrong Authorization token");
  return undefined;
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
  const server = createServer(serverOptions, (req, res) => {
    opts.onRequest?.();
    const refused = check(req, opts.token, host);
    if (refused) {
      log(`refused ${req.method ?? "?"} from ${req.socket.remoteAddress ?? "?"}: ${refused.status} ${refused.message}`);
      res.setHeader("connection", "close");
      send(res, refused);
      return;
    }
    const pathname = (req.url ?? "").split("?")[0] ?? "";
    opts.route(pathname).then(
      (answer) => send(res, answer),
      (err: unknown) => {
        log(`internal error: ${(err as Error)?.message ?? String(err)}`);
        send(res, refuse(500, "InternalError", "switchrole's credential endpoint failed; see its log"));
      },
    );
  });
  server.keepAliveTimeout = LIMITS.keepAliveTimeoutMs;
  server.maxConnections = LIMITS.maxConnections;
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
    server.listen({ host: "127.0.0.1", port: opts.port ?? 0, exclusive: true }, () => {
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
