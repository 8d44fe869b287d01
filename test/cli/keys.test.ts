// `switchrole keys`: the bastion's keys moved out of ~/.aws/credentials into a real Secret
// Service (gnome-keyring-daemon on a private D-Bus, test/helpers/keyring.ts) or into the
// encrypted file, then env/exec/assume-role working from there with one MFA code, a cache
// hit that opens no keyring, and `keys rotate` killed (SIGKILL) after each of its steps and
// finished by the next run. No output, log or file other than the store holds the secret.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { IAMClient, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run, SWITCHROLE, type RunResult } from "../helpers/home";
import { AWS_CLI_V2, skipUnless } from "../helpers/programs";
import { BASTION, forceMfaWorld } from "../helpers/world";
import { KEYRING_PROGRAMS, startSecretService, type SecretService } from "../helpers/keyring";
import { cliHome, cliWorld, NOMFA } from "./fixture";
import { startTmux } from "../helpers/tmux";
import { unseal } from "../../src/keys/file-backend";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const HOOK = join(__dirname, "loaded-modules.cjs");
const PASSPHRASE = "correct horse battery staple";

/** Every file under dir whose bytes contain `secret`. */
function filesHolding(dir: string, secret: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesHolding(p, secret));
    else if (e.isFile() && readFileSync(p).includes(secret)) out.push(p);
  }
  return out;
}

function noSecretIn(r: RunResult, ...secrets: string[]): void {
  for (const s of secrets) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), "a secret was printed");
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** The access keys IAM holds for the user whose keys these are. */
async function iamKeys(emu: Emulator, keys: { accessKeyId: string; secretAccessKey: string }): Promise<string[]> {
  const iam = new IAMClient({ region: "us-east-1", endpoint: emu.url, credentials: keys, maxAttempts: 1 });
  return ((await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata ?? []).map((k) => k.AccessKeyId as string).sort();
}

/** Runs `keys rotate` until it pauses after `step` (SWITCHROLE_TEST_ROTATE_PAUSE), then SIGKILLs it. */
function rotateKilledAfter(step: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(SWITCHROLE, ["keys", "rotate", "bastion"], { env: { ...env, SWITCHROLE_TEST_ROTATE_PAUSE: step }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      err += d;
      if (err.includes(`test pause after ${step}`)) child.kill("SIGKILL");
    });
    child.on("error", fail);
    child.on("close", (code, signal) => (signal === "SIGKILL" ? done(err) : fail(new Error(`rotate ended ${code ?? signal} before the pause after ${step}: ${err}`))));
  });
}

describe("keys in a real Secret Service (gnome-keyring on a private D-Bus)", { skip: skipUnless(...KEYRING_PROGRAMS, AWS_CLI_V2) }, () => {
  let emu: Emulator;
  let ss: SecretService;
  before(async () => {
    emu = await startEmulator(cliWorld());
    ss = await startSecretService();
  });
  after(async () => {
    await ss?.stop();
    await emu?.stop();
  });

  /** The stored keys as the keyring holds them (read by this process, through the same addon). */
  const keyringEntry = (account: string) => {
    process.env.DBUS_SESSION_BUS_ADDRESS = ss.env.DBUS_SESSION_BUS_ADDRESS;
    const { Entry } = require("@napi-rs/keyring") as typeof import("@napi-rs/keyring");
    const text = new Entry("switchrole", account, { linux: { store: "secret-service" } }).getPassword();
    return text == null ? undefined : (JSON.parse(text) as { accessKeyId: string; secretAccessKey: string });
  };

  test("one command moves the keys out of ~/.aws/credentials; env, exec and assume-role then work with one MFA code", async () => {
    await emu.reset();
    const h = cliHome(emu, { env: { ...ss.env, XDG_CONFIG_HOME: "", XDG_CACHE_HOME: "" } });
    const credsFile = join(h.home, ".aws/credentials");
    const nomfaSection = `[nomfa]\naws_access_key_id=${NOMFA.accessKeyId}\naws_secret_access_key=${NOMFA.secretAccessKey}\n`;
    writeFileSync(credsFile, `# my keys\n[bastion]\naws_access_key_id=${BASTION.accessKeyId}\naws_secret_access_key=${BASTION.secretAccessKey}\n\n  ;  odd = spacing kept\n${nomfaSection}`, { mode: 0o644 });
    const before = readFileSync(credsFile, "utf8");

    const add = await run(["keys", "add", "bastion", "--from-credentials-file", "--remove-from-file"], h.env);
    assert.equal(add.code, 0, add.stderr);
    assert.equal(add.stdout, "");
    assert.match(add.stderr, /stored the keys of bastion \(AKIA…ION1, arn:aws:iam::111111111111:user\/bastion\) in the OS keyring \(Secret Service\)/);
    assert.match(add.stderr, /removed \[bastion\] from ~\/\.aws\/credentials; the old file is in ~\/\.aws\/credentials\.switchrole-backup \(0600\)/);
    noSecretIn(add, BASTION.secretAccessKey);
    // The rest of the file byte for byte, the backup the old file, 0600.
    assert.equal(readFileSync(credsFile, "utf8"), `# my keys\n\n  ;  odd = spacing kept\n${nomfaSection}`);
    assert.equal(readFileSync(`${credsFile}.switchrole-backup`, "utf8"), before);
    assert.equal(mode(`${credsFile}.switchrole-backup`), "600");
    assert.deepEqual(keyringEntry("bastion"), { accessKeyId: BASTION.accessKeyId, secretAccessKey: BASTION.secretAccessKey });
    const meta = join(h.home, ".config/switchrole/keys.json");
    assert.equal(mode(meta), "600");
    assert.equal(mode(join(h.home, ".config/switchrole")), "700");
    // Besides the keyring, only the backup the user was told about holds the secret.
    assert.deepEqual(filesHolding(h.home, BASTION.secretAccessKey), [`${credsFile}.switchrole-backup`]);

    const list = await run(["keys", "list"], h.env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^PROFILE +KEY +KEYRING +ADDED +ROTATED\nbastion +AKIA…ION1 +secret-service +\d{4}-\d\d-\d\d +-\n$/);

    const plan = await run(["plan", "private_aws", "sample_switch_role"], h.env);
    assert.match(plan.stdout, /source +bastion \(AWS_PROFILE_ASSUME_ROLE\), key AKIA…ION1 from the OS keyring \(secret-service\)/);

    const env = { ...h.env, SWITCHROLE_MFA_CODE: await emu.freshMfaCode() };
    const first = await run(["env", "private_aws", "sample_switch_role"], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /AWS_SESSION_TOKEN=/);
    // exec and assume-role reuse the MFA session (no code: SWITCHROLE_MFA_CODE is gone).
    const exec = await run(["exec", "private_aws", "sample_switch_role", "--duration", "30m", "--", AWS_CLI_V2, "sts", "get-caller-identity", "--endpoint-url", emu.url, "--output", "text", "--query", "Arn"], { ...h.env, AWS_PAGER: "" });
    assert.equal(exec.code, 0, exec.stderr);
    assert.match(exec.stdout, /assumed-role\/sample_switch_role\//);
    const seed = await run(["assume-role", "private_aws", "sample_switch_role"], h.env);
    assert.equal(seed.code, 0, seed.stderr);
    const calls = (await emu.calls()).filter((c) => c.accessKeyId === BASTION.accessKeyId).map((c) => `${c.action} ${c.status}${c.tokenCodePresent ? " +mfa" : ""}`);
    assert.deepEqual(calls, ["GetCallerIdentity 200", "GetUser 200", "ListMFADevices 200", "GetSessionToken 200 +mfa"]);
    for (const r of [first, exec, seed, list, plan]) noSecretIn(r, BASTION.secretAccessKey);

    const status = await run(["status"], h.env);
    assert.match(status.stdout, /bastion \(key AKIA…ION1, from the OS keyring \(secret-service\)\)/);

    // A cache hit opens no keyring: with the bus gone it still answers, and the addon is not loaded.
    const hit = await run(["env", "private_aws", "sample_switch_role"], { ...h.env, DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent", NODE_OPTIONS: `--require ${HOOK}` });
    assert.equal(hit.code, 0, hit.stderr);
    assert.match(hit.stderr, /\[loaded-keyring-modules: 0\]\n\[loaded-sdk-modules: 0\]\n$/);

    const removed = await run(["keys", "remove", "bastion"], h.env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(keyringEntry("bastion"), undefined);
    assert.match((await run(["keys", "list"], h.env)).stdout, /^No keys stored/);
  });

  test("keys typed on stdin are checked with STS before anything is stored", async () => {
    await emu.reset();
    const h = cliHome(emu, { env: ss.env });
    const bad = await run(["keys", "add", "nomfa2"], h.env, { input: `${NOMFA.accessKeyId}\nnot-the-secret\n` });
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, "");
    assert.match(bad.stderr, /^switchrole: STS refused the access key AKIA…A001 \(as typed\): /);
    assert.equal(existsSync(join(h.home, ".config/switchrole/keys.json")), false);
    const usage = await run(["keys", "add", "nomfa2"], h.env, { input: "only-one-line\n" });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /stdin must hold two lines/);
    const good = await run(["keys", "add", "nomfa2"], h.env, { input: `${NOMFA.accessKeyId}\n${NOMFA.secretAccessKey}\n` });
    assert.equal(good.code, 0, good.stderr);
    noSecretIn(good, NOMFA.secretAccessKey);
    assert.deepEqual(keyringEntry("nomfa2"), { accessKeyId: NOMFA.accessKeyId, secretAccessKey: NOMFA.secretAccessKey });
    assert.match((await run(["list"], h.env)).stdout, /^ {2}nomfa2 +key AKIA…A001 \(secret-service\)$/m);
    // A profile that exists only in the keyring is a source.
    const r = await run(["env", "123456789012", "no_mfa_role", "--source-profile", "nomfa2", "--region", "ap-northeast-1"], h.env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /AWS_ACCESS_KEY_ID=/);
  });

  // What the next rotate says, by where the first was killed.
  const finishes: Record<string, RegExp> = {
    create: /^switchrole: deleted AKIA…\w{4}, made by an interrupted rotation whose secret was never stored\nswitchrole: rotated the keys of bastion: AKIA…\w{4} is stored in the OS keyring \(Secret Service\), AKIA…ION1 is deleted from IAM\n$/,
    pending: /^switchrole: finished the rotation of bastion begun \S+: AKIA…\w{4} is stored in the OS keyring \(Secret Service\), AKIA…ION1 deleted\n$/,
    verify: /^switchrole: finished the rotation of bastion begun \S+: AKIA…\w{4} is stored in the OS keyring \(Secret Service\), AKIA…ION1 deleted\n$/,
    store: /^switchrole: finished the rotation of bastion begun \S+: AKIA…\w{4} is stored in the OS keyring \(Secret Service\), AKIA…ION1 deleted\n$/,
    delete: /^switchrole: finished the rotation of bastion begun \S+: AKIA…\w{4} is stored in the OS keyring \(Secret Service\), AKIA…ION1 deleted\n$/,
  };
  for (const step of ["create", "pending", "verify", "store", "delete"]) {
    test(`rotate killed after ${step}: a working key stays stored, and the next rotate finishes with one key in IAM`, async () => {
      await emu.reset();
      await emu.consistency(1500);
      const h = cliHome(emu, { env: { ...ss.env, SWITCHROLE_ROTATE_WAIT: "2m" } });
      const add = await run(["keys", "add", "bastion", "--from-credentials-file", "--remove-from-file"], h.env);
      assert.equal(add.code, 0, add.stderr);
      const killed = await rotateKilledAfter(step, h.env);
      assert.ok(!killed.includes(BASTION.secretAccessKey));
      const stored = keyringEntry("bastion")!;
      // The stored key works (IAM answers it), and IAM holds at most one key more.
      const inIam = await iamKeys(emu, stored);
      assert.ok(inIam.includes(stored.accessKeyId) && inIam.length <= 2, inIam.join(" "));

      const again = await run(["keys", "rotate", "bastion"], h.env);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout, "");
      assert.match(again.stderr, finishes[step]!);
      noSecretIn(again, stored.secretAccessKey, BASTION.secretAccessKey);
      const final = keyringEntry("bastion")!;
      assert.notEqual(final.accessKeyId, BASTION.accessKeyId);
      assert.deepEqual(await iamKeys(emu, final), [final.accessKeyId]);
      assert.equal(keyringEntry("bastion#pending"), undefined);
      const log = JSON.stringify(await emu.calls());
      assert.ok(!log.includes(final.secretAccessKey) && !log.includes(BASTION.secretAccessKey), "the emulator's call log holds no secret");
      const list = await run(["keys", "list"], h.env);
      assert.match(list.stdout, /bastion +AKIA…\w{4} +secret-service +\d{4}-\d\d-\d\d +\d{4}-\d\d-\d\d\n$/);
      const calls = (await emu.calls()).filter((c) => c.action === "DeleteAccessKey" && c.status === 200);
      assert.ok(calls.length >= 1);
    });
  }
});

describe("keys in the encrypted file (SWITCHROLE_KEYRING=file)", () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(cliWorld());
  });
  after(async () => {
    await emu?.stop();
  });

  test("stored sealed, read with the passphrase, refused with a wrong one", async () => {
    await emu.reset();
    const h = cliHome(emu, { env: { SWITCHROLE_KEYRING: "file", SWITCHROLE_FILE_PASSPHRASE: PASSPHRASE } });
    // A directory others can read (a umask of 022) is made 0700 before keys go in.
    mkdirSync(join(h.home, ".config/switchrole"), { recursive: true, mode: 0o755 });
    chmodSync(join(h.home, ".config/switchrole"), 0o755);
    const add = await run(["keys", "add", "nomfa", "--from-credentials-file", "--keep-in-file"], h.env);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stderr, /in ~\/\.config\/switchrole\/keys\.enc\n/);
    const file = join(h.home, ".config/switchrole/keys.enc");
    assert.equal(mode(file), "600");
    assert.equal(mode(join(h.home, ".config/switchrole")), "700");
    const text = readFileSync(file, "utf8");
    assert.ok(!text.includes(NOMFA.secretAccessKey) && !text.includes(NOMFA.accessKeyId));
    assert.deepEqual(unseal(text, PASSPHRASE, file), { nomfa: { accessKeyId: NOMFA.accessKeyId, secretAccessKey: NOMFA.secretAccessKey } });
    assert.equal(unseal(text, "wrong", file), undefined);
    // Stored keys win over the credentials file's: prove it by breaking the file's copy.
    const creds = join(h.home, ".aws/credentials");
    writeFileSync(creds, readFileSync(creds, "utf8").replace(NOMFA.secretAccessKey, "broken"));
    const r = await run(["env", "123456789012", "no_mfa_role", "--source-profile", "nomfa"], h.env);
    assert.equal(r.code, 0, r.stderr);
    // exec does not hand the passphrase on to the command.
    const child = await run(["exec", "123456789012", "no_mfa_role", "--source-profile", "nomfa", "--", "node", "-e", "process.stdout.write(String(process.env.SWITCHROLE_FILE_PASSPHRASE))"], h.env);
    assert.equal(child.stdout, "undefined", child.stderr);
    const wrong = await run(["env", "123456789012", "no_mfa_role", "--source-profile", "nomfa", "--no-cache"], { ...h.env, SWITCHROLE_FILE_PASSPHRASE: "wrong" });
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stdout, "");
    assert.equal(wrong.stderr, "switchrole: the passphrase does not open ~/.config/switchrole/keys.enc (a wrong passphrase, or the file was changed)\n  hint: check SWITCHROLE_FILE_PASSPHRASE or type it again\n");
    const none = await run(["env", "123456789012", "no_mfa_role", "--source-profile", "nomfa", "--no-cache"], { ...h.env, SWITCHROLE_FILE_PASSPHRASE: "" });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /need its passphrase, but there is no terminal to ask on\n {2}hint: set SWITCHROLE_FILE_PASSPHRASE/);
    const badKeyring = await run(["keys", "add", "bastion", "--from-credentials-file"], { ...h.env, SWITCHROLE_KEYRING: "vault" });
    assert.equal(badKeyring.code, 2);
    assert.match(badKeyring.stderr, /^switchrole: SWITCHROLE_KEYRING=vault is not a keyring switchrole knows\n/);
  });

  test("rotate keys in the encrypted file: the file then holds the new key only", async () => {
    await emu.reset();
    const h = cliHome(emu, { env: { SWITCHROLE_KEYRING: "file", SWITCHROLE_FILE_PASSPHRASE: PASSPHRASE } });
    assert.equal((await run(["keys", "add", "bastion", "--from-credentials-file", "--remove-from-file"], h.env)).code, 0);
    const r = await run(["keys", "rotate", "bastion"], h.env);
    assert.equal(r.code, 0, r.stderr);
    const file = join(h.home, ".config/switchrole/keys.enc");
    const entries = unseal(readFileSync(file, "utf8"), PASSPHRASE, file)!;
    assert.deepEqual(Object.keys(entries), ["bastion"]);
    assert.notEqual(entries.bastion!.accessKeyId, BASTION.accessKeyId);
    assert.deepEqual(await iamKeys(emu, entries.bastion!), [entries.bastion!.accessKeyId]);
  });

  test("rotate keys in ~/.aws/credentials: only that section changes, byte for byte elsewhere", async () => {
    await emu.reset();
    const h = cliHome(emu);
    const creds = join(h.home, ".aws/credentials");
    const head = "# comments stay\n[default]\naws_access_key_id = AKIAOTHERPROFILE0001\n\n";
    const tail = `\n;; after\n[nomfa]\n  aws_access_key_id=${NOMFA.accessKeyId}\naws_secret_access_key   =   ${NOMFA.secretAccessKey}\n`;
    writeFileSync(creds, `${head}  [bastion]  # mine\naws_access_key_id   =  ${BASTION.accessKeyId}\r\naws_secret_access_key=${BASTION.secretAccessKey}\n${tail}`, { mode: 0o600 });
    const r = await run(["keys", "rotate", "bastion"], h.env);
    assert.equal(r.code, 0, r.stderr);
    noSecretIn(r, BASTION.secretAccessKey);
    const text = readFileSync(creds, "utf8");
    const m = /^ {2}\[bastion\] {2}# mine\naws_access_key_id {3}= {2}(AKIA[A-Z2-7]{16})\r\naws_secret_access_key=(\S{40})\n$/.exec(text.slice(head.length, text.length - tail.length));
    assert.ok(text.startsWith(head) && text.endsWith(tail) && m, text);
    assert.equal(mode(creds), "600");
    assert.deepEqual(await iamKeys(emu, { accessKeyId: m[1]!, secretAccessKey: m[2]! }), [m[1]]);
    assert.match(r.stderr, new RegExp(`rotated the keys of bastion: AKIA…${m[1]!.slice(-4)} is stored in ~/\\.aws/credentials, AKIA…ION1 is deleted from IAM\\n$`));
  });

  test("rotate of keys in ~/.aws/credentials killed with the new key pending: the file keeps the old key, the next rotate finishes", async () => {
    await emu.reset();
    const h = cliHome(emu);
    const creds = join(h.home, ".aws/credentials");
    const killed = await rotateKilledAfter("pending", h.env);
    assert.ok(!killed.includes(BASTION.secretAccessKey));
    const pending = join(h.home, ".config/switchrole/pending-bastion.json");
    assert.equal(mode(pending), "600");
    assert.ok(readFileSync(creds, "utf8").includes(BASTION.secretAccessKey), "the old key stays in the file until the new one works");
    const again = await run(["keys", "rotate", "bastion"], h.env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /^switchrole: finished the rotation of bastion begun \S+: AKIA…\w{4} is stored in ~\/\.aws\/credentials, AKIA…ION1 deleted\n$/);
    assert.equal(existsSync(pending), false);
    const text = readFileSync(creds, "utf8");
    const id = /^\[bastion\]\naws_access_key_id=(\S+)\naws_secret_access_key=(\S+)\n/.exec(text)!;
    assert.deepEqual(await iamKeys(emu, { accessKeyId: id[1]!, secretAccessKey: id[2]! }), [id[1]]);
    assert.ok(text.endsWith(`[nomfa]\naws_access_key_id=${NOMFA.accessKeyId}\naws_secret_access_key=${NOMFA.secretAccessKey}\n`));
  });

  test("without SWITCHROLE_KEYRING and no Secret Service on D-Bus, keys go to the encrypted file", async () => {
    await emu.reset();
    const h = cliHome(emu, { env: { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent", SWITCHROLE_FILE_PASSPHRASE: PASSPHRASE } });
    const add = await run(["keys", "add", "nomfa", "--from-credentials-file", "--remove-from-file"], h.env);
    assert.equal(add.code, 0, add.stderr);
    assert.match((await run(["keys", "list", "--json"], h.env)).stdout, /"backend": "file"/);
    // After import and removal, the sealed file and the backup are the only places the secret is (sealed in one).
    assert.deepEqual(filesHolding(h.home, NOMFA.secretAccessKey), [join(h.home, ".aws/credentials.switchrole-backup")]);
  });

  test("typed at a real terminal (tmux): the secret and the passphrase are not echoed", { skip: skipUnless("tmux") }, async () => {
    await emu.reset();
    const h = cliHome(emu, { env: { SWITCHROLE_KEYRING: "file" } });
    const term = await startTmux([SWITCHROLE, "keys", "add", "typed", "--region", "ap-northeast-1"], { env: h.env });
    try {
      await term.waitFor("AWS access key id for typed: ");
      await term.send(NOMFA.accessKeyId, true);
      await term.waitFor("AWS secret access key for typed (not shown): ");
      await term.send(NOMFA.secretAccessKey, true);
      await term.waitFor("Passphrase for ~/.config/switchrole/keys.enc: ");
      await term.send(PASSPHRASE, true);
      await term.waitFor("The same passphrase again: ");
      await term.send(PASSPHRASE, true);
      const pane = await term.waitFor("stored the keys of typed (AKIA…A001, arn:aws:iam::111111111111:user/nomfa) in ~/.config/switchrole/keys.enc");
      assert.ok(!pane.includes(NOMFA.secretAccessKey) && !pane.includes(PASSPHRASE), pane);
    } finally {
      await term.kill();
    }
    const r = await run(["env", "123456789012", "no_mfa_role", "--source-profile", "typed", "--region", "ap-northeast-1"], { ...h.env, SWITCHROLE_FILE_PASSPHRASE: PASSPHRASE });
    assert.equal(r.code, 0, r.stderr);
  });

  test("an import without a terminal to ask on leaves the credentials file as it was, and says how to remove the section", async () => {
    await emu.reset();
    const h = cliHome(emu, { env: { SWITCHROLE_KEYRING: "file", SWITCHROLE_FILE_PASSPHRASE: PASSPHRASE } });
    const creds = join(h.home, ".aws/credentials");
    const before = readFileSync(creds, "utf8");
    const r = await run(["keys", "add", "nomfa", "--from-credentials-file"], h.env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\nswitchrole: \[nomfa\] stays in ~\/\.aws\/credentials \(no terminal to ask on\); run again with --remove-from-file to remove it\n$/);
    assert.equal(readFileSync(creds, "utf8"), before);
    assert.equal(existsSync(`${creds}.switchrole-backup`), false);
  });

  test("no Secret Service on D-Bus: SWITCHROLE_KEYRING=secret-service is one clear line, exit 1, nothing stored", async () => {
    await emu.reset();
    const h = cliHome(emu, { env: { SWITCHROLE_KEYRING: "secret-service", DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent" } });
    const r = await run(["keys", "add", "nomfa", "--from-credentials-file", "--remove-from-file"], h.env);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^switchrole: the OS keyring \(Secret Service\) failed: [^\n]+\n {2}hint: start or unlock your keyring \(gnome-keyring, KWallet\), or use the encrypted file instead: SWITCHROLE_KEYRING=file\n$/);
    assert.ok(readFileSync(join(h.home, ".aws/credentials"), "utf8").includes(NOMFA.secretAccessKey), "the file is left as it was");
    assert.equal(existsSync(join(h.home, ".config/switchrole/keys.json")), false);
  });

  test("two keys in IAM already: one clear line naming them, nothing created", async () => {
    await emu.reset();
    const h = cliHome(emu);
    const first = await run(["keys", "rotate", "bastion"], { ...h.env, SWITCHROLE_TEST_ROTATE_PAUSE: "never" });
    assert.equal(first.code, 0, first.stderr);
    // Make a second key by hand, as a user might have.
    const stored = readFileSync(join(h.home, ".aws/credentials"), "utf8");
    const id = /aws_access_key_id=(\S+)/.exec(stored)![1]!;
    const secret = /aws_secret_access_key=(\S+)/.exec(stored)![1]!;
    const { CreateAccessKeyCommand } = await import("@aws-sdk/client-iam");
    await new IAMClient({ region: "us-east-1", endpoint: emu.url, credentials: { accessKeyId: id, secretAccessKey: secret }, maxAttempts: 1 }).send(new CreateAccessKeyCommand({}));
    const r = await run(["keys", "rotate", "bastion"], h.env);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^switchrole: keys rotate: the IAM user of bastion already has 2 access keys, the most IAM allows \(LimitExceeded\): AKIA…\w{4} \(stored, in use\) and AKIA…\w{4}\n {2}hint: delete the one not in use first/);
    assert.equal((await emu.calls()).filter((c) => c.action === "CreateAccessKey").length, 2);
  });

  test("under AWS's force-MFA policy, rotate signs IAM with the MFA session", async () => {
    const fm = await startEmulator(forceMfaWorld());
    try {
      const h = cliHome(fm);
      const r = await run(["keys", "rotate", "bastion"], { ...h.env, SWITCHROLE_MFA_CODE: await fm.freshMfaCode() });
      assert.equal(r.code, 0, r.stderr);
      const iam = (await fm.calls()).filter((c) => c.service === "iam" || c.action === "GetSessionToken").map((c) => `${c.action} ${c.status}`);
      assert.deepEqual(iam.filter((c) => !c.startsWith("GetUser") && !c.startsWith("ListMFADevices")), ["ListAccessKeys 403", "GetSessionToken 200", "ListAccessKeys 200", "CreateAccessKey 200", "DeleteAccessKey 200"]);
      // The MFA session outlives the old key and is kept for the new one: no second code today.
      const before = (await fm.calls()).length;
      const role = await run(["env", "private_aws", "sample_switch_role"], h.env);
      assert.equal(role.code, 0, role.stderr);
      assert.deepEqual((await fm.calls()).slice(before).map((c) => `${c.action} ${c.status}`), ["AssumeRole 200"]);
    } finally {
      await fm.stop();
    }
  });
});
