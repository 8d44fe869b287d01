// explainFailure: an STS/IAM failure -> one line naming the role, profile or endpoint,
// and a hint. asStsFailure recognises failures thrown by the separately bundled client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { asStsFailure, explainFailure, stsEndpoint, type FailureContext } from "../../src/credentials/explain";
import { StsFailure } from "../../src/sts/errors";
import { target } from "./fakes";

const ROLE = "arn:aws:iam::123456789012:role/sample_switch_role";
const ctx = (over: Partial<FailureContext> = {}): FailureContext => ({
  target: target(),
  action: "AssumeRole",
  signedWith: "mfa-session",
  usedMfa: true,
  endpoint: "http://sts.test",
  ...over,
});

const rows: Array<[name: string, failure: StsFailure, c: FailureContext, message: string, hint: string | undefined]> = [
  ["network", new StsFailure("ECONNREFUSED", "connect ECONNREFUSED", undefined, true), ctx(), "could not reach STS at http://sts.test (ECONNREFUSED)", "check the network, or the endpoint in AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL"],
  ["network, finding the MFA device", new StsFailure("ECONNREFUSED", "connect ECONNREFUSED", undefined, true), ctx({ action: "GetUser" }), "could not reach IAM to find the MFA device of profile bastion (ECONNREFUSED)", "check the network or AWS_ENDPOINT_URL_IAM, or set mfa_serial in the profile or AWS_MFA_SERIAL"],
  ["timed out at STS", new StsFailure("TimeoutError", "x", undefined, true, { service: "STS", action: "AssumeRole", endpoint: "http://sts.test:1", timedOut: true, waitedSeconds: 15 }), ctx(), "STS did not answer AssumeRole within 15 s at http://sts.test:1", "check the network, or the endpoint in AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, or allow more time with SWITCHROLE_TIMEOUT (e.g. SWITCHROLE_TIMEOUT=30s)"],
  ["timed out at IAM, finding the MFA device", new StsFailure("TimeoutError", "x", undefined, true, { service: "IAM", action: "ListMFADevices", endpoint: "http://iam.test", timedOut: true, waitedSeconds: 2 }), ctx({ action: "GetUser" }), "IAM did not answer ListMFADevices within 2 s at http://iam.test, looking up the MFA device of profile bastion", "set mfa_serial in the profile or AWS_MFA_SERIAL to skip this lookup; else check the network or AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL, or allow more time with SWITCHROLE_TIMEOUT (e.g. SWITCHROLE_TIMEOUT=30s)"],
  ["unknown key", new StsFailure("InvalidClientTokenId", "The security token included in the request is invalid.", 403), ctx({ action: "GetSessionToken", signedWith: "source" }), "STS refused the access key of profile bastion: The security token included in the request is invalid.", "check aws_access_key_id and aws_secret_access_key of [bastion] in ~/.aws/credentials"],
  ["bad secret at IAM", new StsFailure("SignatureDoesNotMatch", "sig", 403), ctx({ action: "GetUser", signedWith: "source" }), "IAM (GetUser) refused the access key of profile bastion: sig", "check aws_access_key_id and aws_secret_access_key of [bastion] in ~/.aws/credentials"],
  ["a refused MFA session is not blamed on the long-term keys", new StsFailure("InvalidClientTokenId", "The security token included in the request is invalid.", 403), ctx(), "STS refused the MFA session's credentials for AssumeRole (InvalidClientTokenId): The security token included in the request is invalid.", "the session may have been revoked; run `switchrole login` to start a new one"],
  ["the key that signed is named, masked", new StsFailure("InvalidClientTokenId", "The security token included in the request is invalid.", 403), ctx({ action: "GetSessionToken", signedWith: "source", signerKeyId: "AKIAEMULATORBASTION1" }), "STS refused the access key AKIA…ION1 of profile bastion: The security token included in the request is invalid.", "check aws_access_key_id and aws_secret_access_key of [bastion] in ~/.aws/credentials"],
  ["force-MFA policy, over 1 h", new StsFailure("AccessDenied", `User: arn:aws:iam::111111111111:user/bastion is not authorized to perform: sts:AssumeRole on resource: ${ROLE} with an explicit deny in an identity-based policy`, 403), ctx({ signedWith: "source", usedMfa: true, target: target({ duration: { value: 7200, from: "--duration" } }) }), "7200 s (from --duration) cannot be had: the IAM policy of profile bastion's user denies AssumeRole signed with its long-term keys (it requires an MFA session), and AWS caps roles assumed from an MFA session at 1 hour", "ask for --duration 1h or less; the MFA session then serves it"],
  ["identity policy denies, within 1 h", new StsFailure("AccessDenied", `User: x is not authorized to perform: sts:AssumeRole on resource: ${ROLE} because no identity-based policy allows the sts:AssumeRole action`, 403), ctx(), `the IAM policy of profile bastion's user denies AssumeRole on ${ROLE}: User: x is not authorized to perform: sts:AssumeRole on resource: ${ROLE} because no identity-based policy allows the sts:AssumeRole action`, "ask your AWS administrator to allow sts:AssumeRole for this user"],
  ["expired", new StsFailure("ExpiredToken", "The security token included in the request is expired", 403), ctx(), "the credentials used for AssumeRole have expired: The security token included in the request is expired", "run `switchrole login` to start a new MFA session"],
  ["expired keys of the source profile itself (temporary keys in the credentials file)", new StsFailure("ExpiredToken", "The security token included in the request is expired", 403), ctx({ action: "GetSessionToken", signedWith: "source", credentialsFile: "/etc/aws-creds" }), "the temporary keys of profile bastion have expired (GetSessionToken): The security token included in the request is expired", "put new keys (with aws_session_token) in [bastion] in /etc/aws-creds, or refresh whatever wrote them there"],
  ["IAM refusing the device lookup names the call refused", new StsFailure("AccessDenied", "not authorized to perform: iam:ListMFADevices", 403), ctx({ action: "ListMFADevices", signedWith: "source", usedMfa: false }), "could not look up the MFA device of profile bastion: IAM refused ListMFADevices: not authorized to perform: iam:ListMFADevices", "name the device with mfa_serial in the profile or AWS_MFA_SERIAL, or allow the user iam:ListMFADevices on itself"],
  ["throttled", new StsFailure("Throttling", "Rate exceeded", 400), ctx(), "STS is throttling AssumeRole calls (still refused after retries)", "wait a moment and try again"],
  ["wrong code", new StsFailure("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", 403), ctx({ action: "GetSessionToken" }), "STS refused the MFA code: MultiFactorAuthentication failed with invalid MFA one time pass code.", "use the code your device shows now; each code works only once"],
  ["wrong code, in an .envrc", new StsFailure("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", 403), ctx({ action: "GetSessionToken", underDirenv: true }), "STS refused the MFA code: MultiFactorAuthentication failed with invalid MFA one time pass code.", "run `direnv reload` and give the code your device shows now; each code works only once"],
  ["trust, with MFA", new StsFailure("AccessDenied", "not authorized", 403), ctx(), `${ROLE} refused profile bastion: not authorized`, `check that ${ROLE} exists (role names are case-sensitive) and that its trust policy allows this user`],
  ["trust, with external id", new StsFailure("AccessDenied", "not authorized", 403), ctx({ target: target({ externalId: "123456789012" }) }), `${ROLE} refused profile bastion: not authorized`, `check that ${ROLE} exists (role names are case-sensitive) and that its trust policy allows this user and the external id 123456789012`],
  ["trust, without MFA", new StsFailure("AccessDenied", "not authorized", 403), ctx({ usedMfa: false, signedWith: "source" }), `${ROLE} refused profile bastion: not authorized`, "the role may require MFA: set mfa_serial in the profile or AWS_MFA_SERIAL, or attach an MFA device to the user"],
  ["over the role's maximum", new StsFailure("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400), ctx({ target: target({ duration: { value: 7200, from: "--duration" } }) }), `7200 seconds (from --duration) is more than ${ROLE} allows: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`, "ask for less, or raise the role's MaxSessionDuration"],
  ["chaining cap", new StsFailure("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400), ctx({ target: target({ duration: { value: 7200, from: "AWS_ROLE_SESSION_TIMEOUT" } }) }), "7200 seconds (from AWS_ROLE_SESSION_TIMEOUT) is over the 1-hour limit for roles assumed with temporary credentials: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", "the source credentials are temporary; ask for 3600 seconds or less"],
  ["anything else", new StsFailure("InternalFailure", "boom", 500), ctx(), "AssumeRole failed (InternalFailure, HTTP 500): boom", undefined],
];

for (const [name, failure, c, message, hint] of rows) {
  test(name, () => {
    const e = explainFailure(failure, c);
    assert.equal(e.message, message);
    assert.equal(e.hint, hint);
    assert.equal(e.exitCode, 1);
  });
}

test("asStsFailure matches by brand (dist/sts.js has its own class), and nothing else", () => {
  const foreign = Object.assign(new Error("x"), { name: "StsFailure", code: "AccessDenied", [Symbol.for("switchrole.StsFailure")]: true });
  assert.equal(asStsFailure(foreign), foreign);
  assert.equal(asStsFailure(new StsFailure("A", "b")) instanceof StsFailure, true);
  assert.equal(asStsFailure(new Error("x")), undefined);
  assert.equal(asStsFailure(Object.assign(new Error("x"), { name: "StsFailure", code: "AccessDenied" })), undefined, "the name alone is not enough");
  assert.equal(asStsFailure(Object.assign(new Error("x"), { [Symbol.for("switchrole.StsFailure")]: true })), undefined, "nor the brand without a code");
  assert.equal(asStsFailure("StsFailure"), undefined);
});

test("stsEndpoint: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, else the regional endpoint", () => {
  assert.equal(stsEndpoint({ AWS_ENDPOINT_URL_STS: "http://a", AWS_ENDPOINT_URL: "http://b" }, "eu-west-1"), "http://a");
  assert.equal(stsEndpoint({ AWS_ENDPOINT_URL: "http://b" }, "eu-west-1"), "http://b");
  assert.equal(stsEndpoint({}, "eu-west-1"), "https://sts.eu-west-1.amazonaws.com");
});
