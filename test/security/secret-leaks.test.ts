// An auditor's sweep: after a day's worth of commands (env, the endpoint and its daemon,
// status, list, plan, failures with --debug), the role's secret key and session token,
// the MFA session's, the bastion's secret, the MFA code and the server's token appear in
// no process's argv, no log, no message, and no file that is not 0600 in a 0700 directory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";
import { BASTION } from "../helpers/world";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? files(p) : d.isFile() ? [p] : [];
  });
}

test("no secret in argv, logs, messages, status/list/plan, or a file others could read", { timeout: 60_000 }, async (t) => {
  const emu = await startEmulator();
  const { env, home } = seedHome(emu, { env: { SWITCHROLE_SERVE_IDLE: "20s" } });
  const daemons: number[] = [];
  t.after(async () => {
    for (const pid of daemons) process.kill(pid, "SIGTERM");
    await emu.stop();
  });
  const said: string[] = [];
  const sr = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const r = await run(args, { ...env, ...extra });
    said.push(`$ ${args.join(" ")}\n${r.stderr}`);
    return r;
  };
  const code = await emu.freshMfaCode();
  const keys = await sr(["env", "private_aws", "short_role", "--duration", "900", "--shell", "json", "--mfa-code", code]);
  assert.equal(keys.code, 0, keys.stderr);
  const role = JSON.parse(keys.stdout) as Record<string, string>;
  const mfaCache = files(join(home, ".cache/switchrole")).filter((f) => /mfa-session-/.test(f));
  assert.equal(mfaCache.length, 1);
  const mfa = (JSON.parse(readFileSync(mfaCache[0]!, "utf8")) as { credentials: Record<string, string> }).credentials;

  const ep = await sr(["env", "--endpoint", "private_aws", "no_mfa_role", "--shell", "json"]);
  assert.equal(ep.code, 0, ep.stderr);
  const vars = JSON.parse(ep.stdout) as Record<string, string>;
  const token = vars.AWS_CONTAINER_AUTHORIZATION_TOKEN!;
  const state = JSON.parse(readFileSync(join(home, ".cache/switchrole/server.json"), "utf8")) as { pid: number };
  daemons.push(state.pid);
  const argv = readFileSync(`/proc/${state.pid}/cmdline`, "utf8").split("\0");
  assert.ok(argv.includes("serve"), argv.join(" "));
  const served = await fetch(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI!, { headers: { authorization: token } });
  assert.equal(served.status, 200);
  const endpointCreds = (await served.json()) as Record<string, string>;
  await fetch(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI!, { headers: { authorization: `${token}x` } });
  await fetch(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI!.replace(/\/role\/.*/, "/role/e30"), { headers: { authorization: token } });

  const outputs: string[] = [];
  for (const args of [["status"], ["status", "--json"], ["list"], ["plan", "private_aws", "short_role", "--duration", "900"], ["plan", "private_aws", "short_role", "--json"]]) {
    const r = await sr(args, { AWS_ACCESS_KEY_ID: role.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: role.AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: role.AWS_SESSION_TOKEN });
    outputs.push(r.stdout);
  }
  // Failures, with stack traces: a refused code, an STS that is down.
  await sr(["env", "private_aws", "sample_switch_role", "--duration", "2h", "--mfa-code", "000000", "--debug"]);
  await sr(["env", "private_aws", "deny_role", "--debug"]);
  await sr(["env", "private_aws", "short_role", "--refresh", "--debug"], { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9" });

  const secrets: Record<string, string> = {
    "role secret key": role.AWS_SECRET_ACCESS_KEY!,
    "role session token": role.AWS_SESSION_TOKEN!,
    "MFA session secret key": mfa.secretAccessKey!,
    "MFA session token": mfa.sessionToken!,
    "endpoint secret key": endpointCreds.SecretAccessKey!,
    "bastion secret key": BASTION.secretAccessKey,
    "server token": token,
    "MFA code": code,
  };
  const log = readFileSync(join(home, ".cache/switchrole/server.log"), "utf8");
  for (const [what, secret] of Object.entries(secrets)) {
    assert.ok(secret && secret.length >= 6, what);
    assert.ok(!argv.some((a) => a.includes(secret)), `${what} in the daemon's argv: ${argv.join(" ")}`);
    assert.ok(!log.includes(secret), `${what} in server.log`);
    if (what !== "MFA code") for (const text of said) assert.ok(!text.includes(secret), `${what} on stderr of ${text.split("\n")[0]}`);
    for (const out of outputs) assert.ok(!out.includes(secret), `${what} in status/list/plan output`);
  }
  // Every file holding a secret is 0600, in directories only we can enter.
  for (const file of files(home)) {
    const text = readFileSync(file, "utf8");
    const held = Object.entries(secrets).filter(([, s]) => text.includes(s)).map(([w]) => w);
    if (held.length === 0) continue;
    if (file === join(home, ".aws/credentials")) continue; // the user's own long-term keys
    assert.equal(statSync(file).mode & 0o077, 0, `${file} holds ${held.join(", ")} and is readable by others`);
    for (let d = join(file, ".."); d.startsWith(join(home, ".cache")); d = join(d, "..")) assert.equal(statSync(d).mode & 0o077, 0, `${d} is open to others`);
  }
  assert.ok(said.some((s) => /switchrole:/.test(s)), "the failures did say something");
});
