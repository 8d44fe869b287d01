// Which variables a result becomes: `switchrole env` (roleVars) and the seed's
// assume-role (assumeRoleVars), with null (unset) where a value does not exist.
import { test } from "node:test";
import assert from "node:assert/strict";
import { roleVars, assumeRoleVars } from "../../src/credentials/exports";
import { NOW, target, temp } from "./fakes";

const role = temp("role", NOW, 3600);
const session = temp("session", NOW, 43200);

test("roleVars: names, order and values", () => {
  const vars = roleVars({ target: target(), role, roleStartedAt: NOW + 1999 });
  assert.deepEqual(vars, [
    ["AWS_ACCESS_KEY_ID", role.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", role.secretAccessKey],
    ["AWS_SESSION_TOKEN", role.sessionToken],
    ["AWS_SECURITY_TOKEN", role.sessionToken],
    ["AWS_CREDENTIAL_EXPIRATION", "2024-01-02T04:04:05.000Z"],
    ["AWS_REGION", "ap-northeast-1"],
    ["AWS_DEFAULT_REGION", "ap-northeast-1"],
    ["AWS_ACCOUNT_ID", "123456789012"],
    ["AWS_ACCOUNT_NAME", "private_aws"],
    ["AWS_ACCOUNT_ROLE", "sample_switch_role"],
    ["ROLE_SESSION_START", String(Math.floor((NOW + 1999) / 1000))],
  ]);
});

test("roleVars: no region known -> no region variables", () => {
  const names = roleVars({ target: target({ region: undefined }), role, roleStartedAt: NOW }).map(([n]) => n);
  assert.ok(!names.includes("AWS_REGION") && !names.includes("AWS_DEFAULT_REGION"));
});

test("assumeRoleVars: exactly the seed's variables plus AWS_CREDENTIAL_EXPIRATION", () => {
  const vars = assumeRoleVars({ target: target(), role, roleStartedAt: NOW, mfaSession: { credentials: session, startedAt: NOW - 60_000 } });
  const seed =
    "AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ACCOUNT_ID AWS_ACCOUNT_NAME AWS_ACCOUNT_ROLE GEO_ENV AWS_REGION AWS_DEFAULT_REGION AWS_SESSION_ACCESS_KEY_ID AWS_SESSION_SECRET_ACCESS_KEY AWS_SESSION_SESSION_TOKEN AWS_SESSION_SECURITY_TOKEN AWS_SESSION_START ROLE_SESSION_START";
  assert.deepEqual(vars.map(([n]) => n).sort(), [...seed.split(" "), "AWS_CREDENTIAL_EXPIRATION"].sort());
  const get = new Map(vars);
  assert.equal(get.get("GEO_ENV"), "private_aws");
  assert.equal(get.get("AWS_SESSION_ACCESS_KEY_ID"), session.accessKeyId);
  assert.equal(get.get("AWS_SESSION_SECRET_ACCESS_KEY"), session.secretAccessKey);
  assert.equal(get.get("AWS_SESSION_SESSION_TOKEN"), session.sessionToken);
  assert.equal(get.get("AWS_SESSION_SECURITY_TOKEN"), session.sessionToken);
  assert.equal(get.get("AWS_SESSION_START"), String(Math.floor((NOW - 60_000) / 1000)));
});

test("assumeRoleVars without an MFA session: the AWS_SESSION_* variables are unset (null), not left stale", () => {
  const vars = new Map(assumeRoleVars({ target: target(), role, roleStartedAt: NOW }));
  for (const n of ["AWS_SESSION_ACCESS_KEY_ID", "AWS_SESSION_SECRET_ACCESS_KEY", "AWS_SESSION_SESSION_TOKEN", "AWS_SESSION_SECURITY_TOKEN", "AWS_SESSION_START"]) {
    assert.equal(vars.get(n), null, n);
  }
  assert.equal(vars.get("AWS_ACCESS_KEY_ID"), role.accessKeyId);
});
