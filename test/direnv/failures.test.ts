// Failures under the real direnv leave nothing exported, print one `switchrole:` line, and
// are not retried at every prompt (direnv re-runs an .envrc only when a watched file changes).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { skipUnless } from "../helpers/programs";
import { direnvHome, runIn, count, SEED_ENVRC, SR_PROMPT, type DirenvHome } from "./setup";
import type { Tmux } from "../helpers/tmux";

let emu: Emulator;
before(async () => (emu = await startEmulator()));
after(async () => emu?.stop());

const skip = skipUnless("direnv", "tmux", "bash", "zsh");

/** Variable names in the shell, without the ones that change with every command or directory. */
async function names(t: Tmux): Promise<string[]> {
  const out = await runIn(t, "env | cut -d= -f1 | sort");
  return out.split("\n").filter((n) => n && !["_", "PWD", "OLDPWD"].includes(n) && !n.startsWith("DIRENV_"));
}

/** Enters the project after `attempt` has run; returns the pane once the shell is back at its prompt. */
async function enterAndFail(h: DirenvHome, t: Tmux, attempt: () => Promise<void>): Promise<{ pane: string; before: string[]; after: string[] }> {
  const before = await names(t);
  await t.send("cd private_aws", true);
  await attempt();
  await t.waitFor(/^switchrole: /m, 30_000);
  const after = await names(t);
  return { pane: await t.capture(), before, after };
}

/** Presses Enter a few times; the .envrc must not run again. */
async function assertNoRetry(t: Tmux, invocations: () => string[]): Promise<void> {
  const runs = invocations().length;
  const loads = count(await t.capture(), "direnv: loading");
  for (let i = 0; i < 3; i++) await runIn(t, "true");
  assert.equal(invocations().length, runs, "switchrole ran again");
  assert.equal(count(await t.capture(), "direnv: loading"), loads, "direnv reloaded");
}

test("wrong code three times: one switchrole line, nothing exported, no retry at the next prompts", { skip, timeout: 60_000 }, async () => {
  const h = await direnvHome(emu);
  await h.project("private_aws", "use switchrole private_aws sample_switch_role\n");
  const invocations = h.countInvocations();
  const t = await h.shell("bash");
  try {
    const { pane, before, after } = await enterAndFail(h, t, async () => {
      for (let i = 1; i <= 3; i++) {
        await t.waitFor((p) => count(p, SR_PROMPT) === i);
        const good = await emu.freshMfaCode();
        await t.send(`${(Number(good[0]) + 5) % 10}${good.slice(1)}`, true);
      }
    });
    assert.deepEqual(after, before);
    assert.equal(count(pane, /^switchrole: /m), 1, pane);
    assert.deepEqual(invocations().filter((l) => l.startsWith("direnv env")), ["direnv env private_aws sample_switch_role"]);
    await assertNoRetry(t, invocations);
  } finally {
    await t.kill();
  }
});

test("STS unreachable: one switchrole line, nothing exported, no retry", { skip, timeout: 60_000 }, async () => {
  const down = "http://127.0.0.1:9";
  const h = await direnvHome(emu, { AWS_ENDPOINT_URL_STS: down, AWS_ENDPOINT_URL_IAM: down });
  await h.project("private_aws", "use switchrole private_aws sample_switch_role --mfa-serial arn:aws:iam::111111111111:mfa/bastion\n");
  const invocations = h.countInvocations();
  const t = await h.shell("zsh");
  try {
    const { pane, before, after } = await enterAndFail(h, t, async () => {
      await t.waitFor(SR_PROMPT);
      await t.send("123456", true);
    });
    assert.deepEqual(after, before);
    assert.equal(count(pane, /^switchrole: /m), 1, pane);
    await assertNoRetry(t, invocations);
  } finally {
    await t.kill();
  }
});

test("a 60 s duration is refused before any code is asked, and nothing is exported", { skip, timeout: 60_000 }, async () => {
  const h = await direnvHome(emu);
  await h.project("private_aws", "use switchrole private_aws sample_switch_role --duration 60\n");
  const invocations = h.countInvocations();
  const calls = (await emu.calls()).length;
  const t = await h.shell("bash");
  try {
    const { pane, before, after } = await enterAndFail(h, t, async () => undefined);
    assert.deepEqual(after, before);
    assert.equal(count(pane, /^switchrole: /m), 1, pane);
    assert.equal(count(pane, /MFA (Token|code)/), 0);
    assert.equal((await emu.calls()).length, calls, "no STS call");
    await assertNoRetry(t, invocations);
  } finally {
    await t.kill();
  }
});

test("the seed's .envrc with AWS_ROLE_SESSION_TIMEOUT=60: no code asked, no credentials, only the .envrc's own variable", { skip, timeout: 60_000 }, async () => {
  const h = await direnvHome(emu);
  await h.project("private_aws", SEED_ENVRC.replace("=900", "=60"));
  const calls = (await emu.calls()).length;
  const t = await h.shell("zsh");
  try {
    const { pane, before, after } = await enterAndFail(h, t, async () => undefined);
    // direnv keeps what the .envrc itself exported before the failing line.
    assert.deepEqual(after, [...before, "AWS_ROLE_SESSION_TIMEOUT"].sort());
    assert.equal(count(pane, /^switchrole: /m), 1, pane);
    assert.equal(count(pane, /MFA (Token|code)/), 0);
    assert.equal((await emu.calls()).length, calls, "no STS call");
    const loads = count(pane, "direnv: loading");
    for (let i = 0; i < 3; i++) await runIn(t, "true");
    assert.equal(count(await t.capture(), "direnv: loading"), loads, "direnv reloaded");
  } finally {
    await t.kill();
  }
});
