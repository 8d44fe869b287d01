// The package as a user gets it: the source tree (git's files, no dist/) is packed with
// `npm pack` (its prepare script builds dist/), the tarball installed with
// `npm install -g --prefix <tmp>`, and everything then runs from that prefix, from a
// directory outside the source tree and with a PATH that holds only the prefix's bin/ and
// node: the emulator, the seed's walkthrough (`source $(which assume-role)`, its positional
// mfa_token), the AWS CLI on the exported keys, and every command. npm resolves the runtime
// dependencies from its cache (filled by `npm ci`), else from the registry.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { ROOT, run, seedHome, type RunResult } from "../helpers/home";
import { AWS_CLI_V2, skipUnless } from "../helpers/programs";
import { KEYRING_PROGRAMS, startSecretService } from "../helpers/keyring";
import { BASTION, writeWorld } from "../helpers/world";
import { dependencies, devDependencies, name, version } from "../../package.json";
import { tempDir } from "../helpers/tmp";

const MAX_INSTALLED_BYTES = 3_000_000;
// The OS keyring's addon (@napi-rs/keyring, whose native binary alone is ~3.4 MB) is an
// optional peer that the user installs beside switchrole; measured on its own.
const KEYRING_BINARY = /^@napi-rs\/keyring-/;

let dir = "";
let tarball = "";
let prefix = "";
let pkgDir = "";
let emu: Emulator | undefined;
let env: NodeJS.ProcessEnv = {};
let home = "";
let work = "";
const pids: number[] = [];

const bin = (program: string) => join(prefix, "bin", program);
const sw = (args: string[], opts: { input?: string } = {}): Promise<RunResult> => run(args, env, { program: bin("switchrole"), cwd: work, ...opts });

/** Every file's size under `p`, symlinks counted as links (as du counts apparent sizes). */
function bytesUnder(p: string): number {
  const st = lstatSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((sum, entry) => sum + bytesUnder(join(p, entry)), 0);
}

/** npm with the caller's environment (its cache, registry and NODE_EXTRA_CA_CERTS), one line on failure. */
function npm(args: string[], cwd: string): string {
  const r = spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} (in ${cwd}) exited ${r.status}: ${(r.stderr || r.stdout).trim().split("\n").slice(-5).join(" | ")}`);
  return r.stdout;
}

describe("npm pack, install into a prefix, run from there", { skip: skipUnless("npm", "git", "bash", AWS_CLI_V2, ...KEYRING_PROGRAMS), timeout: 240_000 }, () => {
  before(async () => {
    dir = tempDir("switchrole-pkg-");
    // A clean checkout: the files git knows (committed or not, never ignored ones), no dist/.
    const src = join(dir, "src");
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
      .split("\0")
      .filter((f) => f !== "" && f !== "node_modules" && existsSync(join(ROOT, f)));
    for (const f of files) {
      mkdirSync(dirname(join(src, f)), { recursive: true });
      copyFileSync(join(ROOT, f), join(src, f));
    }
    symlinkSync(join(ROOT, "node_modules"), join(src, "node_modules"));
    assert.equal(existsSync(join(src, "dist")), false);
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], src)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(dir, packed[0]!.filename);
    const shipped = packed[0]!.files.map((f) => f.path).sort();
    assert.ok(shipped.includes("dist/switchrole.js") && shipped.includes("dist/emulator.js") && shipped.includes("dist/sts.js"), `prepare built dist/: ${shipped.join(" ")}`);
    assert.deepEqual(shipped.filter((f) => !/^(bin|dist)\/|^(package\.json|README\.md|LICENSE)$/.test(f)), [], "only bin/, dist/ and package metadata are shipped");

    prefix = join(dir, "prefix");
    // As the README says (nothing needs to run at install time).
    npm(["install", "--global", "--ignore-scripts", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", tarball], dir);
    pkgDir = join(prefix, "lib", "node_modules", name);

    emu = await startEmulator(writeWorld(join(dir, "world")), bin("switchrole-emulator"));
    const seed = seedHome(emu, { env: { AWS_PAGER: "", AWS_REGION: "ap-northeast-1" } });
    home = seed.home;
    env = { ...seed.env, PATH: `${join(prefix, "bin")}:${dirname(process.execPath)}:/usr/bin:/bin` };
    work = tempDir("switchrole-pkg-cwd-");
  });
  after(async () => {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await emu?.stop();
  });

  test("the install holds only the package and its runtime dependencies, under 3 MB", (t) => {
    assert.equal(existsSync(join(pkgDir, "src")), false);
    const installed = readdirSync(join(pkgDir, "node_modules")).flatMap((d) => (d.startsWith("@") ? readdirSync(join(pkgDir, "node_modules", d)).map((s) => `${d}/${s}`) : [d]));
    for (const dep of Object.keys(dependencies)) assert.ok(installed.includes(dep), `${dep} is installed: ${installed.join(" ")}`);
    const bundled = Object.keys(devDependencies).filter((d) => installed.includes(d));
    assert.deepEqual(bundled, [], "devDependencies (bundled into dist/, used by tests, or the optional keyring addon) are not installed");
    assert.deepEqual(installed.filter((d) => d.startsWith("@napi-rs/")), [], "the OS keyring's addon is an optional peer, not installed with switchrole");
    const bytes = bytesUnder(pkgDir);
    t.diagnostic(`installed size: ${bytes} bytes (${(bytes / 1e6).toFixed(2)} MB)`);
    assert.ok(bytes < MAX_INSTALLED_BYTES, `the installed package takes ${bytes} bytes, over ${MAX_INSTALLED_BYTES}: see what dist/ bundles (npm pack --dry-run)`);
  });

  test("the seed's walkthrough: source $(which assume-role), assume-role with the mfa_token, then the AWS CLI", async () => {
    const code = await emu!.freshMfaCode();
    const script = [
      "set -u",
      "export AWS_PROFILE_ASSUME_ROLE=bastion",
      'echo "which=$(which assume-role)"',
      "source $(which assume-role)",
      `assume-role private_aws sample_switch_role ${code}`,
      "env | grep AWS_ACCESS_KEY_ID",
      `${AWS_CLI_V2} sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --query Arn --output text`,
    ].join("\n");
    const r = await run(["-c", script], env, { program: "bash", cwd: work });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "Using assume-role default profile: bastion\nSuccess! IAM session envars are exported.\n");
    const lines = r.stdout.split("\n");
    assert.equal(lines[0], `which=${bin("assume-role")}`);
    assert.match(lines[1] ?? "", /^AWS_ACCESS_KEY_ID=ASIA[A-Z0-9]{16}$/);
    assert.equal(lines[2], `arn:aws:sts::123456789012:assumed-role/sample_switch_role/${BASTION.userName}`);
  });

  test("every command runs from the prefix", async (t) => {
    const ok = async (args: string[], check: (r: RunResult) => void = () => {}) => {
      const r = await sw(args);
      assert.equal(r.code, 0, `switchrole ${args.join(" ")}: ${r.stderr}`);
      check(r);
      return r;
    };
    await ok(["--version"], (r) => assert.equal(r.stdout, `${version}\n`));
    await ok(["--help"], (r) => assert.match(r.stdout, /^Usage: switchrole <command>/));
    await ok(["login", "--mfa-code", await emu!.freshMfaCode()]);
    await ok(["list"], (r) => assert.match(r.stdout, /private_aws\s+123456789012/));
    await ok(["plan", "private_aws", "sample_switch_role"], (r) => assert.match(r.stdout, /AssumeRole/));
    const json = await ok(["env", "private_aws", "sample_switch_role", "--shell", "json"]);
    const vars = JSON.parse(json.stdout) as Record<string, string>;
    assert.match(vars.AWS_ACCESS_KEY_ID ?? "", /^ASIA/);
    await ok(["exec", "private_aws", "sample_switch_role", "--", "node", "-e", "process.stdout.write(process.env.AWS_ACCOUNT_ROLE)"], (r) => assert.equal(r.stdout, "sample_switch_role"));
    await ok(["exec", "--server", "private_aws", "sample_switch_role", "--", AWS_CLI_V2, "sts", "get-caller-identity", "--endpoint-url", emu!.url, "--query", "Arn", "--output", "text"], (r) =>
      assert.match(r.stdout, /assumed-role\/sample_switch_role\//),
    );
    await ok(["credential-process", "private_aws", "sample_switch_role"], (r) => assert.equal((JSON.parse(r.stdout) as { Version: number }).Version, 1));
    const endpoint = await ok(["env", "--endpoint", "private_aws", "sample_switch_role", "--shell", "json"]);
    pids.push((JSON.parse(readFileSync(join(home, ".cache/switchrole/server.json"), "utf8")) as { pid: number }).pid);
    const ep = JSON.parse(endpoint.stdout) as Record<string, string>;
    const served = await fetch(ep.AWS_CONTAINER_CREDENTIALS_FULL_URI!, { headers: { authorization: ep.AWS_CONTAINER_AUTHORIZATION_TOKEN! } });
    assert.equal(served.status, 200, "the serve daemon, started from the prefix, answers");
    await ok(["status"], (r) => assert.match(r.stdout, /sample_switch_role/));
    for (const shell of ["bash", "zsh", "fish", "pwsh"]) await ok(["shell-init", shell], (r) => assert.match(r.stdout, /sr/));
    for (const shell of ["bash", "zsh", "fish"]) await ok(["completion", shell], (r) => assert.match(r.stdout, /__complete/));
    await ok(["__complete", "bash", " =:", "switchrole env private_aws s"], (r) => assert.equal(r.stdout, "sample_switch_role\n"));
    await ok(["direnv", "print"], (r) => assert.ok(r.stdout.includes(`__switchrole_bin='${join(pkgDir, "bin", "switchrole")}'`), r.stdout.split("\n").find((l) => l.startsWith("__switchrole_bin"))));
    await ok(["env", "--unset", "--shell", "bash"], (r) => assert.match(r.stdout, /^unset -v AWS_ACCESS_KEY_ID$/m));
    await ok(["logout", "--all"]);
    // Stored keys from the prefix. Without the keyring addon: the encrypted file, with a note,
    // and the OS keyring asked for by name is one line.
    const ss = await startSecretService();
    try {
      const without = { ...env, ...ss.env, SWITCHROLE_FILE_PASSPHRASE: "pass phrase" };
      const refused = await run(["keys", "add", "bastion", "--from-credentials-file", "--keep-in-file"], { ...without, SWITCHROLE_KEYRING: "secret-service" }, { program: bin("switchrole"), cwd: work });
      assert.equal(refused.code, 1, refused.stderr);
      assert.equal(refused.stdout, "");
      assert.equal(refused.stderr.trim().split("\n").length, 2, refused.stderr);
      assert.match(refused.stderr, /^switchrole: the OS keyring needs @napi-rs\/keyring \(for linux-x64\), which is not installed beside switchrole\n.*npm install -g @napi-rs\/keyring.*SWITCHROLE_KEYRING=file/s);
      const chosen = await run(["keys", "add", "bastion", "--from-credentials-file", "--keep-in-file"], without, { program: bin("switchrole"), cwd: work });
      assert.equal(chosen.code, 0, chosen.stderr);
      assert.match(chosen.stderr, /^switchrole: note: the OS keyring needs @napi-rs\/keyring beside switchrole .*; using the encrypted file$/m);
      assert.match((await run(["keys", "list"], without, { program: bin("switchrole"), cwd: work })).stdout, /^bastion +AKIA…ION1 +file /m);
      // As the README says: the addon installed beside switchrole, then the OS keyring works.
      npm(["install", "--global", "--ignore-scripts", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", `@napi-rs/keyring@${devDependencies["@napi-rs/keyring"]}`], dir);
      const addon = join(prefix, "lib", "node_modules", "@napi-rs", "keyring");
      const binary = readdirSync(join(addon, "node_modules", "@napi-rs")).find((d) => KEYRING_BINARY.test(`@napi-rs/${d}`));
      assert.ok(binary, "npm installed this platform's keyring binary");
      t.diagnostic(`the keyring addon with @napi-rs/${binary}: ${bytesUnder(addon)} bytes`);
      for (const keyring of ["file", "secret-service"]) {
        const kenv = { ...env, ...ss.env, SWITCHROLE_KEYRING: keyring, SWITCHROLE_FILE_PASSPHRASE: "pass phrase" };
        const add = await run(["keys", "add", "bastion", "--from-credentials-file", "--keep-in-file"], kenv, { program: bin("switchrole"), cwd: work });
        assert.equal(add.code, 0, add.stderr);
        const listed = await run(["keys", "list"], kenv, { program: bin("switchrole"), cwd: work });
        assert.match(listed.stdout, new RegExp(`^bastion +AKIA…ION1 +${keyring} `, "m"));
        const code = await emu!.freshMfaCode();
        const used = await run(["env", "private_aws", "sample_switch_role", "--no-cache", "--shell", "json", "--mfa-code", "-"], kenv, { program: bin("switchrole"), cwd: work, input: `${code}\n` });
        assert.equal(used.code, 0, used.stderr);
        assert.match(used.stdout, /"AWS_SESSION_TOKEN"/);
      }
    } finally {
      await ss.stop();
    }
    const emuHelp = await run(["--help"], env, { program: bin("switchrole-emulator"), cwd: work });
    assert.equal(emuHelp.code, 0, emuHelp.stderr);
    assert.match(emuHelp.stdout, /^usage: switchrole-emulator --world/);
  });

});
