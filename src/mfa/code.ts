// Where MFA codes come from: --mfa-code (a code, or `-` for a line of stdin),
// $SWITCHROLE_MFA_CODE, the profile's mfa_process, else the terminal. A code given as an
// argument is visible to every user of the machine (ps, /proc/<pid>/cmdline); stdin and
// the environment are not, so the help and the README point there.
import { UserError, usageError } from "../errors";
import { DEFAULT_PROCESS_TIMEOUT_SECONDS, runCommand } from "../run-command";
import { hasTerminal, isNoTerminalError, type Ask } from "./terminal";

export const MFA_PROMPT = "MFA Token: ";

/** switchrole's own prompt: which device, and what for (`MFA code (mfa/bastion) for private_aws/admin: `). */
export function mfaPrompt(what: string): (serial: string) => string {
  return (serial) => `MFA code (${serial.replace(/^arn:[^:]*:iam::\d*:/, "")}) for ${what}: `;
}
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
  /** The terminal prompt for a device's code; default the seed's `MFA Token: ` (kept for the assume-role drop-in). */
  prompt?: (serial: string) => string;
  /** Inside an .envrc (DIRENV_IN_ENVRC=1): running again is `direnv reload`. */
  underDirenv?: boolean;
  /** --mfa-code: the code, or "-" to read it from stdin. */
  flagCode?: string;
  /** $SWITCHROLE_MFA_CODE. */
  envCode?: string;
  mfaProcess?: string;
  /** Where mfa_process was set, for messages (the command itself may hold a TOTP secret). */
  mfaProcessFrom?: string;
  /** How long mfa_process may run ($SWITCHROLE_PROCESS_TIMEOUT). */
  processTimeoutSeconds?: number;
  /** Reads the first line of stdin (for `--mfa-code -`); default: this process's fd 0. */
  readStdin?: () => Promise<string>;
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
  const again = opts.underDirenv ? "run `direnv reload` with the code your device shows now" : "run again with the code your device shows now";
  if (opts.flagCode === "-") {
    const what = "the MFA code read from stdin (--mfa-code -)";
    const read = opts.readStdin ?? readStdinLine;
    return async (_serial, attempt, reason) => {
      tell(reason);
      if (attempt > 0) throw new UserError(`${what} was refused`, again);
      const code = (await read()).trim();
      if (code === "") throw usageError("--mfa-code - read no MFA code from stdin", "pipe in the 6 digits your MFA device shows, e.g. from a password manager's command");
      if (!SIX_DIGITS.test(code)) throw usageError(`${what} is not the 6 digits your MFA device shows`);
      return code;
    };
  }
  if (opts.flagCode !== undefined) {
    const code = opts.flagCode.trim();
    if (!SIX_DIGITS.test(code)) throw usageError("--mfa-code must be the 6 digits your MFA device shows", "better, pipe it to --mfa-code -: other users can read a command's arguments");
    return async (_serial, attempt, reason) => {
      tell(reason);
      if (attempt > 0) throw new UserError("the MFA code given with --mfa-code was refused", again);
      return code;
    };
  }
  if (opts.envCode !== undefined) {
    const code = opts.envCode.trim();
    if (!SIX_DIGITS.test(code)) throw usageError("SWITCHROLE_MFA_CODE is not the 6 digits your MFA device shows", "set it to the code your device shows now, or unset it");
    return async (_serial, attempt, reason) => {
      tell(reason);
      if (attempt > 0) throw new UserError("the MFA code in SWITCHROLE_MFA_CODE was refused", "set it to the code your device shows now and run again");
      return code;
    };
  }
  if (opts.mfaProcess) {
    const command = opts.mfaProcess;
    const from = opts.mfaProcessFrom ?? "mfa_process";
    const timeoutSeconds = opts.processTimeoutSeconds ?? DEFAULT_PROCESS_TIMEOUT_SECONDS;
    return async (_serial, attempt, reason) => {
      tell(reason);
      if (attempt > 0) throw new UserError(`the MFA code printed by ${from} was refused`, "check that it prints the code of this device, and that the clock is right");
      return runMfaProcess(command, from, timeoutSeconds);
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
        answer = await opts.ask(opts.prompt ? opts.prompt(serial) : MFA_PROMPT);
      } catch (err) {
        if (isNoTerminalError(err)) {
          throw new UserError(
            `an MFA code is needed for ${serial}, but there is no terminal to ask on`,
            `pipe the code to --mfa-code - (or set SWITCHROLE_MFA_CODE), set mfa_process in the profile, or run \`${opts.loginHint ?? "switchrole login"}\` in a terminal first`,
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

/** The code mfa_process prints. Messages name where it is set, never the command or its output. */
async function runMfaProcess(command: string, from: string, timeoutSeconds: number): Promise<string> {
  const r = await runCommand(command, { timeoutSeconds });
  if (!r.ok) {
    throw new UserError(
      `${from} ${r.timedOut ? r.why : `failed: it ${r.why}`}`,
      r.timedOut ? "run it by hand to see why, or allow it more time with SWITCHROLE_PROCESS_TIMEOUT (e.g. 5m)" : "run it by hand to see why",
    );
  }
  const code = r.stdout.trim();
  if (!SIX_DIGITS.test(code)) throw new UserError(`${from} did not print a 6-digit code`, "run it by hand to see what it prints: the code alone, on one line");
  return code;
}

/** The first line of stdin (at most 64 bytes), read a byte at a time so that nothing after it is consumed. */
function readStdinLine(): Promise<string> {
  const { read } = require("node:fs") as typeof import("node:fs");
  const byte = Buffer.alloc(1);
  let line = "";
  return new Promise((resolve, reject) => {
    const next = (): void =>
      read(0, byte, 0, 1, null, (err, n) => {
        if (err) {
          // A non-blocking stdin (set so by whoever opened it) has nothing yet: wait for it.
          if (err.code === "EAGAIN") return void setTimeout(next, 20);
          return reject(usageError(`--mfa-code - could not read stdin (${err.code ?? "error"})`, "pipe the code in, or give it in SWITCHROLE_MFA_CODE"));
        }
        const c = byte.toString("latin1");
        if (n === 0 || c === "\n" || line.length >= 64) return resolve(line);
        line += c;
        next();
      });
    next();
  });
}
