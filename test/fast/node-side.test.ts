// The Node side of the fast path: which runs leave a snapshot (0600, in the cache
// directory), which do not (no wrapper, --refresh, --no-cache, an MFA code in
// the arguments, a warning said), that an unchanged one is not written again, and that
// bin/assume-role carries the generated functions.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { BIN_DIR, run } from "../helpers/home";
import { cliHome, cliWorld } from "../cli/fixture";
import { ASSUME_ROLE_BEGIN, ASSUME_ROLE_END, assumeRoleBlock } from "../../src/shells/fast";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
let home: string;
const dir = () => join(home, ".cache/switchrole");
const snapshots = () => readdirSync(dir()).filter((n) => n.startsWith("fast-")).sort();
const SR = ["env", "--shell", "bash", "--verbose"];
const TARGET = ["private_aws", "sample_switch_role"];

before(async () => {
  emu = await startEmulator(cliWorld());
  const h = cliHome(emu);
  home = h.home;
  env = h.env;
  const r = await run(["env", ...TARGET, "--mfa-code", await emu.freshMfaCode()], env);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  await emu.stop();
});

test("a run without SWITCHROLE_FAST leaves no snapshot; sr's run leaves one, 0600, named after its arguments", async () => {
  assert.equal((await run([...SR, ...TARGET], env)).code, 0);
  assert.deepEqual(snapshots(), []);
  const r = await run([...SR, ...TARGET], { ...env, SWITCHROLE_FAST: "sr-bash" });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(snapshots(), ["fast-sr-bash+private_aws+sample_switch_role"]);
  const path = join(dir(), snapshots()[0]!);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const fields = readFileSync(path, "utf8").split("\0");
  assert.equal(fields[0], "switchrole-fast 1");
  const names = fields.flatMap((f) => (/^[A-Z0-9_ ]+$/.test(f) ? f.split(" ") : []));
  assert.ok(names.includes("AWS_PROFILE_ASSUME_ROLE") && fields.includes("bastion"), "the variables resolution read are conditions");
  assert.ok(names.includes("AWS_ROLE_SESSION_TIMEOUT"), "unset ones too");
  assert.ok(!names.includes("SWITCHROLE_FAST") && !names.includes("SWITCHROLE_MFA_CODE"), "neither the marker nor a code is one");
});

test("an unchanged snapshot is not written again; one older than the config is", async () => {
  const path = join(dir(), "fast-sr-bash+private_aws+sample_switch_role");
  // The AWS files written in the same second as the snapshot count as newer (fish's clock is whole seconds).
  for (const f of ["config", "credentials", "accounts"]) utimesSync(join(home, ".aws", f), Date.now() / 1000 - 20, Date.now() / 1000 - 20);
  assert.equal((await run([...SR, ...TARGET], { ...env, SWITCHROLE_FAST: "sr-bash" })).code, 0);
  const before = statSync(path);
  assert.equal((await run([...SR, ...TARGET], { ...env, SWITCHROLE_FAST: "sr-bash" })).code, 0);
  assert.equal(statSync(path).ino, before.ino, "left alone");
  const old = Date.now() / 1000 - 30;
  utimesSync(path, old, old);
  assert.equal((await run([...SR, ...TARGET], { ...env, SWITCHROLE_FAST: "sr-bash" })).code, 0);
  assert.notEqual(statSync(path).ino, before.ino, "replaced: the config is as new as it");
});

test("no snapshot for --refresh, --no-cache, an MFA code argument, or a wrapper shape not its own", async () => {
  const cases = [
    [...SR, ...TARGET, "--refresh"],
    [...SR, ...TARGET, "--no-cache"],
    [...SR, ...TARGET, "--mfa-code", "123456"],
    ["env", "--shell", "zsh", "--verbose", ...TARGET],
  ];
  for (const argv of cases) {
    const r = await run(argv, { ...env, SWITCHROLE_FAST: "sr-bash", SWITCHROLE_MFA_CODE: argv.includes("--no-cache") ? await emu.freshMfaCode() : "" });
    assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
  }
  assert.deepEqual(snapshots(), ["fast-sr-bash+private_aws+sample_switch_role"]);
  for (const name of snapshots()) assert.doesNotMatch(name, /123456/);
});

test("a warning said sends the next run to Node: the snapshot goes", async () => {
  const path = join(dir(), "fast-sr-bash+private_aws+sample_switch_role");
  assert.ok(existsSync(path));
  // A malformed line in ~/.aws/config is warned about on every run: the shell cannot say it.
  const bad = join(home, ".aws/config.bad");
  writeFileSync(bad, `${readFileSync(join(home, ".aws/config"), "utf8")}this is not ini\n`);
  const r = await run([...SR, ...TARGET], { ...env, SWITCHROLE_FAST: "sr-bash", AWS_CONFIG_FILE: bad });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning/);
  assert.equal(existsSync(path), false);
});

test("bin/assume-role holds the functions src/shells/fast.ts generates (node --import tsx scripts/assume-role-fast.ts)", () => {
  const text = readFileSync(join(BIN_DIR, "assume-role"), "utf8");
  const block = text.slice(text.indexOf(ASSUME_ROLE_BEGIN), text.indexOf(ASSUME_ROLE_END) + ASSUME_ROLE_END.length + 1);
  assert.equal(block, assumeRoleBlock());
});
