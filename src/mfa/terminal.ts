// Questions asked on the controlling terminal (/dev/tty), never on stdout, so they work
// under eval "$(...)", command substitution and direnv. Each question opens fresh tty
// streams and closes them after, so nothing keeps the process alive.
import { openSync, closeSync } from "node:fs";
import { UserError, EXIT_INTERRUPTED } from "../errors";

export type Ask = (question: string) => Promise<string>;

/** The brand isNoTerminalError checks: one symbol for every bundle's copy of the class (see UserError). */
const NO_TERMINAL_ERROR: unique symbol = Symbol.for("switchrole.NoTerminalError");

export class NoTerminalError extends Error {
  readonly [NO_TERMINAL_ERROR] = true;
  constructor(message = "no controlling terminal") {
    super(message);
    this.name = "NoTerminalError";
  }
}

/** True for a NoTerminalError from any bundle (each command has its own copy of the class, scripts/build.mjs). */
export function isNoTerminalError(err: unknown): err is NoTerminalError {
  return typeof err === "object" && err !== null && (err as { [NO_TERMINAL_ERROR]?: unknown })[NO_TERMINAL_ERROR] === true;
}

/** Opens /dev/tty for reading and for writing; NoTerminalError when there is none. */
export function openTty(): { readFd: number; writeFd: number } {
  let readFd: number;
  try {
    readFd = openSync("/dev/tty", "r");
  } catch {
    throw new NoTerminalError();
  }
  try {
    return { readFd, writeFd: openSync("/dev/tty", "w") };
  } catch {
    closeSync(readFd);
    throw new NoTerminalError();
  }
}

/** True when a controlling terminal can be opened (the descriptors are closed again). */
export function hasTerminal(): boolean {
  try {
    const { readFd, writeFd } = openTty();
    closeSync(readFd);
    closeSync(writeFd);
    return true;
  } catch {
    return false;
  }
}

export interface AskOptions {
  /**
   * Unix ms at which something else (direnv's "is taking a while" warning) will write to
   * the terminal: the prompt and what was typed so far are then drawn again below it.
   */
  redrawAt?: number;
  now?: () => number;
}

/** Asks one question on /dev/tty; throws NoTerminalError when there is no controlling terminal. */
export function askOnTerminal(question: string, opts: AskOptions = {}): Promise<string> {
  const { readFd, writeFd } = openTty();
  // Loaded here, not at start-up: a cache hit asks nothing.
  const { ReadStream, WriteStream } = require("node:tty") as typeof import("node:tty");
  const { createInterface } = require("node:readline") as typeof import("node:readline");
  // Each stream owns (and closes) its own descriptor.
  const input = new ReadStream(readFd);
  const output = new WriteStream(writeFd);
  const wait = opts.redrawAt === undefined ? -1 : opts.redrawAt - (opts.now ?? Date.now)();
  // Without a redraw, not a readline "terminal": the tty stays in cooked mode, so it echoes
  // and edits the line itself, writes no cursor escapes, and Ctrl-C interrupts as anywhere
  // else. A redraw needs readline to hold the line, so it must be a "terminal" then.
  const rl = createInterface({ input, output, terminal: wait > 0, historySize: 0 });
  const timer = wait > 0 ? setTimeout(() => rl.prompt(true), wait) : undefined;
  return new Promise<string>((resolve, reject) => {
    rl.on("SIGINT", () => {
      output.write("\n");
      reject(new UserError("interrupted", undefined, EXIT_INTERRUPTED));
    });
    rl.on("close", () => reject(new UserError("the terminal closed before an answer was given", undefined, EXIT_INTERRUPTED)));
    rl.question(question, (answer) => resolve(answer.trim()));
  }).finally(() => {
    if (timer) clearTimeout(timer);
    rl.removeAllListeners("close");
    rl.close();
    input.destroy();
    output.destroy();
  });
}

/** Asks the user to pick one of several items by number; the only item is picked without asking. */
export async function pick(ask: Ask, title: string, items: string[]): Promise<string> {
  if (items.length === 1) return items[0] as string;
  const menu = items.map((item, i) => `  ${i + 1}) ${item}`).join("\n");
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await ask(`${title}\n${menu}\nChoose [1-${items.length}]: `);
    const n = Number(answer);
    if (Number.isInteger(n) && n >= 1 && n <= items.length) return items[n - 1] as string;
  }
  throw new UserError(`no valid choice for ${title.replace(/:$/, "")}`, `answer with a number from 1 to ${items.length}`);
}

/**
 * Asks for a secret on /dev/tty without echoing it (the terminal's echo is turned off while
 * it is typed); NoTerminalError when there is no controlling terminal.
 */
export function askSecretOnTerminal(question: string): Promise<string> {
  const { readFd, writeFd } = openTty();
  const { ReadStream, WriteStream } = require("node:tty") as typeof import("node:tty");
  const input = new ReadStream(readFd);
  const output = new WriteStream(writeFd);
  output.write(question);
  input.setRawMode(true);
  let typed = "";
  return new Promise<string>((resolve, reject) => {
    input.on("data", (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return resolve(typed.trim());
        if (ch === "\u0003") return reject(new UserError("interrupted", undefined, EXIT_INTERRUPTED));
        if (ch === "\u0004" && typed === "") return reject(new UserError("the terminal closed before an answer was given", undefined, EXIT_INTERRUPTED));
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else if (ch >= " ") typed += ch;
      }
    });
    input.on("end", () => reject(new UserError("the terminal closed before an answer was given", undefined, EXIT_INTERRUPTED)));
  }).finally(() => {
    input.setRawMode(false);
    output.write("\n");
    input.destroy();
    output.destroy();
  });
}
