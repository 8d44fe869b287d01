// Every unauthenticated or forged request is refused, and the next good one is served:
// no token, a wrong token, a wrong Host (DNS rebinding), a browser Origin, other methods,
// a body, huge headers or URL, garbage, a slow or vanishing client; no CORS headers; and
// nothing reachable from another network namespace (a non-loopback address).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { connect } from "node:net";
import { request } from "node:http";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { LIMITS, startEndpoint, type Endpoint } from "../../src/server/http";
import { newToken } from "../../src/server/token";
import { credentialsBody } from "../../src/server/router";

const run = promisify(execFile);
const CREDS = credentialsBody({ accessKeyId: "ASIAEXAMPLEEXAMPLE01", secretAccessKey: "s".repeat(40), sessionToken: "t".repeat(100), expiration: new Date(Date.now() + 3600_000) });

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function get(ep: Endpoint, headers: Record<string, string>, opts: { method?: string; path?: string; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: ep.port, path: opts.path ?? "/credentials", method: opts.method ?? "GET", headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** Writes raw bytes and returns what came back until the server closed the connection. */
function raw(ep: Endpoint, bytes: string, endAfterWrite = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(ep.port, "127.0.0.1");
    let got = "";
    socket.setEncoding("utf8").on("data", (d: string) => (got += d));
    socket.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" || e.code === "EPIPE" ? resolve(got) : reject(e)));
    socket.on("close", () => resolve(got));
    socket.write(bytes, () => void (endAfterWrite && socket.end()));
  });
}

describe("credential endpoint security", () => {
  let ep: Endpoint;
  const token = newToken();
  const refused: string[] = [];
  const good = () => ({ host: `127.0.0.1:${ep.port}`, authorization: token });
  const expectServed = async () => {
    const r = await get(ep, good());
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.body), CREDS);
  };

  before(async () => {
    LIMITS.headersTimeoutMs = 500;
    // Every other timer that could cut a slow client off is out of the tests' reach, so a
    // slow client that is cut off was cut off by the header timeout (no stopwatch needed).
    LIMITS.requestTimeoutMs = 3_600_000;
    LIMITS.socketIdleMs = 3_600_000;
    ep = await startEndpoint({ token, log: (l) => refused.push(l), route: async (p) => (p === "/credentials" ? { ok: true, status: 200, body: CREDS } : { ok: false, status: 404, code: "NotFound", message: "no" }) });
  });
  after(async () => ep?.close());

  test("the token is 256 random bits", () => {
    assert.equal(Buffer.from(token, "base64url").length, 32);
    assert.notEqual(newToken(), token);
  });

  test("a good request is served, without CORS headers, not cacheable", async () => {
    const r = await get(ep, good());
    assert.equal(r.status, 200);
    assert.equal(r.headers["cache-control"], "no-store");
    assert.deepEqual(Object.keys(r.headers).filter((h) => h.startsWith("access-control-")), []);
  });

  const cases: Array<[string, (h: Record<string, string>) => Record<string, string>, number, object?]> = [
    ["no token", ({ authorization: _, ...h }) => h, 401],
    ["an empty token", (h) => ({ ...h, authorization: "" }), 401],
    ["a wrong token of the same length", (h) => ({ ...h, authorization: `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}` }), 401],
    ["the token with a prefix", (h) => ({ ...h, authorization: `Bearer ${token}` }), 401],
    ["a wrong Host (DNS rebinding)", (h) => ({ ...h, host: `evil.example:${ep.port}` }), 403],
    ["Host localhost", (h) => ({ ...h, host: `localhost:${ep.port}` }), 403],
    ["Host without the port", (h) => ({ ...h, host: "127.0.0.1" }), 403],
    ["a browser Origin", (h) => ({ ...h, origin: "http://evil.example" }), 403],
  ];
  for (const [name, change, status] of cases) {
    test(`${name}: refused with ${status}, then the next good request is served`, async () => {
      const r = await get(ep, change(good()));
      assert.equal(r.status, status);
      assert.ok(!r.body.includes(CREDS.SecretAccessKey!), "no credentials in a refusal");
      assert.equal(JSON.parse(r.body).Code !== undefined, true);
      await expectServed();
    });
  }

  test("POST and a request body are refused", async () => {
    assert.equal((await get(ep, good(), { method: "POST", body: "x" })).status, 405);
    assert.equal((await get(ep, { ...good(), "content-length": "5" }, { body: "hello" })).status, 413);
    assert.equal((await get(ep, good(), { path: "/role/nothing" })).status, 404);
    await expectServed();
  });

  test("huge headers and a huge URL are refused (431)", async () => {
    assert.equal((await get(ep, { ...good(), "x-big": "a".repeat(LIMITS.maxHeaderSize * 2) })).status, 431);
    const longUrl = await raw(ep, `GET /credentials?${"q".repeat(64 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1:${ep.port}\r\nAuthorization: ${token}\r\n\r\n`);
    assert.match(longUrl, /^HTTP\/1\.1 431 /);
    await expectServed();
  });

  test("a malformed request gets 400 and the connection closed", async () => {
    assert.match(await raw(ep, "GARBAGE\r\n\r\n"), /^HTTP\/1\.1 400 /);
    assert.match(await raw(ep, `GET /credentials HTTP/1.1\r\nHost: 127.0.0.1:${ep.port}\r\nAuthorization ${token}\r\n\r\n`), /^HTTP\/1\.1 400 /);
    assert.match(await raw(ep, "\u0000\u0001\u0002\r\n\r\n"), /^HTTP\/1\.1 400 /);
    await expectServed();
  });

  // raw() returns only once the server has closed the connection: if nothing did, the
  // test's timeout fails it; the header timeout is the only timer left that can (before()).
  test("a client that never finishes its headers is cut off; one that vanishes mid-request is forgotten", { timeout: 30_000 }, async () => {
    const slow = await raw(ep, `GET /credentials HTTP/1.1\r\nHost: 127.0.0.1:${ep.port}\r\n`, false);
    assert.match(slow, /^(HTTP\/1\.1 408 |$)/);
    const socket = connect(ep.port, "127.0.0.1");
    await new Promise<void>((r) => socket.on("connect", () => r()));
    socket.write(`GET /credentials HTTP/1.1\r\nHost: 127.0.0.1:${ep.port}\r\n`);
    socket.destroy();
    await expectServed();
  });

  test("the refusal log names no token and no credential", () => {
    assert.ok(refused.length >= 8);
    const log = refused.join("\n");
    assert.ok(!log.includes(token));
    assert.ok(!log.includes(CREDS.SecretAccessKey!));
  });

  test("another network namespace cannot reach it (bound to 127.0.0.1 only)", { skip: netnsSkip() }, async (t) => {
    const ns = `srtest${process.pid}`;
    const veth = `srv${process.pid % 100000}`;
    const subnet = `10.${200 + (process.pid % 50)}.${process.pid % 250}`;
    const sh = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
    sh("netns", "add", ns);
    t.after(() => {
      spawnSync("ip", ["link", "del", `${veth}a`]);
      spawnSync("ip", ["netns", "del", ns]);
    });
    sh("link", "add", `${veth}a`, "type", "veth", "peer", "name", `${veth}b`);
    sh("link", "set", `${veth}b`, "netns", ns);
    sh("addr", "add", `${subnet}.1/24`, "dev", `${veth}a`);
    sh("link", "set", `${veth}a`, "up");
    sh("netns", "exec", ns, "ip", "addr", "add", `${subnet}.2/24`, "dev", `${veth}b`);
    sh("netns", "exec", ns, "ip", "link", "set", `${veth}b`, "up");
    sh("netns", "exec", ns, "ip", "link", "set", "lo", "up");
    // Asynchronous: the servers answering live in this process's event loop.
    const probe = async (port: number) =>
      (await run("ip", ["netns", "exec", ns, process.execPath, "-e", PROBE, `${subnet}.1`, String(port), token], { encoding: "utf8", timeout: 10_000 })).stdout.trim();
    // The control: a server on all interfaces IS reachable from the namespace, so a
    // refusal below is the loopback binding at work, not a broken network.
    const open = await startControl();
    try {
      let reached = "";
      for (let i = 0; i < 20 && reached !== "status 200"; i++) reached = await probe(open.port); // the link takes a moment to come up
      assert.equal(reached, "status 200");
    } finally {
      await open.close();
    }
    assert.equal(await probe(ep.port), "ECONNREFUSED");
    await expectServed();
  });
});

const PROBE = `
const [host, port, token] = process.argv.slice(1);
const req = require("http").get({ host, port: Number(port), path: "/credentials", headers: { authorization: token }, timeout: 3000 }, (res) => { console.log("status " + res.statusCode); res.resume(); });
req.on("error", (e) => console.log(e.code));
req.on("timeout", () => { console.log("timeout"); req.destroy(); });
`;

async function startControl(): Promise<{ port: number; close(): Promise<void> }> {
  const { createServer } = await import("node:http");
  const s = createServer((_q, r) => r.end("{}"));
  await new Promise<void>((r) => s.listen(0, "0.0.0.0", r));
  const port = (s.address() as { port: number }).port;
  return { port, close: () => new Promise((r) => s.close(() => r())) };
}

function netnsSkip(): string | false {
  if (process.getuid?.() !== 0 && process.env.CI === "true") throw new Error("CI=true but not root: the network-namespace test needs root");
  if (process.getuid?.() !== 0) return "needs root for `ip netns` (the server binds 127.0.0.1, which other hosts cannot reach)";
  const r = spawnSync("ip", ["netns", "list"]);
  if (r.status === 0) return false;
  if (process.env.CI === "true") throw new Error("CI=true but `ip netns` is not available");
  return "`ip netns` is not available here";
}
