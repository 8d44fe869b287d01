// Starts the built emulator (dist/emulator.js, so `npm run build` must have run) on a free
// loopback port and wraps its admin API for tests.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { AccessKeyAnswer, AccessKeyStatus, ConsistencyAnswer, EmulatorCall, FaultSpec, MfaCodeAnswer, RevokeAnswer, RevokeSessionsAnswer, RevokeSessionsSpec, RevokeSpec } from "../../emulator/types";
import type { World } from "../../emulator/world";
import { BASTION, writeWorld } from "./world";
import { tempDir } from "./tmp";

export type { AccessKeyAnswer, AccessKeyStatus, ConsistencyAnswer, EmulatorCall, FaultSpec, MfaCodeAnswer, RevokeAnswer, RevokeSessionsAnswer, RevokeSessionsSpec, RevokeSpec } from "../../emulator/types";

export const EMULATOR_JS = resolve(__dirname, "../../dist/emulator.js");

export interface Emulator {
  url: string;
  env: Record<string, string>;
  calls(): Promise<EmulatorCall[]>;
  /** The emulator's clock (ms): the real time plus what advance() added. */
  now(): Promise<number>;
  advance(seconds: number): Promise<void>;
  mfaCode(serial?: string): Promise<string>;
  freshMfaCode(serial?: string): Promise<string>;
  faults(spec: FaultSpec): Promise<void>;
  /** Revokes issued sessions (one, or all made from a source key or user); resolves to how many. */
  revoke(spec: RevokeSpec): Promise<number>;
  /** As iam:UpdateAccessKey on a world key: "Inactive" keys are refused (InvalidClientTokenId), "Active" ones work again. */
  updateAccessKey(accessKeyId: string, status: AccessKeyStatus): Promise<AccessKeyAnswer>;
  /** updateAccessKey(id, "Inactive"). */
  deactivateAccessKey(accessKeyId: string): Promise<AccessKeyAnswer>;
  /** As iam:DeleteAccessKey on a world key (until reset). Sessions made from it live on, as in AWS. */
  deleteAccessKey(accessKeyId: string): Promise<AccessKeyAnswer>;
  /** POST /__emulator/consistency: keys CreateAccessKey makes are refused for this long (emulator clock). */
  consistency(newKeyDelayMs: number): Promise<ConsistencyAnswer>;
  /** As IAM's "Revoke active sessions": a Deny on aws:TokenIssueTime before now, on a role or a user. */
  revokeSessions(spec: RevokeSessionsSpec): Promise<RevokeSessionsAnswer>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function admin(url: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/__emulator/${path}`, body === undefined ? {} : {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator admin ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * world: a World (written to a temp file) or the path of a world file. Default: seedWorld().
 * program: the emulator to run (default: this node with dist/emulator.js), e.g. an installed bin/switchrole-emulator.
 */
export async function startEmulator(world?: World | string, program?: string): Promise<Emulator> {
  const file = typeof world === "string" ? world : writeWorld(tempDir("emu-world-"), world);
  const [command, ...args] = program === undefined ? [process.execPath, EMULATOR_JS] : [program];
  const child = spawn(command!, [...args, "--world", file, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const killOnExit = (): void => void child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = await new Promise<string>((ok, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m) ok(m[1]!);
      else fail(new Error(`emulator said: ${line}`));
    });
    child.once("exit", (code) => fail(new Error(`emulator exited ${code}: ${stderr.trim()}`)));
  });
  const mfa = (serial: string = BASTION.mfaSerial): Promise<MfaCodeAnswer> =>
    admin(url, `mfa-code?serial=${encodeURIComponent(serial)}`) as Promise<MfaCodeAnswer>;
  const emu: Emulator = {
    url,
    env: {
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_IAM: url,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    calls: () => admin(url, "calls") as Promise<EmulatorCall[]>,
    now: async () => Date.parse(((await admin(url, "clock")) as { now: string }).now),
    advance: async (seconds) => void (await admin(url, "clock", { advanceSeconds: seconds })),
    mfaCode: async (serial) => (await mfa(serial)).code,
    freshMfaCode: async (serial) => {
      const now = await mfa(serial);
      if (!now.used) return now.code;
      await emu.advance(30);
      return (await mfa(serial)).code;
    },
    faults: async (spec) => void (await admin(url, "faults", spec)),
    revoke: async (spec) => ((await admin(url, "revoke", spec)) as RevokeAnswer).revoked,
    updateAccessKey: async (accessKeyId, status) => (await admin(url, "access-keys/update", { accessKeyId, status })) as AccessKeyAnswer,
    deactivateAccessKey: (accessKeyId) => emu.updateAccessKey(accessKeyId, "Inactive"),
    deleteAccessKey: async (accessKeyId) => (await admin(url, "access-keys/delete", { accessKeyId })) as AccessKeyAnswer,
    consistency: async (newKeyDelayMs) => (await admin(url, "consistency", { newKeyDelayMs })) as ConsistencyAnswer,
    revokeSessions: async (spec) => (await admin(url, "revoke-sessions", spec)) as RevokeSessionsAnswer,
    reset: async () => void (await admin(url, "reset", {})),
    stop: async () => {
      process.removeListener("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
  return emu;
}

/**
 * Asserts that an Expiration (whole seconds, as STS writes it) is `seconds` after the
 * moment the emulator issued it, with no tolerance that a slow machine could outrun: that
 * moment is after `call.time` (logged when the request arrived) and before `after` (the
 * emulator's clock, read once the answer was in).
 */
export function assertExpiresAfter(expiration: number, seconds: number, call: EmulatorCall, after: number, what = "Expiration"): void {
  const from = Date.parse(call.time) + seconds * 1000 - 1000;
  const to = after + seconds * 1000;
  if (!(expiration > from && expiration <= to)) {
    throw new Error(`${what} ${new Date(expiration).toISOString()} is not ${seconds} s after ${call.action} (issued between ${call.time} and ${new Date(after).toISOString()})`);
  }
}
