// Port squatting: another local user binds the port of a server that has gone (idle exit,
// crash, kill -9 with its pid reused), and waits for switchrole to send it the token. The
// check before reusing server.json (isAlive) proves the listener is ours without sending
// the token: the socket's uid from /proc/net/tcp, then a nonce only the token's holder can
// answer. Another user plays the squatter (useradd, runuser); it records what reaches it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createOtherUser, type OtherUser, type RunningAs } from "../helpers/other-user";
import { isAlive, listenerOwner, type ServerState } from "../../src/server/state";
import { startEndpoint } from "../../src/server/http";
import { newToken } from "../../src/server/token";

const root = process.getuid?.() === 0;
const skip = root ? false : process.env.CI ? false : "needs root, to play another local user";

// The squatter: answers 200 with a made-up proof and credentials to anything, and prints
// each request's path and Authorization header.
const SQUATTER = `
const http = require("node:http");
const s = http.createServer((req, res) => {
  console.log(JSON.stringify({ url: req.url, authorization: req.headers.authorization ?? null }));
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ Proof: "x".repeat(43), AccessKeyId: "ASIASQUATTER", SecretAccessKey: "s", Token: "t", Expiration: new Date(Date.now() + 3600e3).toISOString() }));
});
s.listen(0, "127.0.0.1", () => console.log("port " + s.address().port));
`;

let other: OtherUser | undefined;
let squatter: RunningAs | undefined;
let port = 0;
const seen: string[] = [];
before(async () => {
  if (skip) return;
  other = createOtherUser();
  squatter = other.node(SQUATTER, []);
  squatter.onLine((l) => void (l.startsWith("{") && seen.push(l)));
  port = Number((await squatter.line((l) => l.startsWith("port "))).slice(5));
});
after(() => {
  squatter?.stop();
  other?.remove();
});

/** A process of ours standing for the dead server's pid, reused (or the server still "alive" by pid). */
function ourPid(t: { after: (fn: () => void) => void }): number {
  const p = spawn("sleep", ["infinity"], { stdio: "ignore" });
  t.after(() => p.kill());
  return p.pid as number;
}

test("the kernel's socket table names the squatter's port as another user's", { skip }, () => {
  assert.equal(listenerOwner(port), "other");
  assert.equal(listenerOwner(port, other!.uid), "us", "and as its own, seen with its uid");
});

test("a stale server.json whose port another user now holds: not our server, and the squatter gets nothing", { skip }, async (t) => {
  const state: ServerState = { version: 1, pid: ourPid(t), url: `http://127.0.0.1:${port}`, token: newToken(), startedAt: new Date().toISOString() };
  assert.equal(await isAlive(state), false);
  assert.deepEqual(seen, [], "no request reached the squatter");
});

test("a listener of our own uid that does not hold the token fails the proof, and never sees the token", { skip: false }, async (t) => {
  const headers: IncomingHttpHeaders[] = [];
  const fake = createServer((req, res) => {
    headers.push(req.headers);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ Proof: "y".repeat(43), Status: "ok" }));
  });
  await new Promise<void>((ok) => fake.listen(0, "127.0.0.1", ok));
  t.after(() => fake.close());
  const token = newToken();
  const state: ServerState = { version: 1, pid: ourPid(t), url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, token, startedAt: new Date().toISOString() };
  assert.equal(await isAlive(state), false);
  assert.equal(headers.length, 1, "asked once, for the proof");
  assert.equal(headers[0]!.authorization, undefined, "without the token");
});

test("our own endpoint proves it holds the token, and isAlive says so", { skip: false }, async (t) => {
  const token = newToken();
  const endpoint = await startEndpoint({ token, route: async () => ({ ok: true, status: 200, body: {} }) });
  t.after(() => endpoint.close());
  assert.equal(await isAlive({ version: 1, pid: process.pid, url: endpoint.url, token, startedAt: new Date().toISOString() }), true);
  // The same endpoint, a file with another token: the proof does not match.
  assert.equal(await isAlive({ version: 1, pid: process.pid, url: endpoint.url, token: newToken(), startedAt: new Date().toISOString() }), false);
});
