// Shared by the endpoint tests: a clock that moves with the emulator's, an in-process
// switchrole (main) with that clock and a counted MFA prompt, and a control server a
// child process calls to move both clocks between its steps.
import { createServer, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { main } from "../../src/main";
import type { Emulator } from "../helpers/emulator";
import { tempDir } from "../helpers/tmp";

export const CLOCK_PRELOAD = join(__dirname, "fixtures", "clock-preload.cjs");
export const CONSUMER = join(__dirname, "fixtures", "consumer.ts");

export interface TestClock {
  now: () => number;
  offsetMs(): number;
  /** Moves the emulator's clock and ours (and the clock file's) forward. */
  advance(seconds: number): Promise<void>;
  /** For child switchrole processes: NODE_OPTIONS + SWITCHROLE_TEST_CLOCK_FILE. */
  childEnv: Record<string, string>;
}

export function testClock(emu: Emulator): TestClock {
  let offset = 0;
  const file = join(tempDir("sr-clock-"), "offset");
  writeFileSync(file, "0");
  return {
    now: () => Date.now() + offset,
    offsetMs: () => offset,
    advance: async (seconds) => {
      await emu.advance(seconds);
      offset += seconds * 1000;
      writeFileSync(file, String(offset));
    },
    childEnv: { NODE_OPTIONS: `--require ${CLOCK_PRELOAD}`, SWITCHROLE_TEST_CLOCK_FILE: file },
  };
}

export interface InProcess {
  code: number;
  out: string;
  err: string;
}

/** Runs switchrole in this process with the test clock; MFA prompts are answered with fresh codes and counted. */
export async function switchrole(argv: string[], env: NodeJS.ProcessEnv, clock: TestClock, emu: Emulator, prompts: { count: number }): Promise<InProcess> {
  let out = "";
  let err = "";
  const code = await main(argv, env, {
    now: clock.now,
    io: { out: (t) => void (out += t), err: (t) => void (err += t), stdoutIsTTY: false },
    ask: async () => {
      prompts.count++;
      return emu.freshMfaCode();
    },
  });
  return { code, out, err };
}

/** Uses the seeded environment's emulator endpoints for the SDK loaded in this process. */
export function adoptEnv(env: NodeJS.ProcessEnv): void {
  for (const k of ["HOME", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_IAM", "AWS_EC2_METADATA_DISABLED"]) {
    if (env[k] !== undefined) process.env[k] = env[k];
  }
}

/** A server the child calls between steps: GET /advance?s=N moves both clocks, answers the new offset in seconds. */
export async function controlServer(clock: TestClock): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const s = Number(new URL(req.url ?? "/", "http://x").searchParams.get("s") ?? 0);
    clock.advance(s).then(
      () => res.end(String(clock.offsetMs() / 1000)),
      (e: Error) => {
        res.statusCode = 500;
        res.end(e.message);
      },
    );
  });
  // The consumer's fetch keeps its connection alive between steps; with Node's default
  // 5 s keep-alive timeout, a step that takes ~5 s (the AWS CLI on a loaded machine) races
  // the server closing that idle connection, and the next fetch fails with "fetch failed".
  server.keepAliveTimeout = 600_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
