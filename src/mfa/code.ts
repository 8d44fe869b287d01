// Where MFA codes come from: --mfa-code, the profile's mfa_process, else the terminal.
import { UserError, usageError } from "../errors";
import { hasTerminal, isNoTerminalError, type Ask } from "./terminal";

export const MFA_PROMPT = "MFA Token: ";
export const MAX_MFA_ATTEMPTS = 3;

/**
 * Returns a code for the device; `attempt` counts from 0. Throws when no (further) code
 * can be had. `reason`: why a new code is needed when the user would not expect it (a
 * cached MFA session was refused); said once before the code is got, or named in the
 * error when none can be. `asksAgain`: a refused code is followed by a new question (the
 * terminal), not by an error (--mfa-code, mfa_process).
 */
export type MfaCodeSource = ((serial: string, attempt: number, reason?: string) => Promise<string>) & { asksAgain?: boolean };

export interface MfaSourceOptions {
  flagCode?: string;
  mfaProcess?: string;
  ask: Ask;
  /** Shown in the no-terminal message, e.g. "switchrole login". */
  loginHint?: string;
  /** Lines for the user (stderr); default: process.stderr. */
  say?: (line: string) => void;
  /** Whether a question can be asked now (default: a controlling terminal exists). */
  canAsk?: () => boolean;
}

/** The error when a new code is needed (`reason`) and none can be asked for. */
export function codeNeeded(reason: string): UserError {
  return new UserError(`${reason}; a new MFA code is needed, but there is no terminal to ask on`, "run `switchrole login` in a terminal, then retry");
}

const SIX_DIGITS = /^\d{6}$/;

export function mfaCodeSource(opts: MfaSourceOptions): MfaCodeSource {
  const say = opts.say ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const tell = (reason: string | undefined) => reason && say(`switchrole: ${reason}; a new MFA code is used`);
  if (opts.flagCode !== undefined) {
    const code = opts.flagCode.trim();
    if (!SIX_DIGITS.test(code)) throw usageError("--mfa-code must be the 6 digits your MFA device shows");
    return async (_serial, attempt, reason) => {
      tell(reason);
      if (attempt > 0) throw new UserError("the MFA code given with --mfa-code was refused", "run again with the code your device shows now");
      return code;
    };
  }
  if (opts.mfaProcess) {
    const command = opts.mfaProcess;
    return async (_serial, attempt, reason) => {
      tell(reason);
      if (attempt > 0) throw new UserError("the MFA code printed by mfa_process was refused", `check the command: ${command}`);
      return runMfaProcess(command);
    };
  }
  const canAsk = opts.canAsk ?? hasTerminal;
  const fromTerminal: MfaCodeSource = async (serial, attempt, reason) => {
    if (reason) {
      if (!canAsk()) throw codeNeeded(reason);
      say(`switchrole: ${reason}; a new code is needed`);
    }
    if (attempt >= MAX_MFA_ATTEMPTS) throw new UserError(`MFA failed ${MAX_MFA_ATTEMPTS} times for ${serial}`, "check the device's clock and that the code is for this device");
    for (;;) {
      let answer: string;
      try {
        answer = await opts.ask(MFA_PROMPT);
      } catch (err) {
        if (isNoTerminalError(err)) {
          throw new UserError(
            `an MFA code is needed for ${serial}, but there is no terminal to ask on`,
            `pass --mfa-code <code>, set mfa_process in the profile, or run \`${opts.loginHint ?? "switchrole login"}\` in a terminal first`,
          );
        }
        throw err;
      }
      if (SIX_DIGITS.test(answer)) return answer;
      process.stderr.write("The MFA code is the 6 digits your device shows.\n");
      if (++attempt >= MAX_MFA_ATTEMPTS) throw new UserError(`no valid MFA code after ${MAX_MFA_ATTEMPTS} attempts`);
    }
  };
  fromTerminal.asksAgain = true;
  return fromTerminal;
}

function runMfaProcess(command: string): Promise<string> {
  // Loaded here, not at start-up: a cache hit never runs a process.
  const { execFile } = require("node:child_process") as typeof import("node:child_process");
  return new Promise((resolve, reject) => {
    execFile("/bin/sh", ["-c", command], { timeout: 60_000, encoding: "utf8" }, (err, stdout) => {
      if (err) return reject(new UserError(`mfa_process failed: ${command}`, "run it by hand to see why"));
      const code = stdout.trim();
      if (!SIX_DIGITS.test(code)) return reject(new UserError(`mfa_process did not print a 6-digit code: ${command}`));
      resolve(code);
    });
  });
}
