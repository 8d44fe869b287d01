// The hang fault: the emulator reads the request and never answers, until the client gives
// up or the emulator stops (which must not wait for the held connection).
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { BASTION } from "../helpers/world";
import { send, signedRequest, type Raw } from "./signed-request";

const bastion = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };

/** Sends raw; the client gives up (destroys the socket) after giveUpMs without an answer. */
function sendGivingUp(url: string, raw: Raw, giveUpMs: number): Promise<"answered" | "gave up"> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, method: raw.method, path: raw.path, headers: raw.headers }, (res) => {
      res.resume();
      ok("answered");
    });
    req.setTimeout(giveUpMs, () => {
      req.destroy();
      ok("gave up");
    });
    req.on("error", (e) => (req.destroyed ? undefined : fail(e)));
    req.end(raw.body);
  });
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("hang fault", () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(async () => emu?.stop());

  test("the request is read and never answered; the log says so; the next call is answered", async () => {
    await emu.reset();
    await emu.faults({ action: "GetCallerIdentity", hang: true });
    const raw = await signedRequest(emu.url, bastion, { Action: "GetCallerIdentity" });
    assert.equal(await sendGivingUp(emu.url, raw, 300), "gave up");
    assert.deepEqual((await emu.calls()).map((c) => [c.action, c.status, c.errorCode, c.fault]), [["GetCallerIdentity", 0, "NoResponse", true]]);
    const next = await send(emu.url, await signedRequest(emu.url, bastion, { Action: "GetCallerIdentity" }));
    assert.equal(next.status, 200);
  });

  test("count and action apply as for other faults", async () => {
    await emu.reset();
    await emu.faults({ action: "*", hang: true, count: 2 });
    for (const action of ["GetCallerIdentity", "GetSessionToken"]) {
      assert.equal(await sendGivingUp(emu.url, await signedRequest(emu.url, bastion, { Action: action }), 300), "gave up", action);
    }
    assert.equal((await send(emu.url, await signedRequest(emu.url, bastion, { Action: "GetCallerIdentity" }))).status, 200);
    assert.deepEqual((await emu.calls()).map((c) => c.errorCode), ["NoResponse", "NoResponse", null]);
  });

  test("faults validation: hang must be a boolean and cannot be combined with status or drop", async () => {
    for (const [body, error] of [
      [{ action: "AssumeRole", hang: "yes" }, "hang must be a boolean"],
      [{ action: "AssumeRole", hang: true, status: 500 }, "hang cannot be combined with status or drop"],
      [{ action: "AssumeRole", hang: true, drop: true }, "hang cannot be combined with status or drop"],
      [{ action: "AssumeRole" }, "status, delayMs, drop or hang must be given"],
    ] as const) {
      const r = await fetch(`${emu.url}/__emulator/faults`, { method: "POST", body: JSON.stringify(body) });
      assert.deepEqual([r.status, await r.json()], [400, { error }], JSON.stringify(body));
    }
  });

  test("stopping the emulator closes a hung connection instead of waiting for it", async () => {
    const own = await startEmulator();
    await own.faults({ action: "GetCallerIdentity", hang: true });
    const outcome = send(own.url, await signedRequest(own.url, bastion, { Action: "GetCallerIdentity" })).then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.message,
    );
    await until(async () => ((await own.calls()).length > 0 ? true : undefined));
    await own.stop(); // the test's own timeout is the hang guard
    assert.match(await outcome, /socket hang up|ECONNRESET/);
  });
});
