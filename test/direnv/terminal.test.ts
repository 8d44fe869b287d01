// Prompts inside direnv: on the terminal (also from fish), an immediate failure naming
// what to run when there is none, the prompt drawn again below direnv's "is taking a while
// to execute" warning, and `--refresh` giving the self-refreshing endpoint.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { skipUnless, AWS_CLI_V2 } from "../helpers/programs";
import { readState } from "../../src/server/state";
import { direnvHome, runIn, count, SEED_ENVRC, SR_PROMPT, SR_PROMPT_RE } from "./setup";

let emu: Emulator;
before(async () => (emu = await startEmulator()));
after(async () => emu?.stop());

const CALLER = `${AWS_CLI_V2} sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --query Arn --output text`;

for (const [form, envrc] of [["use switchrole", "use switchrole private_aws sample_switch_role\n"], ["the seed's .envrc", SEED_ENVRC]] as const) {
  test(`${form} without a terminal fails at once, says what to run, exports no credentials`, { skip: skipUnless("direnv"), timeout: 30_000 }, async () => {
    const h = await direnvHome(emu);
    const dir = await h.project("private_aws", envrc);
    const calls = (await emu.calls()).length;
    // run() starts direnv in its own session: no controlling terminal, as in an editor.
    // "At once", untimed: stdin stays open, so waiting for a code there would never end
    // (the test's timeout fails it), and the call log ends at the MFA device lookup.
    const r = await run(["export", "bash"], h.env, { program: "direnv", cwd: dir, holdStdin: true });
    assert.deepEqual((await emu.calls()).slice(calls).map((c) => `${c.action} ${c.status}`), ["GetUser 200", "ListMFADevices 200"], "no STS call, no retry");
    assert.match(r.stderr, /^switchrole: an MFA code is needed for arn:aws:iam::111111111111:mfa\/bastion, but there is no terminal to ask on$/m);
    assert.match(r.stderr, /^ {2}hint: .*switchrole login/m);
    assert.equal(count(r.stderr, /^switchrole: /m), 1, r.stderr);
    assert.doesNotMatch(r.stdout, /AWS_ACCESS_KEY_ID|AWS_SESSION_TOKEN/);
  });
}

// direnv's warning comes from a timer in direnv (DIRENV_WARN_TIMEOUT after `direnv export`
// started) that nothing here can hold back, so the digits can only be typed before it by
// being quicker than it. Whether they were is read off the screen, never assumed: the
// warning lands on the prompt's line, after what was echoed there. An attempt whose digits
// were not on that line (a loaded machine: the prompt or the typing came after the
// warning) proves nothing either way, and is made again in a new HOME with twice the delay.
// Only that is retried: every assertion on switchrole's redraw fails the test at once.
const WARNING = /^(.*)direnv: \(\[.*export bash\]\) is taking a while to execute\. Use CTRL-C to give up\.$/m;
const WARN_TIMEOUTS = ["1s", "2s", "4s", "8s", "16s"];

test("after direnv's 'is taking a while' warning the prompt is drawn again with what was typed", { skip: skipUnless("direnv", "tmux", "bash"), timeout: 180_000 }, async (t) => {
  for (const [attempt, warnTimeout] of WARN_TIMEOUTS.entries()) {
    const h = await direnvHome(emu);
    await h.project("private_aws", "use switchrole private_aws sample_switch_role\n");
    // Before `cd`: nothing but typing stands between the prompt and the digits.
    const code = await emu.freshMfaCode();
    const typed = code.slice(0, 2);
    const term = await h.shell("bash", { DIRENV_WARN_TIMEOUT: warnTimeout });
    try {
      await term.send("cd private_aws", true);
      await term.waitFor(SR_PROMPT);
      await term.send(typed);
      const warned = await term.waitFor(WARNING, 30_000);
      const before = WARNING.exec(warned)?.[1];
      if (before !== `${SR_PROMPT}${typed}`) {
        t.diagnostic(`DIRENV_WARN_TIMEOUT=${warnTimeout}: the warning came before the digits were on screen (its line began ${JSON.stringify(before)}); again with a longer delay`);
        assert.ok(attempt < WARN_TIMEOUTS.length - 1, `even with DIRENV_WARN_TIMEOUT=${warnTimeout} the digits were not typed before direnv's warning:\n${warned}`);
        continue;
      }
      // Typed before the warning, so the warning landed in the prompt ...
      assert.match(warned, new RegExp(`^${SR_PROMPT_RE}${typed}direnv: .*is taking a while to execute`, "m"), "the warning landed in the prompt");
      // ... and the prompt, with the digits, is drawn again on the line below it.
      const pane = await term.waitFor(new RegExp(`is taking a while to execute.*\\n^${SR_PROMPT_RE}${typed}$`, "m"), 10_000);
      assert.equal(count(pane, WARNING), 1, "one warning");
      await term.send(code.slice(2), true);
      await term.waitFor(/^direnv: export .*\+AWS_ACCESS_KEY_ID/m);
      assert.match(await runIn(term, CALLER), /assumed-role\/sample_switch_role\//);
      t.diagnostic(`DIRENV_WARN_TIMEOUT=${warnTimeout}: typed before the warning, redrawn after it`);
      return;
    } finally {
      await term.kill();
    }
  }
});

test("fish: use switchrole asks on the terminal, gives the role, leaves nothing, re-enters without a code", { skip: skipUnless("direnv", "tmux", "fish", AWS_CLI_V2), timeout: 60_000 }, async () => {
  const h = await direnvHome(emu);
  await h.project("private_aws", "use switchrole private_aws sample_switch_role\n");
  const t = await h.shell("fish");
  try {
    await t.send("cd private_aws", true);
    await t.waitFor(SR_PROMPT);
    await t.send(await emu.freshMfaCode(), true);
    await t.waitFor(/^direnv: export .*\+AWS_ACCESS_KEY_ID/m);
    assert.match(await runIn(t, CALLER), /^arn:aws:sts::123456789012:assumed-role\/sample_switch_role\//m);
    await t.send("cd ..", true);
    await t.waitFor("direnv: unloading");
    assert.equal((await runIn(t, "set -q AWS_ACCESS_KEY_ID; or set -q AWS_ACCOUNT_NAME; or echo none")).trim(), "none");
    const calls = (await emu.calls()).length;
    await t.send("cd private_aws", true);
    await t.waitFor((p) => count(p, /^direnv: export .*\+AWS_ACCESS_KEY_ID/m) === 2);
    assert.equal(count(await t.capture(), SR_PROMPT), 1);
    assert.equal((await emu.calls()).length, calls);
  } finally {
    await t.kill();
  }
});

test("use switchrole --refresh exports the self-refreshing endpoint, not keys", { skip: skipUnless("direnv", "tmux", "bash", AWS_CLI_V2), timeout: 60_000 }, async () => {
  const h = await direnvHome(emu, { SWITCHROLE_SERVE_IDLE: "60s" });
  await h.project("private_aws", "use switchrole --refresh private_aws sample_switch_role\n");
  const t = await h.shell("bash");
  try {
    await t.send("cd private_aws", true);
    await t.waitFor(SR_PROMPT);
    await t.send(await emu.freshMfaCode(), true);
    const pane = await t.waitFor(/^direnv: export .*\+AWS_CONTAINER_CREDENTIALS_FULL_URI/m);
    assert.match(pane, /\+AWS_CONTAINER_AUTHORIZATION_TOKEN/);
    assert.doesNotMatch(/^direnv: export .*$/m.exec(pane)?.[0] ?? "", /\+AWS_ACCESS_KEY_ID|\+AWS_SECRET_ACCESS_KEY/);
    assert.match(await runIn(t, CALLER), /assumed-role\/sample_switch_role\//);
  } finally {
    await t.kill();
    const server = readState(h.env);
    if (server) {
      try {
        process.kill(server.pid);
      } catch {
        // already gone
      }
    }
  }
});
