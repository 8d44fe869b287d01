// switchrole status: exact text, bars and colours (also from the built CLI in tmux), --json,
// and the environment's role.
import { test } from "node:test";
import assert from "node:assert/strict";
import { entry, fixedHome, store, MORNING, NOW, type EntrySpec } from "./fixture";
import { runMain } from "./helpers";
import { ShellSession } from "../cli/shell-session";
import { skipUnless } from "../helpers/programs";
import { outputStyle } from "../../src/report/terminal-style";
import { processIo, type Io } from "../../src/io";
import { timeBar } from "../../src/report/bar";
import { cacheKey, type CacheEntry } from "../../src/cache";

const ESC = "\x1b";

async function morning() {
  const h = fixedHome();
  await store(h.cache(), MORNING);
  return h;
}

const BLOCKS = `Cached sessions (~/.cache/switchrole):

bastion (key AKIA…ION1, from ~/.aws/credentials)
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

test("terminal detection: a tty gets a bar, coloured unless NO_COLOR; a pipe gets plain text", () => {
  const tty: Io = { out: () => {}, err: () => {}, stdoutIsTTY: true };
  const pipe: Io = { ...tty, stdoutIsTTY: false };
  assert.deepEqual(outputStyle(undefined, tty, {}), { bar: true, color: true });
  assert.deepEqual(outputStyle(undefined, tty, { NO_COLOR: "1" }), { bar: true, color: false });
  assert.deepEqual(outputStyle(undefined, tty, { NO_COLOR: "" }), { bar: true, color: true }, "an empty NO_COLOR is unset");
  assert.deepEqual(outputStyle("never", tty, {}), { bar: true, color: false });
  assert.deepEqual(outputStyle(undefined, pipe, {}), { bar: false, color: false });
  assert.deepEqual(outputStyle("always", pipe, { NO_COLOR: "1" }), { bar: true, color: true }, "the flag overrides NO_COLOR");
  assert.throws(() => outputStyle("sometimes", tty, {}), /--color must be auto, always or never/);
});

test("processIo is a terminal exactly when process.stdout is", (t) => {
  const was = process.stdout.isTTY;
  t.after(() => void (process.stdout.isTTY = was));
  process.stdout.isTTY = true;
  assert.equal(processIo.stdoutIsTTY, true);
  process.stdout.isTTY = false;
  assert.equal(processIo.stdoutIsTTY, false);
});

/** A cache as `env` and `login` would leave it now: an MFA session and a role, both with time left. */
async function liveCache(h: ReturnType<typeof fixedHome>): Promise<void> {
  const now = Date.now();
  const live = (spec: Omit<EntrySpec, "created" | "expires">, ageMin: number, leftMin: number) => {
    const e = entry({ ...spec, created: "00:00", expires: "00:00" });
    e.meta.createdAt = new Date(now - ageMin * 60_000);
    e.credentials.expiration = new Date(now + leftMin * 60_000);
    return e;
  };
  const cache = h.cache();
  const put = (e: CacheEntry) => cache.put(cacheKey({ kind: e.kind, sourceProfile: "bastion", sourceAccessKeyId: e.credentials.accessKeyId, durationSeconds: 0 }), e);
  await put(live({ kind: "mfa-session", keyId: "ASIAMFASESSION00MFA1" }, 60, 11 * 60));
  await put(live({ kind: "role", keyId: "ASIAROLESAMPLE00SMP1", roleName: "sample_switch_role", region: "ap-northeast-1" }, 10, 50));
}

// The built CLI in a real terminal: the status bundle must see that its stdout is one (an
// identity check against the dispatcher's processIo failed there, each bundle has its own).
test("bin/switchrole status in a terminal draws coloured bars; NO_COLOR=1 keeps the bar, drops the colour", { skip: skipUnless("tmux", "bash"), timeout: 30_000 }, async () => {
  const h = fixedHome();
  await liveCache(h);
  const sh = await ShellSession.start("bash", { ...h.env, TERM: "xterm-256color" }, h.home);
  try {
    const plain = await sh.run("NO_COLOR=1 switchrole status");
    assert.equal(plain.status, 0, plain.output);
    assert.match(plain.output, /^ {2}MFA session arn:aws:iam::111111111111:mfa\/bastion +█+░* +\d+h \d+m left/m, "a bar on a terminal");
    assert.match(plain.output, /^ {2}role private_aws sample_switch_role \(ap-northeast-1\) +█+░+ +\d+m \d+s left/m);
    assert.doesNotMatch(await sh.tmux.capture({ escapes: true }), new RegExp(`${ESC}\\[[0-9;]*m`), "no colour under NO_COLOR=1");

    const coloured = await sh.run("switchrole status");
    assert.equal(coloured.status, 0, coloured.output);
    const pane = await sh.tmux.capture({ escapes: true });
    const bars = pane.split("\n").filter((l) => l.startsWith("  MFA session ") || l.startsWith("  role "));
    assert.equal(bars.length, 4, pane);
    // tmux draws the cells again with its own sequences (e.g. ESC[2m ESC[39m before the dim part).
    const sgr = `(?:${ESC}\\[[0-9;]*m)*`;
    for (const line of bars.slice(2)) assert.match(line, new RegExp(`${ESC}\\[32m█+${sgr}${ESC}\\[2m${sgr}░+`), `green time left, dim rest: ${JSON.stringify(line)}`);
  } finally {
    await sh.kill();
  }
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
