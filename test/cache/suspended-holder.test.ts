// A lock holder that is suspended (SIGSTOP) while it waits for its MFA code loses the lock
// as stale; another process takes it, spends the same code and caches the role. Resumed,
// the first one's code is refused as used: it re-reads the cache and goes on with what the
// other cached (its MFA session), instead of failing (issue 13, "degrade gracefully").
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator } from "../helpers/emulator";
import { run, seedHome, SWITCHROLE } from "../helpers/home";
import { brief } from "../cli/fixture";

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !ok(); i++) await sleep(50);
  assert.ok(ok(), what);
}

test("a suspended lock holder, resumed after another process cached its MFA session and role, goes on with what that one cached", { timeout: 120_000 }, async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const { env, home } = seedHome(emu, {});
  const started = join(home, "mfa-asked");
  const go = join(home, "go");
  const codeFile = join(home, "code");
  writeFileSync(
    join(home, "mfa.sh"),
    `#!/bin/sh\n: > '${started}'\nwhile [ ! -e '${go}' ]; do sleep 0.05; done\ncat '${codeFile}'\n`,
    { mode: 0o700 },
  );
  writeFileSync(join(home, ".aws/config"), `[profile bastion]\nregion=ap-northeast-1\nmfa_serial=arn:aws:iam::111111111111:mfa/bastion\nmfa_process=${join(home, "mfa.sh")}\n`);
  const code = await emu.freshMfaCode();
  writeFileSync(codeFile, `${code}\n`);

  // A: holds the role's lock (and the MFA session's) while its mfa_process waits.
  const a = spawn(SWITCHROLE, ["env", "private_aws", "sample_switch_role", "--shell", "json"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let aOut = "";
  let aErr = "";
  a.stdout.setEncoding("utf8").on("data", (d: string) => (aOut += d));
  a.stderr.setEncoding("utf8").on("data", (d: string) => (aErr += d));
  const aDone = new Promise<number | null>((done) => a.on("close", (c) => done(c)));
  t.after(() => {
    try {
      process.kill(-a.pid!, "SIGKILL");
    } catch {
      // gone
    }
  });
  await until("A asks for its code", () => existsSync(started));
  process.kill(-a.pid!, "SIGSTOP");

  // B: the same code, given directly; it waits until A's lock is stale, then does the work.
  const b = await run(["env", "private_aws", "sample_switch_role", "--mfa-code", code, "--shell", "json"], env);
  assert.equal(b.code, 0, b.stderr);

  writeFileSync(go, "");
  process.kill(-a.pid!, "SIGCONT");
  const aCode = await aDone;
  assert.equal(aCode, 0, aErr);
  assert.ok(JSON.parse(aOut).AWS_ACCESS_KEY_ID.startsWith("ASIA"), "A hands out role credentials");
  const log = await emu.calls();
  const calls = log.map(brief);
  // One MFA session in all (B's); A's used code was refused, and A went on with B's session.
  const sessions = log.filter((c) => c.action === "GetSessionToken" && c.status === 200);
  assert.equal(sessions.length, 1, calls.join(", "));
  assert.ok(calls.some((c) => c.startsWith("GetSessionToken 403 AccessDenied")), `A's used code was refused: ${calls.join(", ")}`);
  const assumed = log.filter((c) => c.action === "AssumeRole" && c.status === 200);
  assert.ok(assumed.length >= 1 && assumed.every((c) => c.accessKeyId === sessions[0]!.issuedAccessKeyId), calls.join(", "));
  assert.equal(calls.filter((c) => !/^(GetSessionToken|AssumeRole) /.test(c)).length, 0, calls.join(", "));
});
