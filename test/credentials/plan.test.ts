// planSteps: which STS calls a target needs, by MFA and duration (AWS's 1-hour cap on
// roles assumed with temporary credentials decides between the two MFA plans).
import { test } from "node:test";
import assert from "node:assert/strict";
import { plan, chainingNote, CHAINING_CAP_SECONDS, type Step } from "../../src/credentials/plan";
import type { Target } from "../../src/types";
import { NOW, SERIAL, target } from "./fakes";

/** The calls planned for a target whose device IAM named (null: none), on an empty cache. */
function planSteps(t: Target, mfa: string | null): Step[] {
  const device = { version: 1 as const, kind: "device" as const, mfaSerial: mfa, sourceProfile: "bastion", createdAt: new Date(NOW) };
  return plan({ kind: "role", target: t }, { keysKnown: true, device }, NOW, { minTtlSeconds: 300 }).steps;
}

const shape = (duration: number, mfa: string | null) =>
  planSteps(target({ duration: { value: duration, from: "--duration" } }), mfa).map((s) =>
    s.kind === "getSessionToken" ? `GetSessionToken(${s.durationSeconds}, code)` : s.kind === "assumeRole" ? `AssumeRole(${s.durationSeconds}, by ${s.signWith}, mfa ${s.mfa})` : s.kind,
  );

const rows: Array<[duration: number, mfa: string | null, plan: string[]]> = [
  [900, SERIAL, ["GetSessionToken(43200, code)", "AssumeRole(900, by mfa-session, mfa session)"]],
  [3600, SERIAL, ["GetSessionToken(43200, code)", "AssumeRole(3600, by mfa-session, mfa session)"]],
  [3601, SERIAL, ["AssumeRole(3601, by source, mfa code)"]],
  [43200, SERIAL, ["AssumeRole(43200, by source, mfa code)"]],
  [900, null, ["AssumeRole(900, by source, mfa none)"]],
  [3600, null, ["AssumeRole(3600, by source, mfa none)"]],
  [3601, null, ["AssumeRole(3601, by source, mfa none)"]],
  [43200, null, ["AssumeRole(43200, by source, mfa none)"]],
];

for (const [duration, mfa, plan] of rows) {
  test(`${duration} s, ${mfa ? "MFA" : "no MFA"}`, () => {
    assert.deepEqual(shape(duration, mfa), plan);
    const note = chainingNote(planSteps(target({ duration: { value: duration, from: "x" } }), mfa));
    if (mfa && duration > CHAINING_CAP_SECONDS) {
      assert.equal(
        note,
        `switchrole: note: ${duration} s is over AWS's 1-hour limit for roles assumed from an MFA session, so this role is assumed directly with a new MFA code (the MFA session is not reused)`,
      );
    } else {
      assert.equal(note, undefined);
    }
  });
}

test("the steps carry the device, the role, the external id and the MFA session's length", () => {
  const t = target({ externalId: "123456789012", mfaSessionDuration: { value: 3600, from: "--mfa-session-duration" } });
  const [gst, ar] = planSteps(t, SERIAL);
  assert.equal(gst?.kind, "getSessionToken");
  assert.equal(gst?.serialNumber, SERIAL);
  assert.equal(gst?.durationSeconds, 3600);
  assert.equal(ar?.kind, "assumeRole");
  assert.equal(ar?.kind === "assumeRole" && ar.roleArn, t.roleArn);
  assert.equal(ar?.kind === "assumeRole" && ar.externalId, "123456789012");
  const [direct] = planSteps(target({ duration: { value: 7200, from: "x" } }), SERIAL);
  assert.equal(direct?.kind === "assumeRole" && direct.serialNumber, SERIAL);
  for (const s of [gst, ar, direct]) assert.ok(s && s.why.length > 10, "every step says why");
});
