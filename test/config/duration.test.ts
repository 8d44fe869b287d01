import { test } from "node:test";
import assert from "node:assert/strict";
import { checkMfaSessionDuration, checkRoleDuration, parseDuration } from "../../src/config/duration";
import { isUsageError } from "./fixture";

const good: Array<[string, number]> = [
  ["900", 900],
  ["15m", 900],
  ["1h", 3600],
  ["12h", 43200],
  ["1h30m", 5400],
  ["90s", 90],
  ["1h0m30s", 3630],
  ["2H", 7200],
  [" 3600 ", 3600],
  ["0900", 900],
];
for (const [text, seconds] of good) {
  test(`parseDuration(${JSON.stringify(text)}) = ${seconds}`, () => {
    assert.deepEqual(parseDuration(text, "--duration"), { value: seconds, from: "--duration", text });
  });
}

const bad: Array<[string, string, string]> = [
  ["abc", "--duration", "--duration abc is not a duration"],
  ["", "--duration", '--duration "" is not a duration'],
  ["1d", "--duration", "--duration 1d is not a duration"],
  ["m", "AWS_ROLE_SESSION_TIMEOUT", "AWS_ROLE_SESSION_TIMEOUT=m is not a duration"],
  ["30m1h", "--mfa-session-duration", "--mfa-session-duration 30m1h is not a duration"],
  ["-900", "--duration", "--duration -900 is not a duration"],
  ["1.5h", "--duration", "--duration 1.5h is not a duration"],
  ["1 h", "--duration", '--duration "1 h" is not a duration'],
];
for (const [text, from, message] of bad) {
  test(`parseDuration rejects ${JSON.stringify(text)} from ${from}`, () => {
    assert.throws(() => parseDuration(text, from), isUsageError(message, "write seconds (900) or hours, minutes and seconds (15m, 1h, 12h, 1h30m)"));
  });
}

test("profile keys of AWS (secondsOnly) take whole seconds only, as the AWS CLI does", () => {
  const from = "duration_seconds in profile dev (~/.aws/config)";
  assert.equal(parseDuration("1800", from, true).value, 1800);
  assert.throws(
    () => parseDuration("1h", from, true),
    isUsageError("duration_seconds = 1h in profile dev (~/.aws/config) is not a whole number of seconds", "write it in seconds, e.g. 3600"),
  );
});

const range: Array<[string, string, "role" | "mfa", string | undefined, string?]> = [
  ["60", "AWS_ROLE_SESSION_TIMEOUT", "role", "AWS_ROLE_SESSION_TIMEOUT=60 is below the 900-second minimum of STS (allowed: 900–43200 seconds)", "use a value in that range, e.g. AWS_ROLE_SESSION_TIMEOUT=3600"],
  ["13h", "--duration", "role", "--duration 13h (46800 seconds) is above the 43200-second maximum of STS (allowed: 900–43200 seconds)", "use a value in that range, e.g. --duration 3600"],
  ["899", "duration_seconds in profile dev (~/.aws/config)", "role", "duration_seconds = 899 in profile dev (~/.aws/config) is below the 900-second minimum of STS (allowed: 900–43200 seconds)", "use a value in that range, e.g. duration_seconds = 3600 in profile dev (~/.aws/config)"],
  ["43201", "AWS_ROLE_SESSION_TIMEOUT", "role", "AWS_ROLE_SESSION_TIMEOUT=43201 is above the 43200-second maximum of STS (allowed: 900–43200 seconds)"],
  ["14m", "--duration", "role", "--duration 14m (840 seconds) is below the 900-second minimum of STS (allowed: 900–43200 seconds)"],
  ["900", "--duration", "role", undefined],
  ["12h", "--duration", "role", undefined],
  ["36h", "--mfa-session-duration", "mfa", undefined],
  ["15m", "SWITCHROLE_MFA_SESSION_DURATION", "mfa", undefined],
  ["37h", "--mfa-session-duration", "mfa", "--mfa-session-duration 37h (133200 seconds) is above the 129600-second maximum of STS (allowed: 900–129600 seconds)", "use a value in that range, e.g. --mfa-session-duration 43200"],
  ["600", "SWITCHROLE_MFA_SESSION_DURATION", "mfa", "SWITCHROLE_MFA_SESSION_DURATION=600 is below the 900-second minimum of STS (allowed: 900–129600 seconds)"],
  ["0", "mfa_session_duration in profile bastion (~/.aws/config)", "mfa", "mfa_session_duration = 0 in profile bastion (~/.aws/config) is below the 900-second minimum of STS (allowed: 900–129600 seconds)"],
];
for (const [text, from, kind, message, hint] of range) {
  test(`${kind} duration ${from} ${text}: ${message ?? "accepted"}`, () => {
    const check = kind === "role" ? checkRoleDuration : checkMfaSessionDuration;
    const d = parseDuration(text, from);
    if (message === undefined) assert.deepEqual(check(d), { value: d.value, from });
    else assert.throws(() => check(d), isUsageError(message, hint));
  });
}
