// The scripted working day, shared by its test and bench/session.ts: 5 roles, 3 terminals,
// 20 directory entries (each a `switchrole env`, evaluated into that terminal) over 8 hours
// of emulator and tool time, in-process with one clock moving both.
import { startEmulator, type EmulatorCall } from "../helpers/emulator";
import { seedHome } from "../helpers/home";
import { applyExports, Clock, countedTerminal, runMain, teamWorld } from "./helpers";
import { tempDir } from "../helpers/tmp";

export const ROLES = 5;
export const TERMINALS = 3;
export const ENTRIES = 20;
export const DAY_MINUTES = 8 * 60;

export interface DayResult {
  prompts: number;
  stsCalls: number;
  getSessionTokens: number;
  assumeRoles: number;
  iamCalls: number;
  failures: string[];
  calls: EmulatorCall[];
}

/**
 * One entry: minute of the day, terminal, role. Entries are spread evenly (about 25
 * minutes apart); terminals rotate; each role is worked on for 4 entries in a row.
 */
export function schedule(): Array<{ minute: number; terminal: number; role: number }> {
  return Array.from({ length: ENTRIES }, (_, i) => ({
    minute: Math.round((i * DAY_MINUTES) / (ENTRIES - 1)),
    terminal: i % TERMINALS,
    role: (Math.floor(i / 4) % ROLES) + 1,
  }));
}

/** AssumeRole calls a 1-hour role cache with a 5-minute minimum makes for the schedule. */
export function expectedAssumeRoles(): number {
  const expires = new Map<number, number>();
  let calls = 0;
  for (const e of schedule()) {
    if ((expires.get(e.role) ?? -Infinity) - e.minute >= 5) continue;
    expires.set(e.role, e.minute + 60);
    calls++;
  }
  return calls;
}

/**
 * cachePerShell: each terminal gets its own cache directory, so an MFA session lives only
 * as long as its shell, which is how the seed's tool kept it (in the shell's variables).
 */
export async function workingDay(opts: { cachePerShell?: boolean } = {}): Promise<DayResult> {
  const emu = await startEmulator(teamWorld(ROLES));
  try {
    const clock = new Clock(emu);
    const ask = countedTerminal(emu, clock);
    const { env } = seedHome(emu);
    const terminals = Array.from({ length: TERMINALS }, () => ({
      ...env,
      ...(opts.cachePerShell ? { XDG_CACHE_HOME: tempDir("switchrole-shell-cache-") } : {}),
    }));
    const failures: string[] = [];
    let minuteNow = 0;
    for (const entry of schedule()) {
      if (entry.minute > minuteNow) await clock.advance((entry.minute - minuteNow) * 60);
      minuteNow = entry.minute;
      const term = terminals[entry.terminal]!;
      const r = await runMain(["env", "private_aws", `team_role_${entry.role}`, "--shell", "json"], term, { now: clock.now, ask });
      if (r.code !== 0) failures.push(`minute ${entry.minute}: exit ${r.code}: ${r.stderr.trim()}`);
      else applyExports(term, r.stdout);
    }
    const calls = await emu.calls();
    const ok = calls.filter((c) => c.status === 200);
    return {
      prompts: ask.prompts.length,
      stsCalls: ok.filter((c) => c.service === "sts").length,
      getSessionTokens: ok.filter((c) => c.action === "GetSessionToken").length,
      assumeRoles: ok.filter((c) => c.action === "AssumeRole").length,
      iamCalls: ok.filter((c) => c.service === "iam").length,
      failures,
      calls,
    };
  } finally {
    await emu.stop();
  }
}
