// In-process runs of main() with a fake clock kept in step with the emulator's, a
// counted terminal, and captured streams; plus a world with more MFA-protected roles.
import { main } from "../../src/main";
import { NoTerminalError, type Ask } from "../../src/mfa/terminal";
import type { Emulator } from "../helpers/emulator";
import { BASTION, roleArn, seedWorld, type World } from "../helpers/world";

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A clock that starts at the real time and moves with the emulator's (emu.advance). */
export class Clock {
  offsetMs = 0;
  constructor(private readonly emu?: Emulator) {}
  now = (): number => Date.now() + this.offsetMs;
  async advance(seconds: number): Promise<void> {
    if (this.emu) await this.emu.advance(seconds);
    await this.sync(seconds);
  }
  /** Reads the emulator's offset (freshMfaCode may move it); without an emulator adds `seconds`. */
  async sync(seconds = 0): Promise<void> {
    if (!this.emu) {
      this.offsetMs += seconds * 1000;
      return;
    }
    const res = (await (await fetch(`${this.emu.url}/__emulator/clock`)).json()) as { offsetSeconds: number };
    this.offsetMs = res.offsetSeconds * 1000;
  }
}

/** The terminal: answers with the emulator's current code and counts the prompts. */
export function countedTerminal(emu: Emulator, clock: Clock): Ask & { prompts: string[] } {
  const prompts: string[] = [];
  const ask = async (question: string): Promise<string> => {
    prompts.push(question);
    const code = await emu.freshMfaCode();
    await clock.sync();
    return code;
  };
  return Object.assign(ask, { prompts });
}

export const noTerminal: Ask = async () => {
  throw new NoTerminalError("no controlling terminal");
};

/** Runs switchrole in this process. */
export async function runMain(argv: string[], env: NodeJS.ProcessEnv, deps: { now?: () => number; ask?: Ask } = {}): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t), stdoutIsTTY: false };
  const code = await main(argv, env, { io, now: deps.now ?? Date.now, ask: deps.ask ?? noTerminal });
  return { code, stdout, stderr };
}

/** seedWorld() plus `team_role_1..n`: trust the bastion user, only with MFA, 1 h maximum. */
export function teamWorld(n = 5): World {
  const world = seedWorld();
  for (let i = 1; i <= n; i++) {
    world.roles.push({
      arn: roleArn(`team_role_${i}`),
      maxSessionDuration: 3600,
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { AWS: BASTION.userArn }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } },
        ],
      },
    });
  }
  return world;
}

/** The variables `switchrole env --shell json` printed, applied to a terminal's environment (as eval would). */
export function applyExports(env: NodeJS.ProcessEnv, json: string): void {
  for (const [k, v] of Object.entries(JSON.parse(json) as Record<string, string | null>)) {
    if (v === null) delete env[k];
    else env[k] = v;
  }
}
