// Review: odd HOME values and odd input files, the way a user meets them (bin/switchrole,
// no terminal). Each failure: nothing on stdout, one `switchrole:` line naming the file.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run, seedHome } from "../helpers/home";
import { homeDir, configFile, accountsFile } from "../../src/config/paths";
import { libraryPath } from "../../src/commands/direnv";
import { tempDir } from "../helpers/tmp";

let emu: Emulator;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.stop();
});

function home(opts: Parameters<typeof seedHome>[1] = {}) {
  const h = seedHome(emu, opts);
  return h;
}

test("an empty or relative HOME never makes the AWS files relative to the current directory", () => {
  for (const HOME of ["", "relative/home"]) {
    assert.ok(isAbsolute(homeDir({ HOME })), `homeDir for HOME=${JSON.stringify(HOME)}`);
    assert.ok(isAbsolute(configFile({ HOME })));
    assert.ok(isAbsolute(accountsFile({ HOME })));
    assert.ok(isAbsolute(libraryPath({ HOME })), "direnv install never writes under the current directory");
  }
  assert.equal(homeDir({ HOME: "/home/me" }), "/home/me");
});

test("with HOME empty, an accounts file in the current directory is not read", async () => {
  const { env } = home();
  const cwd = tempDir("switchrole-cwd-");
  mkdirSync(join(cwd, ".aws"));
  writeFileSync(join(cwd, ".aws/accounts"), '{"planted": "999999999999"}\n');
  const r = await run(["plan", "planted", "admin"], { ...env, HOME: "" }, { cwd });
  assert.equal(r.stdout, "");
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stderr, /999999999999/);
  assert.match(r.stderr, /^switchrole: /);
});

test("an accounts file saved with a UTF-8 byte order mark is read", async () => {
  const { env, home: h } = home();
  writeFileSync(join(h, ".aws/accounts"), '\uFEFF{"private_aws": "123456789012"}\n');
  const r = await run(["list"], env);
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  assert.match(r.stdout, /private_aws\s+123456789012/);
});

test("login <profile> that does not exist names it as the login argument, not as --source-profile", async () => {
  const h = home();
  const before = (await emu.calls()).length;
  const r = await run(["login", "nonexist"], h.env);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^switchrole: source profile nonexist \(the login argument nonexist\) is not in ~\/\.aws\/config or ~\/\.aws\/credentials\n/);
  const flag = await run(["login", "--source-profile", "nonexist"], h.env);
  assert.match(flag.stderr, /^switchrole: source profile nonexist \(--source-profile nonexist\) is not in/);
  assert.equal((await emu.calls()).length, before, "no STS or IAM call");
});
