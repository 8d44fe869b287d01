// src/sts/client.ts in-process against the emulator: every STS and IAM call gives up at
// its budget (SWITCHROLE_TIMEOUT) with an StsFailure that says it timed out and names the
// service, action and endpoint; onSlow hears once about a call that takes a while; a bad
// SWITCHROLE_TIMEOUT is a usage error before any call. The emulator's hang fault stands
// for an endpoint that accepts the connection and never answers.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { assumeRole, discoverMfa, getCallerIdentity, getSessionToken, type CallOptions } from "../../src/sts/client";
import { budgetSeconds } from "../../src/sts/timeout";
import { isStsFailure, StsFailure } from "../../src/sts/errors";
import { asStsFailure } from "../../src/credentials/explain";
import { isUserError } from "../../src/errors";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { BASTION, roleArn } from "../helpers/world";
import type { Credentials } from "../../src/types";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const bastion = { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey } as Credentials;

describe("STS and IAM calls within a budget", { timeout: 120_000 }, () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(async () => emu?.stop());

  const opts = (timeout: string | undefined, lines: string[]): CallOptions => ({
    region: "ap-northeast-1",
    env: { ...emu.env, ...(timeout === undefined ? {} : { SWITCHROLE_TIMEOUT: timeout }) },
    onSlow: (line) => lines.push(line),
  });
  const brief = async () => (await emu.calls()).map((c) => [c.action, c.status, c.errorCode, c.fault ?? false]);

  const hanging: Array<[action: string, service: "STS" | "IAM", call: (o: CallOptions) => Promise<unknown>]> = [
    ["AssumeRole", "STS", (o) => assumeRole(bastion, { ...o, roleArn: roleArn("no_mfa_role"), roleSessionName: "t", durationSeconds: 900 })],
    ["GetSessionToken", "STS", (o) => getSessionToken(bastion, { ...o, durationSeconds: 900 })],
    ["GetCallerIdentity", "STS", (o) => getCallerIdentity(bastion, o)],
    ["GetUser", "IAM", (o) => discoverMfa(bastion, o)],
  ];
  for (const [action, service, run] of hanging) {
    test(`${service} ${action} that never answers: a timed-out StsFailure at the budget, onSlow told once`, async () => {
      await emu.reset();
      await emu.faults({ action, hang: true, count: 10 });
      const lines: string[] = [];
      const err = await run(opts("2s", lines)).then(
        () => assert.fail("resolved"),
        (e: unknown) => e,
      );
      assert.ok(isStsFailure(err), String(err));
      assert.deepEqual(
        { code: err.code, network: err.network, timedOut: err.timedOut, service: err.service, action: err.action, endpoint: err.endpoint, waitedSeconds: err.waitedSeconds, status: err.status },
        { code: "TimeoutError", network: true, timedOut: true, service, action, endpoint: emu.url, waitedSeconds: 2, status: undefined },
      );
      assert.equal(err.message, `${service} did not answer ${action} within 2 s at ${emu.url}`);
      assert.deepEqual(lines, [`switchrole: waiting for ${service} (${action} at ${emu.url})...`]);
      // One attempt: at the deadline the SDK was aborted, so it made no further one.
      assert.deepEqual(await brief(), [[action, 0, "NoResponse", true]]);
    });
  }

  test("ListMFADevices has its own budget after GetUser answered", async () => {
    await emu.reset();
    await emu.faults({ action: "ListMFADevices", hang: true, count: 10 });
    const lines: string[] = [];
    const err = await discoverMfa(bastion, opts("2", lines)).catch((e: unknown) => e);
    assert.ok(isStsFailure(err));
    assert.deepEqual([err.service, err.action, err.timedOut], ["IAM", "ListMFADevices", true]);
    assert.deepEqual(lines, [`switchrole: waiting for IAM (ListMFADevices at ${emu.url})...`]);
    assert.deepEqual(await brief(), [["GetUser", 200, null, false], ["ListMFADevices", 0, "NoResponse", true]]);
  });

  test("an answer that is slow but within the budget: success, onSlow told once", async () => {
    await emu.reset();
    await emu.faults({ action: "GetCallerIdentity", delayMs: 2_500 });
    const lines: string[] = [];
    const who = await getCallerIdentity(bastion, opts("30s", lines));
    assert.equal(who.arn, BASTION.userArn);
    assert.deepEqual(lines, [`switchrole: waiting for STS (GetCallerIdentity at ${emu.url})...`]);
    assert.deepEqual(await brief(), [["GetCallerIdentity", 200, null, true]]);
  });

  test("a prompt answer: onSlow is not called", async () => {
    await emu.reset();
    const lines: string[] = [];
    await getCallerIdentity(bastion, opts(undefined, lines));
    assert.deepEqual(lines, []);
  });

  test("a dropped connection is a network failure, not a timeout (and is retried)", async () => {
    await emu.reset();
    await emu.faults({ action: "GetCallerIdentity", drop: true, count: 10 });
    const err = await getCallerIdentity(bastion, opts("10s", [])).catch((e: unknown) => e);
    assert.ok(isStsFailure(err));
    assert.deepEqual([err.code, err.network, err.timedOut, err.waitedSeconds], ["ECONNRESET", true, false, undefined]);
    assert.deepEqual(await brief(), Array(4).fill(["GetCallerIdentity", 0, "ConnectionDropped", true]));
  });

  test("an endpoint with user:password@: neither the failure nor the onSlow line shows the password", async () => {
    await emu.reset();
    await emu.faults({ action: "AssumeRole", hang: true, count: 10 });
    const lines: string[] = [];
    const o = opts("2s", lines);
    o.env = { ...o.env, AWS_ENDPOINT_URL_STS: emu.url.replace("http://", "http://user:hunter2@") };
    const err = await assumeRole(bastion, { ...o, roleArn: roleArn("no_mfa_role"), roleSessionName: "t", durationSeconds: 900 }).catch((e: unknown) => e);
    assert.ok(isStsFailure(err));
    assert.equal(err.endpoint, emu.url);
    assert.doesNotMatch(`${err.message} ${lines.join(" ")}`, /hunter2|user/);
    assert.deepEqual(lines, [`switchrole: waiting for STS (AssumeRole at ${emu.url})...`]);
  });

  test("a bad SWITCHROLE_TIMEOUT: a usage error naming it, before any call", async () => {
    await emu.reset();
    for (const bad of ["abc", "0", "-5", "1.5", "20ms", "11m", "1h"]) {
      const err = await getCallerIdentity(bastion, opts(bad, [])).catch((e: unknown) => e);
      assert.ok(isUserError(err), `${bad}: ${String(err)}`);
      assert.equal(err.exitCode, 2);
      assert.equal(err.message, `SWITCHROLE_TIMEOUT=${JSON.stringify(bad)} is not a duration between 1s and 10m`);
      assert.equal(err.hint, "use seconds (15) or a duration such as 30s or 1m; it bounds each STS and IAM call, retries included");
    }
    assert.deepEqual(await emu.calls(), []);
  });

  test("without opts.env, SWITCHROLE_TIMEOUT and the endpoints come from process.env", async () => {
    await emu.reset();
    const saved = { ...process.env };
    Object.assign(process.env, emu.env, { SWITCHROLE_TIMEOUT: "nope" });
    try {
      const err = await getCallerIdentity(bastion, { region: "ap-northeast-1" }).catch((e: unknown) => e);
      assert.ok(isUserError(err));
      assert.match(err.message, /^SWITCHROLE_TIMEOUT="nope"/);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  test("the failure thrown by the built dist/sts.js (its own StsFailure class) is recognised by its brand", async () => {
    const dist = require(resolve(__dirname, "../../dist/sts.js")) as typeof import("../../src/sts/client");
    assert.notEqual(dist.StsFailure, StsFailure, "a separate copy of the class");
    await emu.reset();
    await emu.faults({ action: "GetCallerIdentity", hang: true, count: 10 });
    const err = await dist.getCallerIdentity(bastion, opts("1", [])).catch((e: unknown) => e);
    assert.equal(err instanceof StsFailure, false);
    const f = asStsFailure(err);
    assert.ok(f, String(err));
    assert.deepEqual([f.service, f.action, f.timedOut, f.waitedSeconds], ["STS", "GetCallerIdentity", true, 1]);
  });
});

test("budgetSeconds: seconds or a duration, 1 s to 10 min, default 15", () => {
  const cases: Array<[string | undefined, number]> = [[undefined, 15], ["", 15], ["  ", 15], ["20", 20], [" 45 ", 45], ["20s", 20], ["1m", 60], ["1m30s", 90], ["10m", 600], ["1", 1]];
  for (const [raw, want] of cases) assert.equal(budgetSeconds(raw === undefined ? {} : { SWITCHROLE_TIMEOUT: raw }), want, String(raw));
  assert.throws(() => budgetSeconds({ SWITCHROLE_TIMEOUT: "601" }), /SWITCHROLE_TIMEOUT="601" is not a duration between 1s and 10m/);
});
