// Every failure of issue 3, the way a script meets it: bin/switchrole with no terminal.
// Each asserts the one-line message and hint on stderr, the exit code, an EMPTY stdout
// (so `eval "$(switchrole env ...)"` changes nothing) and the emulator's call log.
// Cases run one after another: each resets the shared emulator's log and faults.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { brief, cliHome, cliWorld } from "./fixture";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
before(async () => {
  emu = await startEmulator(cliWorld());
  ({ env, home } = cliHome(emu));
});
after(async () => {
  await emu.stop();
});

const NO_MFA_HINT = "  hint: the role may require MFA: set mfa_serial in the profile or AWS_MFA_SERIAL, or attach an MFA device to the user";
const SAMPLE = ["private_aws", "sample_switch_role"];
const DISCOVERY = ["GetUser 200", "ListMFADevices 200"];

interface Case {
  args: string[] | (() => Promise<string[]>);
  env?: NodeJS.ProcessEnv;
  /** Files to overwrite under HOME for this case only (restored after). */
  files?: Record<string, string>;
  setup?: () => Promise<void>;
  code: number;
  stderr: string[];
  calls: string[];
  /** Keep stdin open: a wait for an answer there would never end (the test's timeout fails it). */
  holdStdin?: boolean;
}

async function check(c: Case): Promise<void> {
  await emu.reset();
  await c.setup?.();
  const saved = new Map<string, string>();
  const { readFileSync } = await import("node:fs");
  for (const [rel, text] of Object.entries(c.files ?? {})) {
    saved.set(rel, readFileSync(join(home, rel), "utf8"));
    writeFileSync(join(home, rel), text);
  }
  try {
    const args = typeof c.args === "function" ? await c.args() : c.args;
    const r = await run([...args, "--no-cache"], { ...env, ...c.env }, { holdStdin: c.holdStdin });
    assert.equal(r.stdout, "", "nothing on stdout");
    assert.deepEqual(r.stderr.split("\n").filter(Boolean), c.stderr);
    assert.equal(r.code, c.code);
    assert.deepEqual((await emu.calls()).map(brief), c.calls);
  } finally {
    for (const [rel, text] of saved) writeFileSync(join(home, rel), text);
  }
}

test("a duration under 900 s fails before any call or prompt", () =>
  check({
    args: ["env", ...SAMPLE],
    env: { AWS_ROLE_SESSION_TIMEOUT: "60" },
    code: 2,
    stderr: [
      "switchrole: AWS_ROLE_SESSION_TIMEOUT=60 is below the 900-second minimum of STS (allowed: 900–43200 seconds)",
      "  hint: use a value in that range, e.g. AWS_ROLE_SESSION_TIMEOUT=3600",
    ],
    calls: [],
  }));

test("a duration over 12 h from --duration fails before any call", async () => {
  await emu.reset();
  const r = await run(["env", ...SAMPLE, "--duration", "13h", "--no-cache"], env);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    "switchrole: --duration 13h (46800 seconds) is above the 43200-second maximum of STS (allowed: 900–43200 seconds)\n" +
      "  hint: use a value in that range, e.g. --duration 3600\n",
  );
  assert.deepEqual(await emu.calls(), []);
});

test("an unknown account name", () =>
  check({
    args: ["env", "nope_aws", "sample_switch_role"],
    code: 2,
    stderr: ["switchrole: unknown account nope_aws: not in ~/.aws/accounts", "  hint: known: private_aws; or give the 12-digit account id"],
    calls: [],
  }));

test("an unknown profile", () =>
  check({
    args: ["env", "nope"],
    code: 2,
    stderr: [
      "switchrole: unknown profile nope: not in ~/.aws/config or ~/.aws/credentials",
      "  hint: role profiles: none (give <account> <role>, a profile with role_arn, or a role ARN)",
    ],
    calls: [],
  }));

test("an accounts file that is not JSON", () =>
  check({
    args: ["env", ...SAMPLE],
    files: { ".aws/accounts": '{ "private_aws": "123456789012", }' },
    code: 2,
    stderr: [
      "switchrole: ~/.aws/accounts is not valid JSON: Expected double-quoted property name in JSON at position 33",
      '  hint: it maps account names to 12-digit ids, e.g. {"private_aws": "123456789012"}',
    ],
    calls: [],
  }));

const CREDENTIALS_BAD_SECRET = `[bastion]\naws_access_key_id=AKIAEMULATORBASTION1\naws_secret_access_key=not-the-secret\n`;
const CREDENTIALS_UNKNOWN_KEY = `[bastion]\naws_access_key_id=AKIAEMULATORUNKNOWN1\naws_secret_access_key=whatever\n`;

test("a wrong secret in ~/.aws/credentials names the profile", () =>
  check({
    args: ["env", ...SAMPLE],
    files: { ".aws/credentials": CREDENTIALS_BAD_SECRET },
    code: 1,
    stderr: [
      "switchrole: IAM (GetUser) refused the access key AKIA…ION1 of profile bastion: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
      "  hint: check aws_access_key_id and aws_secret_access_key of [bastion] in ~/.aws/credentials",
    ],
    calls: ["GetUser 403 SignatureDoesNotMatch"],
  }));

test("an unknown (or deleted) access key (InvalidClientTokenId) names the profile and the key, masked, also for STS", () =>
  check({
    args: async () => ["env", ...SAMPLE, "--mfa-serial", "arn:aws:iam::111111111111:mfa/bastion", "--mfa-code", await emu.freshMfaCode()],
    files: { ".aws/credentials": CREDENTIALS_UNKNOWN_KEY },
    code: 1,
    stderr: [
      "switchrole: STS refused the access key AKIA…OWN1 of profile bastion: The security token included in the request is invalid.",
      "  hint: check aws_access_key_id and aws_secret_access_key of [bastion] in ~/.aws/credentials",
    ],
    calls: ["GetSessionToken 403 InvalidClientTokenId"],
  }));

test("a source profile without any keys", () =>
  check({
    args: ["env", ...SAMPLE],
    files: { ".aws/credentials": "" },
    code: 1,
    stderr: [
      "switchrole: no credentials for the source profile bastion (from AWS_PROFILE_ASSUME_ROLE): Could not resolve credentials using profile: [bastion] in configuration/credentials file(s).",
      "  hint: add aws_access_key_id and aws_secret_access_key to [bastion] in ~/.aws/credentials, or choose another profile with --source-profile or AWS_PROFILE_ASSUME_ROLE",
    ],
    calls: [],
  }));

test("a trust policy that refuses the user", () =>
  check({
    args: async () => ["env", "private_aws", "deny_role", "--mfa-code", await emu.freshMfaCode()],
    code: 1,
    stderr: [
      "switchrole: arn:aws:iam::123456789012:role/deny_role refused profile bastion: User: arn:aws:iam::111111111111:user/bastion is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/deny_role",
      "  hint: check that arn:aws:iam::123456789012:role/deny_role exists (role names are case-sensitive) and that its trust policy allows this user",
    ],
    calls: [...DISCOVERY, "GetSessionToken 200 +mfa", "AssumeRole 403 AccessDenied"],
  }));

test("a misspelled role: the hint says it may not exist, naming the ARN", () =>
  check({
    args: async () => ["env", "private_aws", "sample_switch_rol", "--mfa-code", await emu.freshMfaCode()],
    code: 1,
    stderr: [
      "switchrole: arn:aws:iam::123456789012:role/sample_switch_rol refused profile bastion: User: arn:aws:iam::111111111111:user/bastion is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/sample_switch_rol",
      "  hint: check that arn:aws:iam::123456789012:role/sample_switch_rol exists (role names are case-sensitive) and that its trust policy allows this user",
    ],
    calls: [...DISCOVERY, "GetSessionToken 200 +mfa", "AssumeRole 403 AccessDenied"],
  }));

test("a refused MFA code inside an .envrc (DIRENV_IN_ENVRC=1): the hint is `direnv reload`", () =>
  check({
    args: async () => {
      const code = await emu.freshMfaCode();
      const wrong = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
      return ["env", "private_aws", "sample_switch_role", "--mfa-code", wrong];
    },
    env: { DIRENV_IN_ENVRC: "1" },
    code: 1,
    stderr: [
      "switchrole: the MFA code given with --mfa-code was refused",
      "  hint: run `direnv reload` with the code your device shows now",
    ],
    calls: [...DISCOVERY, "GetSessionToken 403 AccessDenied +mfa"],
  }));

test("--duration 2 hours unquoted: the hint writes the duration as one word", () =>
  check({
    args: ["env", "private_aws", "sample_switch_role", "--duration", "2", "hours"],
    code: 2,
    stderr: [
      'switchrole: too many arguments: private_aws sample_switch_role hours',
      "  hint: write the duration as one word: --duration 2h (the unit after a space is taken as another argument)",
    ],
    calls: [],
  }));

test("an MFA-required role, from a user without an MFA device: the hint is about MFA", () =>
  check({
    args: ["env", "private_aws", "short_role"],
    env: { AWS_PROFILE_ASSUME_ROLE: "nomfa" },
    code: 1,
    stderr: [
      "switchrole: arn:aws:iam::123456789012:role/short_role refused profile nomfa: User: arn:aws:iam::111111111111:user/nomfa is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/short_role",
      NO_MFA_HINT,
    ],
    calls: [...DISCOVERY, "AssumeRole 403 AccessDenied"],
  }));

test("a duration over the role's maximum: asked directly with the code, refused by the role", () =>
  check({
    args: async () => ["env", "private_aws", "short_role", "--duration", "2h", "--mfa-code", await emu.freshMfaCode()],
    code: 1,
    stderr: [
      "switchrole: note: 7200 s is over AWS's 1-hour limit for roles assumed from an MFA session, so this role is assumed directly with a new MFA code (the MFA session is not reused)",
      "switchrole: 7200 seconds (from --duration) is more than arn:aws:iam::123456789012:role/short_role allows: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      "  hint: ask for less, or raise the role's MaxSessionDuration",
    ],
    calls: [...DISCOVERY, "AssumeRole 400 ValidationError +mfa"],
  }));

test("a wrong --mfa-code is not retried", () =>
  check({
    args: ["env", ...SAMPLE, "--mfa-code", "000000"],
    code: 1,
    stderr: [
      "switchrole: the MFA code given with --mfa-code was refused",
      "  hint: run again with the code your device shows now",
    ],
    calls: [...DISCOVERY, "GetSessionToken 403 AccessDenied +mfa"],
  }));

test("an --mfa-code that is not 6 digits is a usage error before any call", () =>
  check({
    args: ["env", ...SAMPLE, "--mfa-code", "12345"],
    code: 2,
    stderr: ["switchrole: --mfa-code must be the 6 digits your MFA device shows", "  hint: better, pipe it to --mfa-code -: other users can read a command's arguments"],
    calls: [],
  }));

test("an unreachable STS endpoint", () =>
  check({
    args: ["env", "private_aws", "no_mfa_role"],
    env: { AWS_PROFILE_ASSUME_ROLE: "nomfa", AWS_ENDPOINT_URL_STS: "http://127.0.0.1:1" },
    code: 1,
    stderr: [
      "switchrole: could not reach STS at http://127.0.0.1:1 (ECONNREFUSED)",
      "  hint: check the network, or the endpoint in AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL",
    ],
    calls: DISCOVERY,
  }));

test("an unreachable IAM endpoint (finding the MFA device)", () =>
  check({
    args: ["env", ...SAMPLE],
    env: { AWS_ENDPOINT_URL_IAM: "http://127.0.0.1:1" },
    code: 1,
    stderr: [
      "switchrole: could not reach IAM to find the MFA device of profile bastion (ECONNREFUSED)",
      "  hint: check the network or AWS_ENDPOINT_URL_IAM, or set mfa_serial in the profile or AWS_MFA_SERIAL",
    ],
    calls: [],
  }));

// "At once", untimed: stdin stays open, so a wait for the code there would never end (the
// timeout fails the test), and the call log ends at the MFA device lookup (no retry).
test("no terminal and no code: fails at once with how to pass the code", { timeout: 30_000 }, () =>
  check({
    args: ["env", ...SAMPLE],
    holdStdin: true,
    code: 1,
    stderr: [
      "switchrole: an MFA code is needed for arn:aws:iam::111111111111:mfa/bastion, but there is no terminal to ask on",
      "  hint: pipe the code to --mfa-code - (or set SWITCHROLE_MFA_CODE), set mfa_process in the profile, or run `switchrole login` in a terminal first",
    ],
    calls: DISCOVERY,
  }));

test("an unknown option is a usage error", () =>
  check({
    args: ["env", ...SAMPLE, "--bogus"],
    code: 2,
    stderr: [
      "switchrole: env: unknown option --bogus",
      "  hint: see `switchrole env --help`",
    ],
    calls: [],
  }));

// Issue 13: lines that named the wrong thing.

test("IAM refusing ListMFADevices is reported as ListMFADevices, not GetUser", () =>
  check({
    args: ["env", ...SAMPLE],
    setup: () =>
      emu.faults({
        action: "ListMFADevices",
        count: 1,
        status: 403,
        code: "AccessDenied",
        message: "User: arn:aws:iam::111111111111:user/bastion is not authorized to perform: iam:ListMFADevices on resource: user bastion",
      }),
    code: 1,
    stderr: [
      "switchrole: could not look up the MFA device of profile bastion: IAM refused ListMFADevices: User: arn:aws:iam::111111111111:user/bastion is not authorized to perform: iam:ListMFADevices on resource: user bastion",
      "  hint: name the device with mfa_serial in the profile or AWS_MFA_SERIAL, or allow the user iam:ListMFADevices on itself",
    ],
    calls: ["GetUser 200", "ListMFADevices 403 AccessDenied"],
  }));

// Checked before any prompt: stdin stays open, and the role would need a code.
test("an endpoint variable that is not a URL is a configuration error naming it, before anything is asked or sent", { timeout: 30_000 }, async () => {
  await check({
    args: ["env", ...SAMPLE],
    env: { AWS_ENDPOINT_URL_STS: "not a url" },
    holdStdin: true,
    code: 2,
    stderr: [
      'switchrole: AWS_ENDPOINT_URL_STS="not a url" is not an http or https URL',
      "  hint: write it as https://host[:port], e.g. AWS_ENDPOINT_URL_STS=https://sts.us-east-1.amazonaws.com, or unset it to use AWS's endpoint",
    ],
    calls: [],
  });
  await check({
    args: ["env", ...SAMPLE],
    env: { AWS_ENDPOINT_URL_IAM: "localhost:4566" },
    holdStdin: true,
    code: 2,
    stderr: [
      "switchrole: AWS_ENDPOINT_URL_IAM=localhost:4566 is not an http or https URL",
      "  hint: write it as https://host[:port], e.g. AWS_ENDPOINT_URL_IAM=https://iam.amazonaws.com, or unset it to use AWS's endpoint",
    ],
    calls: [],
  });
});

test("expired temporary keys in ~/.aws/credentials: new keys are needed there, not `switchrole login`", async () => {
  await emu.reset();
  // Temporary keys as a tool would write them: a role session of the MFA-less user.
  const issued = await run(["env", "private_aws", "no_mfa_role", "--source-profile", "nomfa", "--shell", "json", "--no-cache"], env);
  assert.equal(issued.code, 0, issued.stderr);
  const keys = JSON.parse(issued.stdout) as Record<string, string>;
  const file = join(home, ".aws/credentials");
  const { readFileSync } = await import("node:fs");
  const saved = readFileSync(file, "utf8");
  writeFileSync(
    file,
    `[bastion]\naws_access_key_id=${keys.AWS_ACCESS_KEY_ID}\naws_secret_access_key=${keys.AWS_SECRET_ACCESS_KEY}\naws_session_token=${keys.AWS_SESSION_TOKEN}\n`,
  );
  try {
    await emu.advance(2 * 3600);
    const r = await run(["env", ...SAMPLE, "--no-cache"], env);
    assert.equal(r.stdout, "");
    assert.deepEqual(r.stderr.split("\n").filter(Boolean), [
      "switchrole: the temporary keys of profile bastion have expired (IAM GetUser): The security token included in the request is expired",
      "  hint: put new keys (with aws_session_token) in [bastion] in ~/.aws/credentials, or refresh whatever wrote them there",
    ]);
    assert.equal(r.code, 1);
    assert.deepEqual((await emu.calls()).map(brief).slice(-1), ["GetUser 403 ExpiredToken"]);
  } finally {
    writeFileSync(file, saved);
  }
});

test("an STS endpoint that answers 404 (not STS): the hint names the endpoint and the variable to fix", async (t) => {
  const { createServer } = await import("node:http");
  const server = createServer((_req, res) => res.writeHead(404, { "content-type": "text/html" }).end("<html>Not Found</html>"));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await check({
    args: ["env", "private_aws", "no_mfa_role"],
    env: { AWS_PROFILE_ASSUME_ROLE: "nomfa", AWS_ENDPOINT_URL_STS: url },
    code: 1,
    stderr: [
      "switchrole: AssumeRole failed (NotFound, HTTP 404): Unknown",
      `  hint: ${url} answered 404 Not Found, so it is probably not STS: check AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL (or unset them for AWS's own)`,
    ],
    calls: ["GetUser 200", "ListMFADevices 200"],
  });
});

test("a missing credentials file: one line naming it, and what to put there; exit 2", () =>
  check({
    args: ["env", ...SAMPLE],
    env: { AWS_SHARED_CREDENTIALS_FILE: join(home, "no-such-credentials") },
    code: 2,
    stderr: [
      `switchrole: no credentials for the source profile bastion (from AWS_PROFILE_ASSUME_ROLE): ~/no-such-credentials does not exist`,
      "  hint: create it with a [bastion] section holding aws_access_key_id and aws_secret_access_key (e.g. `aws configure --profile bastion`), or set AWS_SHARED_CREDENTIALS_FILE to where yours is",
    ],
    calls: [],
  }));

test("a role profile (with mfa_serial) as the source: it cannot be the source, and its source_profile is named; exit 2", () =>
  check({
    args: ["env", ...SAMPLE],
    env: { AWS_PROFILE_ASSUME_ROLE: "dev" },
    files: { ".aws/config": "[profile bastion]\nregion=ap-northeast-1\n[profile dev]\nrole_arn=arn:aws:iam::123456789012:role/short_role\nsource_profile=bastion\nmfa_serial=arn:aws:iam::111111111111:mfa/bastion\n" },
    code: 2,
    stderr: [
      "switchrole: the source profile dev (from AWS_PROFILE_ASSUME_ROLE) is a role profile (it has role_arn in profile dev (~/.aws/config)), so it cannot be the source: the source is the bastion user's profile with its keys",
      "  hint: use its source_profile: --source-profile bastion or AWS_PROFILE_ASSUME_ROLE=bastion; or give dev as the target (switchrole env dev)",
    ],
    calls: [],
  }));
