// Hand-built requests for what real clients never send: missing, garbled or stale auth, a
// malformed body, unknown actions, presigned URLs, and the admin API's own checks.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { BASTION } from "../helpers/world";
import { errorOf, presignedUrl, send, signedRequest } from "./signed-request";

const bastion = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey };
const STS_NS = 'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"';
const IAM_NS = 'xmlns="https://iam.amazonaws.com/doc/2010-05-08/"';

describe("protocol edge cases", () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(async () => emu?.stop());

  test("a signed GetCallerIdentity answers AWS's XML shape", async () => {
    const r = await send(emu.url, await signedRequest(emu.url, bastion, { Action: "GetCallerIdentity" }));
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "text/xml");
    assert.match(r.body, new RegExp(`^<GetCallerIdentityResponse ${STS_NS}>\\s*<GetCallerIdentityResult><UserId>AIDA\\w{17}</UserId><Account>111111111111</Account><Arn>arn:aws:iam::111111111111:user/bastion</Arn></GetCallerIdentityResult>\\s*<ResponseMetadata>\\s*<RequestId>[0-9a-f-]{36}</RequestId>`));
  });

  test("IAM is chosen by the credential scope and answers in its namespace", async () => {
    const r = await send(emu.url, await signedRequest(emu.url, bastion, { Action: "GetUser" }, { service: "iam" }));
    assert.equal(r.status, 200);
    assert.match(r.body, new RegExp(`^<GetUserResponse ${IAM_NS}>`));
    const wrong = await send(emu.url, await signedRequest(emu.url, bastion, { Action: "GetUser" }, { service: "sts" }));
    assert.deepEqual([wrong.status, errorOf(wrong.body).code, errorOf(wrong.body).message], [400, "InvalidAction", "Could not find operation GetUser for version 2011-06-15"]);
  });

  test("no auth at all is MissingAuthenticationToken, in the ErrorResponse shape", async () => {
    const r = await send(emu.url, { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=GetCallerIdentity&Version=2011-06-15" });
    assert.equal(r.status, 403);
    assert.match(r.body, new RegExp(`^<ErrorResponse ${STS_NS}>\\s*<Error>\\s*<Type>Sender</Type>\\s*<Code>MissingAuthenticationToken</Code>\\s*<Message>Request is missing Authentication Token</Message>\\s*</Error>\\s*<RequestId>[0-9a-f-]{36}</RequestId>\\s*</ErrorResponse>`));
  });

  test("garbled Authorization headers are IncompleteSignature", async () => {
    for (const auth of ["Bearer abc", "AWS4-HMAC-SHA256 Credential=AKIAEMULATORBASTION1/20240101/us-east-1/sts/aws4_request", "AWS4-HMAC-SHA256 Credential=nonsense, SignedHeaders=host, Signature=00"]) {
      const r = await send(emu.url, { headers: { authorization: auth, "x-amz-date": "20240101T000000Z" }, body: "Action=GetCallerIdentity" });
      assert.equal(r.status, 400, auth);
      assert.equal(errorOf(r.body).code, "IncompleteSignature", auth);
    }
    const noDate = await signedRequest(emu.url, bastion, { Action: "GetCallerIdentity" });
    delete noDate.headers["x-amz-date"];
    const r = await send(emu.url, noDate);
    assert.match(errorOf(r.body).message!, /requires existence of either a 'X-Amz-Date' or a 'Date' header/);
  });

  test("signature age is checked against the real clock, not the emulator's", async () => {
    await emu.advance(3600);
    const ok = await send(emu.url, await signedRequest(emu.url, bastion, { Action: "GetCallerIdentity" }));
    assert.equal(ok.status, 200);
    const old = await send(emu.url, await signedRequest(emu.url, bastion, { Action: "GetCallerIdentity" }, { signingDate: new Date(Date.now() - 16 * 60_000) }));
    assert.equal(old.status, 403);
    assert.equal(errorOf(old.body).code, "SignatureDoesNotMatch");
    assert.match(errorOf(old.body).message!, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  test("a body changed after signing is SignatureDoesNotMatch", async () => {
    const req = await signedRequest(emu.url, bastion, { Action: "GetSessionToken", DurationSeconds: "900" });
    const r = await send(emu.url, { ...req, body: req.body.replace("900", "901") });
    assert.deepEqual([r.status, errorOf(r.body).code], [403, "SignatureDoesNotMatch"]);
  });

  test("a malformed body or unknown action is an AWS error, never a crash", async () => {
    const garbage = await send(emu.url, await signedRequest(emu.url, bastion, { Action: "%%%\u0000<xml>" }));
    assert.equal(garbage.status, 400);
    assert.equal(errorOf(garbage.body).code, "InvalidAction");
    assert.doesNotMatch(garbage.body, /at .*\.js:\d+/);
    const noAction = await send(emu.url, await signedRequest(emu.url, bastion, {}));
    assert.equal(errorOf(noAction.body).code, "MissingAction");
    const proto = await send(emu.url, await signedRequest(emu.url, bastion, { Action: "toString" }));
    assert.equal(errorOf(proto.body).code, "InvalidAction");
    const alive = await send(emu.url, await signedRequest(emu.url, bastion, { Action: "GetCallerIdentity" }));
    assert.equal(alive.status, 200);
  });

  test("a presigned GET URL is accepted", async () => {
    const url = await presignedUrl(emu.url, bastion, { Action: "GetCallerIdentity" });
    const r = await send(emu.url, { method: "GET", path: url.slice(emu.url.length) });
    assert.equal(r.status, 200, r.body);
    assert.match(r.body, /<Arn>arn:aws:iam::111111111111:user\/bastion<\/Arn>/);
  });

  test("admin API: calls, mfa-code (with used flag), clock, faults validation, unknown routes", async () => {
    await emu.reset();
    assert.deepEqual(await emu.calls(), []);
    const mfaUrl = `${emu.url}/__emulator/mfa-code?serial=${encodeURIComponent(BASTION.mfaSerial)}`;
    // `used` below must be read in the same 30 s step: start with most of one left.
    const shown = await (await fetch(mfaUrl)).json() as { secondsLeft: number };
    if (shown.secondsLeft < 10) await emu.advance(shown.secondsLeft);
    const first = await (await fetch(mfaUrl)).json() as { code: string; used: boolean };
    assert.match(first.code, /^\d{6}$/);
    assert.equal(first.used, false);
    const req = await signedRequest(emu.url, bastion, { Action: "GetSessionToken", SerialNumber: BASTION.mfaSerial, TokenCode: first.code });
    assert.equal((await send(emu.url, req)).status, 200);
    const after = await (await fetch(mfaUrl)).json() as { code: string; used: boolean; secondsLeft: number };
    assert.deepEqual(after, { ...first, used: true, secondsLeft: after.secondsLeft });
    assert.notEqual(await emu.freshMfaCode(), first.code === after.code ? first.code : "-", "freshMfaCode moves past a used code");
    const [call] = await emu.calls();
    assert.deepEqual({ ...call, time: "" }, {
      time: "", service: "sts", action: "GetSessionToken", accessKeyId: BASTION.accessKeyId, status: 200, errorCode: null,
      callerArn: BASTION.userArn, durationSeconds: 43200, serialNumber: BASTION.mfaSerial, tokenCodePresent: true, issuedAccessKeyId: call!.issuedAccessKeyId,
    });
    assert.equal((await fetch(`${emu.url}/__emulator/mfa-code?serial=nope`)).status, 404);
    const badFault = await fetch(`${emu.url}/__emulator/faults`, { method: "POST", body: JSON.stringify({ action: "AssumeRole", count: 0, status: 500 }) });
    assert.equal(badFault.status, 400);
    assert.match(await badFault.text(), /count must be a positive integer/);
    const badJson = await fetch(`${emu.url}/__emulator/clock`, { method: "POST", body: "{" });
    assert.equal(badJson.status, 400);
    assert.equal((await fetch(`${emu.url}/__emulator/nothing`)).status, 404);
  });

  test("a dropped connection: the client sees a socket error, the log records it", async () => {
    await emu.reset();
    await emu.faults({ action: "GetCallerIdentity", drop: true, count: 1 });
    await assert.rejects(send(emu.url, await signedRequest(emu.url, bastion, { Action: "GetCallerIdentity" })), /socket hang up|ECONNRESET/);
    assert.deepEqual((await emu.calls()).map((c) => [c.status, c.errorCode, c.fault]), [[0, "ConnectionDropped", true]]);
  });
});
