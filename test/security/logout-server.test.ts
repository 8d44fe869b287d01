// `switchrole logout` (clear --all) must also end what the running credential server hands
// out: before, it kept serving the role credentials it held in memory for their whole
// lifetime (up to 12 hours) after the user logged out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";

test("after logout the endpoint answers LoginRequired, not the credentials it held", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  const { env, home } = seedHome(emu, { env: { SWITCHROLE_SERVE_IDLE: "20s" } });
  const pids: number[] = [];
  t.after(async () => {
    for (const pid of pids) process.kill(pid, "SIGTERM");
    await emu.stop();
  });
  const ep = await run(["env", "--endpoint", "private_aws", "short_role", "--duration", "900", "--shell", "json", "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(ep.code, 0, ep.stderr);
  pids.push((JSON.parse(readFileSync(join(home, ".cache/switchrole/server.json"), "utf8")) as { pid: number }).pid);
  const vars = JSON.parse(ep.stdout) as Record<string, string>;
  const ask = () => fetch(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI!, { headers: { authorization: vars.AWS_CONTAINER_AUTHORIZATION_TOKEN! } });
  assert.equal((await ask()).status, 200);
  const out = await run(["logout", "--all"], env);
  assert.equal(out.code, 0, out.stderr);
  const after = await ask();
  const body = (await after.json()) as Record<string, string>;
  assert.equal(after.status, 401, JSON.stringify(body));
  assert.equal(body.Code, "LoginRequired");
  assert.equal(body.SecretAccessKey, undefined);
});
