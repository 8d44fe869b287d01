// Every precedence rule of resolveTarget, each row one winner over the next candidate.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveTarget, type TargetOptions } from "../../src/config/resolve";
import type { Target } from "../../src/types";
import { world } from "./world";


type Row = [name: string, opts: Partial<TargetOptions>, env: Record<string, string>, expected: unknown];
const DEV = ["dev"];
const ACCT = ["private_aws", "r"];
const CFG = "(~/.aws/config)";

function rows(field: keyof Target, table: Row[]): void {
  for (const [name, opts, env, expected] of table) {
    test(`${field}: ${name}`, async () => {
      const h = world();
      const t = await resolveTarget({ positionals: ACCT, ...opts }, { ...h.env, ...env });
      assert.deepEqual(t[field], expected);
    });
  }
}

rows("sourceProfile", [
  ["--source-profile over the profile and the variable", { positionals: DEV, sourceProfile: "other" }, { AWS_PROFILE_ASSUME_ROLE: "keysonly" }, { value: "other", from: "--source-profile" }],
  ["the profile's source_profile over the variable", { positionals: DEV }, { AWS_PROFILE_ASSUME_ROLE: "other" }, { value: "bastion", from: `source_profile in profile dev ${CFG}` }],
  ["AWS_PROFILE_ASSUME_ROLE for a profile without source_profile", { positionals: ["bare"] }, { AWS_PROFILE_ASSUME_ROLE: "other" }, { value: "other", from: "AWS_PROFILE_ASSUME_ROLE" }],
  ["AWS_PROFILE_ASSUME_ROLE for <account> <role>", {}, { AWS_PROFILE_ASSUME_ROLE: "keysonly" }, { value: "keysonly", from: "AWS_PROFILE_ASSUME_ROLE" }],
  ["default, and AWS_PROFILE is not consulted", {}, { AWS_PROFILE: "other" }, { value: "default", from: "default" }],
  ["an empty AWS_PROFILE_ASSUME_ROLE is unset", {}, { AWS_PROFILE_ASSUME_ROLE: "" }, { value: "default", from: "default" }],
]);

rows("duration", [
  ["--duration over the variable and the profile", { positionals: DEV, duration: "2h" }, { AWS_ROLE_SESSION_TIMEOUT: "900" }, { value: 7200, from: "--duration" }],
  ["AWS_ROLE_SESSION_TIMEOUT over the profile's duration_seconds", { positionals: DEV }, { AWS_ROLE_SESSION_TIMEOUT: "900" }, { value: 900, from: "AWS_ROLE_SESSION_TIMEOUT" }],
  ["the profile's duration_seconds", { positionals: DEV }, {}, { value: 1800, from: `duration_seconds in profile dev ${CFG}` }],
  ["3600 by default", { positionals: ["bare"] }, { AWS_ROLE_SESSION_TIMEOUT: "" }, { value: 3600, from: "default" }],
]);

rows("mfaSessionDuration", [
  ["--mfa-session-duration first", { positionals: DEV, mfaSessionDuration: "2h" }, { SWITCHROLE_MFA_SESSION_DURATION: "1h" }, { value: 7200, from: "--mfa-session-duration" }],
  ["the target profile's over the variable", { positionals: DEV }, { SWITCHROLE_MFA_SESSION_DURATION: "1h" }, { value: 14400, from: `mfa_session_duration in profile dev ${CFG}` }],
  ["the source profile's over the variable", {}, { AWS_PROFILE_ASSUME_ROLE: "bastion", SWITCHROLE_MFA_SESSION_DURATION: "1h" }, { value: 28800, from: `mfa_session_duration in profile bastion ${CFG}` }],
  ["SWITCHROLE_MFA_SESSION_DURATION", {}, { AWS_PROFILE_ASSUME_ROLE: "other", SWITCHROLE_MFA_SESSION_DURATION: "1h" }, { value: 3600, from: "SWITCHROLE_MFA_SESSION_DURATION" }],
  ["12 hours by default", {}, {}, { value: 43200, from: "default" }],
]);

const ALL_REGIONS = { AWS_REGION: "us-east-2", AWS_DEFAULT_REGION: "ca-central-1" };
rows("region", [
  ["--region first", { positionals: DEV, region: "af-south-1" }, ALL_REGIONS, { value: "af-south-1", from: "--region" }],
  ["AWS_REGION over AWS_DEFAULT_REGION", { positionals: DEV }, ALL_REGIONS, { value: "us-east-2", from: "AWS_REGION" }],
  ["AWS_DEFAULT_REGION over the profiles", { positionals: DEV }, { AWS_DEFAULT_REGION: "ca-central-1" }, { value: "ca-central-1", from: "AWS_DEFAULT_REGION" }],
  ["the target profile's over the source's", { positionals: DEV }, {}, { value: "eu-west-1", from: `region in profile dev ${CFG}` }],
  ["the source profile's", { positionals: ["bare"] }, {}, { value: "us-west-2", from: `region in profile default ${CFG}` }],
  ["none known", {}, { AWS_PROFILE_ASSUME_ROLE: "keysonly" }, undefined],
]);

rows("mfaSerial", [
  ["--mfa-serial first", { positionals: DEV, mfaSerial: "arn:aws:iam::111111111111:mfa/flag" }, { AWS_MFA_SERIAL: "arn:aws:iam::111111111111:mfa/env" }, { value: "arn:aws:iam::111111111111:mfa/flag", from: "--mfa-serial" }],
  ["the target profile's", { positionals: DEV }, { AWS_MFA_SERIAL: "arn:aws:iam::111111111111:mfa/env" }, { value: "arn:aws:iam::111111111111:mfa/dev-device", from: `mfa_serial in profile dev ${CFG}` }],
  ["the source profile's over the variable", {}, { AWS_PROFILE_ASSUME_ROLE: "bastion", AWS_MFA_SERIAL: "arn:aws:iam::111111111111:mfa/env" }, { value: "arn:aws:iam::111111111111:mfa/alice", from: `mfa_serial in profile bastion ${CFG}` }],
  ["AWS_MFA_SERIAL", {}, { AWS_PROFILE_ASSUME_ROLE: "other", AWS_MFA_SERIAL: "GAHT12345678" }, { value: "GAHT12345678", from: "AWS_MFA_SERIAL" }],
  ["none: discovered later through IAM", {}, { AWS_PROFILE_ASSUME_ROLE: "other" }, undefined],
]);

rows("mfaProcess", [
  ["the target profile's", { positionals: DEV }, {}, "otp dev"],
  ["the source profile's", {}, { AWS_PROFILE_ASSUME_ROLE: "bastion" }, "otp bastion"],
  ["none", {}, { AWS_PROFILE_ASSUME_ROLE: "other" }, undefined],
]);

rows("externalId", [
  ["--external-id over the profile", { positionals: DEV, externalId: "ext-flag" }, {}, "ext-flag"],
  ["the profile's external_id, even in assume-role mode", { positionals: DEV, mode: "assume-role" }, {}, "ext-dev"],
  ["--external-id over assume-role's account id", { externalId: "ext-flag", mode: "assume-role" }, {}, "ext-flag"],
  ["assume-role mode: the account id, as the seed's tool sent it", { mode: "assume-role" }, {}, "123456789012"],
  ["switchrole mode: none", { mode: "switchrole" }, {}, undefined],
  ["none by default", {}, {}, undefined],
]);

rows("roleSessionName", [
  ["--role-session-name over the profile", { positionals: DEV, roleSessionName: "flag@example.com" }, {}, "flag@example.com"],
  ["the profile's role_session_name", { positionals: DEV }, {}, "alice-dev"],
  ["none: decided later from the IAM user", {}, {}, undefined],
]);
