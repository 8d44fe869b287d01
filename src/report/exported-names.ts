// The variables switchrole sets, for `switchrole env --unset` (and so `sr -u`): the names
// `switchrole env`, `switchrole env --endpoint` and the seed's `assume-role` give a value.
// Learnt from the functions that build them, called with every optional part present, so
// a variable added there is unset here too. Variables they only ever remove (AWS_PROFILE,
// for the endpoint) are not switchrole's to remove again.
import { assumeRoleVars } from "../credentials/exports";
import { endpointVars } from "../server/endpoint-vars";
import type { EnvVars, Target } from "../types";

const SAMPLE_TARGET: Target = {
  input: "sample",
  roleArn: "arn:aws:iam::123456789012:role/sample",
  accountId: "123456789012",
  accountName: "sample",
  roleName: "sample",
  sourceProfile: { value: "sample", from: "sample" },
  mfaSessionDuration: { value: 43200, from: "sample" },
  duration: { value: 3600, from: "sample" },
  region: { value: "us-east-1", from: "sample" },
};
const SAMPLE_CREDENTIALS = { accessKeyId: "ASIASAMPLE", secretAccessKey: "sample", sessionToken: "sample", expiration: new Date(0) };

function setNames(vars: EnvVars): string[] {
  return vars.filter(([, value]) => value !== null).map(([name]) => name);
}

/** Every name switchrole exports a value for, each once, in the order `switchrole env` sets them. */
export function exportedNames(): string[] {
  const role = assumeRoleVars({ target: SAMPLE_TARGET, role: SAMPLE_CREDENTIALS, roleStartedAt: 0, mfaSession: { credentials: SAMPLE_CREDENTIALS, startedAt: 0 } });
  const endpoint = endpointVars("http://127.0.0.1:1/", "sample", SAMPLE_TARGET);
  return [...new Set([...setNames(role), ...setNames(endpoint)])];
}

/** Assignments that unset every variable switchrole exports. */
export function unsetVars(): EnvVars {
  return exportedNames().map((name) => [name, null]);
}
