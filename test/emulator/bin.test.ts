// The switchrole-emulator command itself: the listening line, clean stops, and one-line
// complaints (exit 2) naming the file and the field for a malformed world file.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { describe, test } from "node:test";
import { EMULATOR_JS } from "../helpers/emulator";
import { seedWorld, writeWorld } from "../helpers/world";
import { tempDir } from "../helpers/tmp";

const BIN = resolve(__dirname, "../../bin/switchrole-emulator");

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [EMULATOR_JS, ...args], { encoding: "utf8", timeout: 10_000 });
}

function worldFile(content: unknown): string {
  const path = join(tempDir("emu-bad-"), "world.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("switchrole-emulator command", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    test(`prints the listening line first and exits 0 on ${signal}`, async () => {
      const child = spawn(BIN, ["--world", writeWorld(tempDir("emu-")), "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
      const line = await new Promise<string>((ok) => createInterface({ input: child.stdout }).once("line", ok));
      assert.match(line, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${line.slice("listening on ".length)}/__emulator/calls`);
      assert.deepEqual(await res.json(), []);
      const exit = new Promise<number | null>((ok) => child.once("exit", (code) => ok(code)));
      child.kill(signal);
      assert.equal(await exit, 0);
    });
  }

  const bad: [string, unknown, RegExp][] = [
    ["not JSON", "{ users: ", /not valid JSON/],
    ["no users", { roles: [] }, /: users: must be an array$/],
    ["a bad user ARN", { users: [{ arn: "bastion", accessKeys: [] }], roles: [] }, /: users\[0\]\.arn: must be an IAM user ARN/],
    ["a short access key id", (() => { const w = seedWorld(); w.users[0]!.accessKeys[0]!.id = "AKIA123"; return w; })(), /: users\[0\]\.accessKeys\[0\]\.id: must be AKIA/],
    ["a non-base32 TOTP secret", (() => { const w = seedWorld(); w.users[0]!.mfaDevices![0]!.totpSecret = "not base32!"; return w; })(), /: users\[0\]\.mfaDevices\[0\]\.totpSecret: must be a base32 string$/],
    ["maxSessionDuration out of range", (() => { const w = seedWorld(); w.roles[1]!.maxSessionDuration = 60; return w; })(), /: roles\[1\]\.maxSessionDuration: must be an integer from 3600 to 43200 seconds$/],
    ["a bad Effect", (() => { const w = seedWorld(); (w.roles[0]!.trustPolicy.Statement as { Effect: string }[])[0]!.Effect = "allow"; return w; })(), /: roles\[0\]\.trustPolicy\.Statement\[0\]\.Effect: must be "Allow" or "Deny"$/],
  ];
  for (const [name, content, message] of bad) {
    test(`a world file with ${name} is one line on stderr, exit 2`, () => {
      const path = worldFile(content);
      const r = run(["--world", path, "--port", "0"]);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, "");
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0]!.startsWith(`switchrole-emulator: ${path}: `), lines[0]);
      assert.match(lines[0]!, message);
    });
  }

  test("a missing world file and a missing --world are usage errors", () => {
    const missing = run(["--world", "/nonexistent/world.json"]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, "switchrole-emulator: /nonexistent/world.json: cannot read: ENOENT\n");
    const none = run([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--world <file\.json> is required/);
    assert.equal(run(["--bogus"]).status, 2);
  });
});
