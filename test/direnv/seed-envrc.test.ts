// The seed's three-line .envrc, verbatim, under the real direnv in interactive bash and
// zsh: the seed's lines and variables on entry, and no second code on re-entry.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { skipUnless, AWS_CLI_V2 } from "../helpers/programs";
import { direnvHome, runIn, count, SEED_ENVRC, type Shell } from "./setup";

// The seed's export line (docs/seed-walkthrough.md); AWS_SESSION_START is "~" there only because it was already set.
const SEED_VARS = [
  "AWS_ACCESS_KEY_ID", "AWS_ACCOUNT_ID", "AWS_ACCOUNT_NAME", "AWS_ACCOUNT_ROLE", "AWS_ROLE_SESSION_TIMEOUT",
  "AWS_SECRET_ACCESS_KEY", "AWS_SECURITY_TOKEN", "AWS_SESSION_ACCESS_KEY_ID", "AWS_SESSION_SECRET_ACCESS_KEY",
  "AWS_SESSION_SECURITY_TOKEN", "AWS_SESSION_SESSION_TOKEN", "AWS_SESSION_TOKEN", "GEO_ENV", "ROLE_SESSION_START", "AWS_SESSION_START",
];

let emu: Emulator;
before(async () => (emu = await startEmulator()));
after(async () => emu?.stop());

for (const shell of ["bash", "zsh"] as Shell[]) {
  test(`${shell}: the seed's .envrc shows the seed's lines and exports the seed's variables`, { skip: skipUnless("direnv", "tmux", shell, AWS_CLI_V2), timeout: 60_000 }, async () => {
    const h = await direnvHome(emu);
    await h.project("private_aws", SEED_ENVRC);
    const t = await h.shell(shell);
    try {
      await t.send("cd private_aws", true);
      const asked = await t.waitFor("MFA Token: ");
      assert.match(asked, /^Using assume-role default profile: bastion$/m);
      await t.send(await emu.freshMfaCode(), true);
      const pane = await t.waitFor(/^direnv: export .*$/m);
      assert.match(pane, /^Success! IAM session envars are exported\.$/m);
      const line = /^direnv: export (.*)$/m.exec(pane)?.[1] ?? "";
      const added = line.split(" ").filter((w) => w.startsWith("+")).map((w) => w.slice(1));
      for (const name of SEED_VARS) assert.ok(added.includes(name), `${name} in: ${line}`);
      assert.equal((await runIn(t, "echo $AWS_ROLE_SESSION_TIMEOUT $GEO_ENV")).trim(), "900 private_aws");
      const arn = await runIn(t, `${AWS_CLI_V2} sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --query Arn --output text`);
      assert.match(arn, /^arn:aws:sts::123456789012:assumed-role\/sample_switch_role\//m);

      await t.send("cd ..", true);
      await t.waitFor("direnv: unloading");
      assert.equal((await runIn(t, 'echo "[${AWS_ACCESS_KEY_ID-}${AWS_SESSION_ACCESS_KEY_ID-}${GEO_ENV-}${AWS_ROLE_SESSION_TIMEOUT-}]"')).trim(), "[]");

      // Second entry, and a second shell: no code (switchrole's cache, not the shell's env).
      const calls = (await emu.calls()).length;
      await t.send("cd private_aws", true);
      await t.waitFor((p) => count(p, /^direnv: export /m) === 2);
      assert.equal(count(await t.capture(), "MFA Token: "), 1);
      const t2 = await h.shell(shell);
      try {
        await t2.send("cd private_aws", true);
        const p2 = await t2.waitFor(/^direnv: export .*\+AWS_SESSION_TOKEN/m);
        assert.equal(count(p2, "MFA Token: "), 0);
        assert.match(p2, /^Success! IAM session envars are exported\.$/m);
      } finally {
        await t2.kill();
      }
      assert.equal((await emu.calls()).length, calls, "no STS call on re-entry");
    } finally {
      await t.kill();
    }
  });
}
