// switchrole exec: the child gets the role's variables in its environment (never its argv),
// inherits stdio, receives forwarded signals, and its exit status becomes switchrole's.
// The MFA-less bastion user, so no codes are needed and the cases can run side by side.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run, SWITCHROLE } from "../helpers/home";
import { brief, cliHome, cliWorld } from "./fixture";

let emu: Emulator;
let env: NodeJS.ProcessEnv;
before(async () => {
  emu = await startEmulator(cliWorld());
  env = cliHome(emu, { env: { AWS_PROFILE_ASSUME_ROLE: "nomfa" } }).env;
  // Warm the cache once, so the concurrent cases below share one set of credentials.
  const r = await run(["env", "private_aws", "no_mfa_role", "--shell", "json"], env);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  await emu.stop();
});

const TARGET = ["exec", "private_aws", "no_mfa_role"];

describe("exec", { concurrency: true }, () => {
  for (const server of [false, true]) {
    test(`${server ? "exec --server" : "exec"}: the child sees no AWS_PROFILE / AWS_DEFAULT_PROFILE from before, and nothing switchrole set for itself`, async () => {
      const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _own, ...user } = env;
      const r = await run([...TARGET, ...(server ? ["--server"] : []), "--", "sh", "-c", "env"], { ...user, AWS_PROFILE: "old", AWS_DEFAULT_PROFILE: "old", KEEP_ME: "yes" });
      assert.equal(r.code, 0, r.stderr);
      const names = new Set(r.stdout.split("\n").map((l) => l.slice(0, l.indexOf("="))));
      assert.ok(!names.has("AWS_PROFILE") && !names.has("AWS_DEFAULT_PROFILE"), r.stdout.split("\n").filter((l) => l.includes("PROFILE=")).join(", "));
      assert.ok(!names.has("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"), "switchrole's own setting stays its own");
      assert.ok(names.has("KEEP_ME"), "the rest of the user's environment is passed on");
      assert.ok(names.has(server ? "AWS_CONTAINER_CREDENTIALS_FULL_URI" : "AWS_ACCESS_KEY_ID"));
      // The user's own setting of it is theirs, and passed on.
      const kept = await run([...TARGET, ...(server ? ["--server"] : []), "--", "sh", "-c", "env"], { ...user, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
      assert.match(kept.stdout, /^AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true$/m);
    });
  }

  test("the child sees the variables in its environment and not in its argv", async () => {
    const script = 'env; echo "--argv--"; tr "\\0" "\\n" < /proc/$$/cmdline';
    const r = await run([...TARGET, "--", "sh", "-c", script], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const [environment = "", argv = ""] = r.stdout.split("--argv--\n");
    const vars = new Map(environment.split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] as const));
    assert.match(vars.get("AWS_ACCESS_KEY_ID") ?? "", /^ASIA[A-Z0-9]{16}$/);
    const secret = vars.get("AWS_SECRET_ACCESS_KEY") ?? "";
    const token = vars.get("AWS_SESSION_TOKEN") ?? "";
    assert.ok(secret.length >= 40 && token.length > 0);
    assert.equal(vars.get("AWS_ACCOUNT_ID"), "123456789012");
    assert.equal(vars.get("AWS_ACCOUNT_ROLE"), "no_mfa_role");
    assert.equal(vars.get("AWS_REGION"), "ap-northeast-1");
    assert.equal(vars.get("AWS_PROFILE_ASSUME_ROLE"), "nomfa", "the rest of the environment is passed on");
    assert.equal(vars.has("AWS_SESSION_ACCESS_KEY_ID"), false, "no MFA session credentials in children");
    assert.deepEqual(argv.split("\n").filter(Boolean), ["sh", "-c", script]);
    assert.ok(!argv.includes(secret) && !argv.includes(token));
  });

  test("--debug after -- is the child's: its argv is passed on untouched", async () => {
    const r = await run([...TARGET, "--", "printf", "[%s]", "a", "--debug", "b"], env);
    assert.deepEqual(r, { code: 0, signal: null, stdout: "[a][--debug][b]", stderr: "" });
    const d = await run([...TARGET, "--debug", "--", "printf", "[%s]", "a", "--debug", "--", "b"], env);
    assert.deepEqual(d, { code: 0, signal: null, stdout: "[a][--debug][--][b]", stderr: "" }, "switchrole's own --debug (before --) is taken out");
  });

  test("stdin and stdout are the child's", async () => {
    const r = await run([...TARGET, "--", "cat"], env, { input: "piped through\n" });
    assert.deepEqual(r, { code: 0, signal: null, stdout: "piped through\n", stderr: "" });
  });

  test("exits with the child's exit code", async () => {
    const r = await run([...TARGET, "--", "sh", "-c", "echo out; echo err >&2; exit 7"], env);
    assert.deepEqual(r, { code: 7, signal: null, stdout: "out\n", stderr: "err\n" });
  });

  test("a child killed by a signal: 128 + the signal's number", async () => {
    const r = await run([...TARGET, "--", "sh", "-c", "kill -KILL $$"], env);
    assert.equal(r.code, 128 + 9);
    const t = await run([...TARGET, "--", "sh", "-c", "kill -TERM $$"], env);
    assert.equal(t.code, 128 + 15);
  });

  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    // No timer races the exit: a switchrole that does not forward leaves the child looping,
    // and the test's timeout fails it; the looping child is killed after the test either way.
    test(`${signal} to switchrole is forwarded to the child`, { timeout: 30_000 }, async (t) => {
      const name = signal.slice(3);
      const script = `trap 'echo got-${name}; exit 42' ${name}; echo ready; while :; do sleep 0.02; done`;
      const child = spawn(SWITCHROLE, [...TARGET, "--", "sh", "-c", script], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      // Never leave the looping child behind, even when forwarding failed or timed out.
      t.after(() => {
        try {
          process.kill(-(child.pid as number), "SIGKILL");
        } catch {
          // already gone
        }
      });
      let out = "";
      let err = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
      const done = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      await new Promise<void>((resolve) =>
        child.stdout.setEncoding("utf8").on("data", (d: string) => {
          out += d;
          if (out.includes("ready\n")) resolve();
        }),
      );
      child.kill(signal); // switchrole only, not its process group
      assert.equal(await done, 42, err);
      assert.equal(out, `ready\ngot-${name}\n`);
    });
  }

  test("a command that does not exist: 127 and a clear line", async () => {
    const r = await run([...TARGET, "--", "no-such-command-xyz", "arg"], env);
    assert.deepEqual(r, { code: 127, signal: null, stdout: "", stderr: "switchrole: exec: command not found: no-such-command-xyz\n" });
  });

  test("no command after --: a usage error", async () => {
    const r = await run([...TARGET], env);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "switchrole: exec: no command given after --\n  hint: for example: switchrole exec dev -- aws sts get-caller-identity\n");
  });

  test("when the credentials cannot be had, the command never runs", async () => {
    const r = await run(["exec", "private_aws", "deny_role", "--no-cache", "--", "sh", "-c", "echo ran"], env);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^switchrole: arn:aws:iam::123456789012:role\/deny_role refused profile nomfa: /);
  });
});

test("every exec above reused the cached role credentials (one AssumeRole in all)", async () => {
  const assumes = (await emu.calls()).map(brief).filter((c) => c.startsWith("AssumeRole"));
  assert.deepEqual(assumes, ["AssumeRole 200", "AssumeRole 403 AccessDenied"]);
});
