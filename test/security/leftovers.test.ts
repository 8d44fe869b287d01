// Issue 13: what the cache leaves readable. A writer killed between write-file-atomic's
// write and its rename leaves `<entry>.json.<n>` holding live keys, which `clear <target>`
// and `logout` left behind; a cache directory of 0755 with 0644 entries (copied with
// `cp -r`, made under umask 022) was used silently. Driven through bin/switchrole.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { cliHome, cliWorld } from "../cli/fixture";

let emu: Emulator;
before(async () => {
  emu = await startEmulator(cliWorld());
});
after(async () => {
  await emu.stop();
});

const mode = (p: string) => statSync(p).mode & 0o777;

/** A home whose cache holds an MFA session and two roles made from it. */
async function cachedDay(): Promise<{ env: NodeJS.ProcessEnv; dir: string; entries: Map<string, string> }> {
  await emu.reset();
  const { env, home } = cliHome(emu);
  for (const role of ["sample_switch_role", "short_role"]) {
    const r = await run(["env", "private_aws", role, "--duration", "900"], { ...env, SWITCHROLE_MFA_CODE: await emu.freshMfaCode() });
    assert.equal(r.code, 0, r.stderr);
  }
  const dir = join(home, ".cache/switchrole");
  const entries = new Map<string, string>(); // "mfa-session" | role name -> file name
  for (const name of readdirSync(dir).filter((n) => /^(role|mfa-session)-[0-9a-f]{32}\.json$/.test(n))) {
    const e = JSON.parse(readFileSync(join(dir, name), "utf8")) as { kind: string; meta: { roleName?: string } };
    entries.set(e.kind === "role" ? (e.meta.roleName ?? "?") : e.kind, name);
  }
  assert.deepEqual([...entries.keys()].sort(), ["mfa-session", "sample_switch_role", "short_role"]);
  return { env, dir, entries };
}

const temporaries = (dir: string) => readdirSync(dir).filter((n) => /\.json\.\d+$/.test(n)).sort();

test("clear <target> and logout remove the temporary files a killed writer left with live keys", async () => {
  const { env, dir, entries } = await cachedDay();
  const at = (k: string) => join(dir, entries.get(k)!);
  // As a writer killed before its rename leaves them: whole entries under write-file-atomic's names.
  const sampleTemp = `${entries.get("sample_switch_role")}.123456789`;
  const strayTemp = "role-0123456789abcdef0123456789abcdef.json.42"; // its first write, never renamed
  const mfaTemp = `${entries.get("mfa-session")}.987654321`;
  copyFileSync(at("sample_switch_role"), join(dir, sampleTemp));
  copyFileSync(at("short_role"), join(dir, strayTemp));
  copyFileSync(at("mfa-session"), join(dir, mfaTemp));

  const sample = await run(["clear", "private_aws", "sample_switch_role"], env);
  assert.deepEqual([sample.code, sample.stdout, sample.stderr], [0, "", "Removed 1 role session for role arn:aws:iam::123456789012:role/sample_switch_role from bastion.\n"]);
  assert.deepEqual(temporaries(dir), [mfaTemp, strayTemp].sort(), "the role's temporary file went with it; others stayed");

  const short = await run(["clear", "private_aws", "short_role"], env);
  assert.equal(short.stderr, "Removed 1 role session for role arn:aws:iam::123456789012:role/short_role from bastion.\n");
  assert.deepEqual(temporaries(dir), [mfaTemp], "a temporary file holding the role went too, though its own entry never existed");

  const logout = await run(["logout"], env);
  assert.equal(logout.stderr, "Removed 1 MFA session for source profile bastion (its MFA sessions and roles).\n");
  assert.deepEqual(temporaries(dir), []);
  for (const name of readdirSync(dir)) assert.doesNotMatch(readFileSync(join(dir, name), "utf8"), /ASIA/, `${name} still holds keys`);
});

test("a 0755 cache directory with 0644 entries is narrowed to 0700/0600, with one line each, then quiet", async () => {
  const { env, dir, entries } = await cachedDay();
  chmodSync(dir, 0o755);
  for (const name of entries.values()) chmodSync(join(dir, name), 0o644);
  const role = join(dir, entries.get("short_role")!);

  const first = await run(["env", "private_aws", "short_role", "--duration", "900", "--shell", "json"], env);
  assert.equal(first.code, 0, first.stderr);
  assert.ok(first.stdout.includes("ASIA"), "served from the cache");
  assert.deepEqual(first.stderr.split("\n").filter(Boolean), [
    `switchrole: warning: ${dir} was readable by everyone (mode 755); changed it to 700`,
    `switchrole: warning: ${role} was readable by everyone (mode 644); changed it to 600`,
  ]);
  assert.equal(mode(dir), 0o700);
  assert.equal(mode(role), 0o600);

  // status reads every entry: the others are narrowed too (one line for this run).
  const status = await run(["status"], env);
  assert.equal(status.code, 0, status.stderr);
  assert.equal(status.stderr.split("\n").filter((l) => l.startsWith("switchrole: warning:")).length, 1, status.stderr);
  for (const name of entries.values()) assert.equal(mode(join(dir, name)), 0o600, name);
  const again = await run(["status"], env);
  assert.doesNotMatch(again.stderr, /warning/);
});

test("a readable cache directory reached through a symlink is refused, not chmodded", async () => {
  const { env, home } = cliHome(emu);
  const elsewhere = join(home, "shared-cache");
  mkdirSync(elsewhere, { mode: 0o755 });
  chmodSync(elsewhere, 0o755);
  mkdirSync(join(home, ".cache"), { mode: 0o700 });
  symlinkSync(elsewhere, join(home, ".cache/switchrole"));
  await emu.reset();
  const r = await run(["env", "private_aws", "no_mfa_role", "--source-profile", "nomfa", "--shell", "json"], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stderr.split("\n").filter(Boolean), [
    `switchrole: not using the credential cache: ${elsewhere} was readable by everyone (mode 755), not changed (reached through the symbolic link ${join(home, ".cache/switchrole")}); fix: chmod 700 ${elsewhere}`,
  ]);
  assert.equal(mode(elsewhere), 0o755);
  assert.deepEqual(readdirSync(elsewhere), [], "nothing written there");
});
