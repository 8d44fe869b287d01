// `use switchrole private_aws sample_switch_role` in an .envrc, with the real direnv hooked
// into real interactive bash and zsh: one code on first entry, the role in that shell,
// everything gone on leaving, nothing asked on re-entry (the cache), and a reload when the
// cache's state file changes (a touch, then `switchrole clear` from another process).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { utimesSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { skipUnless, AWS_CLI_V2 } from "../helpers/programs";
import { direnvHome, runIn, count, SR_PROMPT, type Shell } from "./setup";
import { run } from "../helpers/home";

let emu: Emulator;
before(async () => (emu = await startEmulator()));
after(async () => emu?.stop());

/** Names of the exported variables, without the ones that change on every command. */
async function envNames(t: Awaited<ReturnType<Awaited<ReturnType<typeof direnvHome>>["shell"]>>): Promise<string[]> {
  const out = await runIn(t, "env | cut -d= -f1 | sort");
  return out.split("\n").filter((n) => n && !["_", "PWD", "OLDPWD"].includes(n));
}

for (const shell of ["bash", "zsh"] as Shell[]) {
  test(`${shell}: use switchrole asks once, gives the role, leaves nothing, re-enters without a code`, { skip: skipUnless("direnv", "tmux", shell, AWS_CLI_V2), timeout: 60_000 }, async () => {
    const h = await direnvHome(emu);
    await h.project("private_aws", "use switchrole private_aws sample_switch_role\n");
    const t = await h.shell(shell);
    try {
      const outside = await envNames(t);
      await t.send("cd private_aws", true);
      await t.waitFor(SR_PROMPT);
      await t.send(await emu.freshMfaCode(), true);
      const pane = await t.waitFor(/direnv: export .*\+AWS_ACCESS_KEY_ID/);
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCOUNT_NAME", "AWS_ACCOUNT_ROLE", "AWS_CREDENTIAL_EXPIRATION"]) {
        assert.match(pane, new RegExp(`direnv: export .*\\+${name}\\b`), name);
      }
      assert.equal(count(pane, SR_PROMPT), 1);
      const arn = await runIn(t, `${AWS_CLI_V2} sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --query Arn --output text`);
      assert.match(arn, /^arn:aws:sts::123456789012:assumed-role\/sample_switch_role\//m);
      assert.equal((await runIn(t, 'echo "$AWS_ACCOUNT_NAME/$AWS_ACCOUNT_ROLE"')).trim(), "private_aws/sample_switch_role");

      await t.send("cd ..", true);
      await t.waitFor("direnv: unloading");
      assert.deepEqual(await envNames(t), outside);

      const calls = (await emu.calls()).length;
      await t.send("cd private_aws", true);
      await t.waitFor((p) => count(p, /direnv: export .*\+AWS_ACCESS_KEY_ID/) === 2);
      assert.equal(count(await t.capture(), SR_PROMPT), 1, "no second prompt");
      assert.equal((await emu.calls()).length, calls, "no STS call on re-entry");

      // A change of the cache's state file (clear, login, a refresh elsewhere) reloads at the next prompt.
      const loads = count(await t.capture(), "direnv: loading");
      const now = new Date(Date.now() + 2000);
      utimesSync(join(h.home, ".cache/switchrole/state"), now, now);
      await t.send("", true);
      await t.waitFor((p) => count(p, "direnv: loading") === loads + 1);
      await t.waitFor((p) => count(p, /direnv: export .*\+AWS_ACCESS_KEY_ID/m) === 3);
      assert.equal(count(await t.capture(), SR_PROMPT), 1, "the cache still answers");

      // `switchrole clear` (a logout) elsewhere: the next prompt reloads, and asks again.
      const cleared = await run(["clear"], h.env);
      assert.equal(cleared.code, 0, cleared.stderr);
      await t.send("", true);
      await t.waitFor((p) => count(p, SR_PROMPT) === 2);
      await t.send(await emu.freshMfaCode(), true);
      await t.waitFor((p) => count(p, /direnv: export .*\+AWS_ACCESS_KEY_ID/m) === 4);
    } finally {
      await t.kill();
    }
  });
}
