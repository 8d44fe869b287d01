// What every command is given: the environment, the streams, the clock and the terminal.
// Passed in (never reached for globally) so tests can drive commands in-process.
import type { Io } from "./io";
import type { Ask } from "./mfa/terminal";

export interface Context {
  env: NodeJS.ProcessEnv;
  io: Io;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Asks a question on the controlling terminal. */
  ask: Ask;
}

export type Command = (argv: string[], ctx: Context) => Promise<number>;
