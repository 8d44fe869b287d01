// Throttling: the SDK retries with backoff (slow by design, so this file stands alone and
// its two cases run side by side, each with its own emulator).
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { brief, cliHome, cliWorld } from "./fixture";

const emulators: Emulator[] = [];
after(async () => {
  await Promise.all(emulators.map((e) => e.stop()));
});

async function throttled(count: number) {
  const emu = await startEmulator(cliWorld());
  emulators.push(emu);
  const { env } = cliHome(emu, { env: { AWS_PROFILE_ASSUME_ROLE: "nomfa" } });
  await emu.faults({ action: "AssumeRole", count, status: 400, code: "Throttling", message: "Rate exceeded" });
  const r = await run(["env", "private_aws", "no_mfa_role", "--shell", "bash", "--no-cache"], env);
  return { r, calls: (await emu.calls()).map(brief) };
}

const DISCOVERY = ["GetUser 200", "ListMFADevices 200"];

describe("throttling", { concurrency: true }, () => {
  test("for 2 calls: retried by the SDK, then success", async () => {
    const { r, calls } = await throttled(2);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^export AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]{16}'$/m);
    assert.equal(r.stderr, "");
    assert.deepEqual(calls, [...DISCOVERY, "AssumeRole 400 Throttling", "AssumeRole 400 Throttling", "AssumeRole 200"]);
  });

  test("outlasting the retries: one line, nothing on stdout", async () => {
    const { r, calls } = await throttled(10);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "switchrole: STS is throttling AssumeRole calls (still refused after retries)\n  hint: wait a moment and try again\n");
    assert.deepEqual(calls, [...DISCOVERY, ...Array<string>(4).fill("AssumeRole 400 Throttling")]);
  });
});
