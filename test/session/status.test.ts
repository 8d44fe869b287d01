// switchrole status: exact text, bars and colours, --json, and the environment's role.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedHome, store, MORNING, NOW } from "./fixture";
import { runMain } from "./helpers";
import { outputStyle } from "../../src/session/terminal-style";
import { processIo } from "../../src/io";
import { timeBar } from "../../src/session/bar";

const ESC = "\x1b";

async function morning() {
  const h = fixedHome();
  await store(h.cache(), MORNING);
  return h;
}

const BLOCKS = `Cached sessions (~/.cache/switchrole):

bastion (key AKIA…ION1)
  MFA session arn:aws:iam::111111111111:mfa/bastion     11h 0m left        until 2030-01-02 20:00
  role private_aws sample_switch_role (ap-northeast-1)  30m 0s left        until 2030-01-02 09:30
  role private_aws short_role (ap-northeast-1)          3m 0s left         until 2030-01-02 09:03  (renewed on next use)

other
  role private_aws other_role  expired 2h 0m ago  at 2030-01-02 07:00
`;

test("status, plain text (not a terminal): every session with its time left, no secrets", async () => {
  const h = await morning();
  const r = await runMain(["status"], h.env, { now: () => NOW });
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, BLOCKS);
  assert.doesNotMatch(r.stdout, /secret-of|token-of|ASIAROLESAMPLE00SMP1|AKIAEMULATORBASTION1/);
});

test("status names the cached role the environment's keys belong to", async () => {
  const h = await morning();
  const r = await runMain(["status"], { ...h.env, AWS_ACCESS_KEY_ID: "ASIAROLESAMPLE00SMP1", AWS_CREDENTIAL_EXPIRATION: "2030-01-02T09:30:00Z" }, { now: () => NOW });
  assert.equal(
    r.stdout,
    `${BLOCKS}\nEnvironment: AWS_ACCESS_KEY_ID ASIA…SMP1 is role private_aws sample_switch_role (cached, from bastion): 30m 0s left, until 2030-01-02 09:30\n`,
  );
});

test("status with keys not in the cache: AWS_ACCOUNT_NAME/ROLE and AWS_CREDENTIAL_EXPIRATION", async () => {
  const h = fixedHome();
  const env = { ...h.env, AWS_ACCESS_KEY_ID: "ASIAELSEWHERE000ELS1", AWS_CREDENTIAL_EXPIRATION: "2030-01-02T09:45:00Z", AWS_ACCOUNT_NAME: "private_aws", AWS_ACCOUNT_ROLE: "sample_switch_role" };
  const r = await runMain(["status"], env, { now: () => NOW });
  assert.equal(
    r.stdout,
    "No cached sessions (~/.cache/switchrole).\n\n" +
      "Environment: AWS_ACCESS_KEY_ID ASIA…ELS1 is role private_aws sample_switch_role (by AWS_ACCOUNT_NAME/AWS_ACCOUNT_ROLE; not in the cache): 45m 0s left, until 2030-01-02 09:45\n",
  );
  const json = JSON.parse((await runMain(["status", "--json"], env, { now: () => NOW })).stdout);
  assert.deepEqual(json.environment, {
    accessKeyId: "ASIA…ELS1",
    cached: false,
    accountName: "private_aws",
    roleName: "sample_switch_role",
    expiresAt: "2030-01-02T09:45:00.000Z",
    remainingSeconds: 2700,
  });
});

test("status --color=always: coloured bars (green, red below the minimum, dim rest)", async () => {
  const h = await morning();
  const r = await runMain(["status", "--color=always"], h.env, { now: () => NOW });
  const lines = r.stdout.split("\n");
  assert.equal(lines[3], `  MFA session arn:aws:iam::111111111111:mfa/bastion     ${ESC}[32m${"█".repeat(18)}${ESC}[0m${ESC}[2m░░${ESC}[0m  11h 0m left        until 2030-01-02 20:00`);
  assert.equal(lines[4], `  role private_aws sample_switch_role (ap-northeast-1)  ${ESC}[32m${"█".repeat(10)}${ESC}[0m${ESC}[2m${"░".repeat(10)}${ESC}[0m  30m 0s left        until 2030-01-02 09:30`);
  assert.equal(lines[5], `  role private_aws short_role (ap-northeast-1)          ${ESC}[31m█${ESC}[0m${ESC}[2m${"░".repeat(19)}${ESC}[0m  3m 0s left         until 2030-01-02 09:03  (renewed on next use)`);
  assert.equal(lines[8], `  role private_aws other_role  ${ESC}[2m${"░".repeat(20)}${ESC}[0m  expired 2h 0m ago  at 2030-01-02 07:00`);
});

test("terminal detection: a tty gets a bar, coloured unless NO_COLOR; a pipe gets plain text", (t) => {
  const was = process.stdout.isTTY;
  t.after(() => void (process.stdout.isTTY = was));
  process.stdout.isTTY = true;
  assert.deepEqual(outputStyle(undefined, processIo, {}), { bar: true, color: true });
  assert.deepEqual(outputStyle(undefined, processIo, { NO_COLOR: "1" }), { bar: true, color: false });
  assert.deepEqual(outputStyle(undefined, processIo, { NO_COLOR: "" }), { bar: true, color: true }, "an empty NO_COLOR is unset");
  assert.deepEqual(outputStyle("never", processIo, {}), { bar: true, color: false });
  process.stdout.isTTY = false;
  assert.deepEqual(outputStyle(undefined, processIo, {}), { bar: false, color: false });
  assert.deepEqual(outputStyle("always", processIo, { NO_COLOR: "1" }), { bar: true, color: true }, "the flag overrides NO_COLOR");
  const captured = { out: () => {}, err: () => {} };
  process.stdout.isTTY = true;
  assert.deepEqual(outputStyle(undefined, captured, {}), { bar: false, color: false }, "captured streams are not a terminal");
  assert.throws(() => outputStyle("sometimes", processIo, {}), /--color must be auto, always or never/);
});

test("the bar without colour still shows the time left", () => {
  assert.equal(timeBar(30 * 60_000, 60 * 60_000, 300_000, { color: false, width: 10 }), "█████░░░░░");
  assert.equal(timeBar(-1, 60 * 60_000, 300_000, { color: false, width: 10 }), "░░░░░░░░░░");
  assert.equal(timeBar(1000, 60 * 60_000, 300_000, { color: false, width: 10 }), "█░░░░░░░░░", "a live session shows at least one block");
});

test("status --json: the same facts as data, key ids masked", async () => {
  const h = await morning();
  const r = await runMain(["status", "--json"], h.env, { now: () => NOW });
  const json = JSON.parse(r.stdout);
  assert.equal(json.now, "2030-01-02T09:00:00.000Z");
  assert.equal(json.minTtlSeconds, 300);
  assert.equal(json.environment, null);
  assert.deepEqual(json.sources.map((s: { profile: string; accessKeyId: string | null }) => [s.profile, s.accessKeyId]), [["bastion", "AKIA…ION1"], ["other", null]]);
  assert.deepEqual(json.sources[0].mfaSessions, [
    {
      mfaSerial: "arn:aws:iam::111111111111:mfa/bastion",
      userName: "bastion",
      accessKeyId: "ASIA…MFA1",
      createdAt: "2030-01-02T08:00:00.000Z",
      expiresAt: "2030-01-02T20:00:00.000Z",
      remainingSeconds: 39600,
      usable: true,
    },
  ]);
  assert.deepEqual(json.sources[0].roles[1], {
    roleArn: "arn:aws:iam::123456789012:role/short_role",
    accountName: "private_aws",
    roleName: "short_role",
    region: "ap-northeast-1",
    accessKeyId: "ASIA…SHR1",
    createdAt: "2030-01-02T08:03:00.000Z",
    expiresAt: "2030-01-02T09:03:00.000Z",
    remainingSeconds: 180,
    usable: false,
  });
  assert.equal(json.sources[1].roles[0].remainingSeconds, -7200);
  assert.doesNotMatch(r.stdout, /secret-of|token-of|ASIAROLESAMPLE00SMP1|ASIAMFASESSION00MFA1/);
});

test("SWITCHROLE_MIN_TTL changes what status calls usable", async () => {
  const h = await morning();
  const json = JSON.parse((await runMain(["status", "--json"], { ...h.env, SWITCHROLE_MIN_TTL: "1m" }, { now: () => NOW })).stdout);
  assert.equal(json.sources[0].roles[1].usable, true);
});
